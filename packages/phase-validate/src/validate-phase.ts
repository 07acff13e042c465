import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PQueue from 'p-queue';
import {
  deployError,
  isDeployError,
  type Phase,
  type PhaseContext,
  type PhaseOutput,
  type WorkflowSpec,
} from '@exec-automator/core';
import { requiredSecretsForModels } from '@exec-automator/core/models';
import {
  type FileAnalysis,
  type GraphInspection,
  inspectionKey,
  type PythonInfo,
  type RunnerWorker,
  type Venv,
  workflowDependencyFiles,
  workflowProcessEnv,
  workflowRequestEnv,
} from '@exec-automator/core/python';
import { type AgentConfig, readProjectEnv, readSourceProject, type SourceProject } from '@exec-automator/core/source';
import { agentConfigChecks, agentConfigGraphChecks } from './agent-config-checks.js';
import { CheckTally, DeferredTally, formatIssue } from './check-tally.js';
import { declarationFile, dependencyChecks, type DependencyCheckResult } from './dependency-checks.js';
import { analyseWorkflows, checkCache, graphIdentity, noteReuse } from './check-cache.js';
import { dynamicChecks, structureFindings } from './dynamic-checks.js';
import { environmentChecks, projectEnvFindings } from './environment-checks.js';
import { langgraphConfigChecks } from './langgraph-checks.js';
import { releaseFileChecks } from './release-file-checks.js';
import { chooseGraphVariable, staticChecks } from './static-checks.js';
import { runPreDeploymentTests, type RunnableWorkflow } from './test-execution.js';
import { buildValidationReport } from './validation-report.js';
import { Facts } from './facts.js';

/** Options of {@link validatePhase}. */
export interface ValidatePhaseOptions {
  /** Time limit for loading and compiling one graph in the venv, in ms. Default 60 000. */
  inspectTimeoutMs?: number;
}

/**
 * Seed phase 1, Pre-Deployment Validation, for the seed's flat workflow files and for LangGraph
 * projects (`langgraph.json`, read as the LangGraph CLI reads it): `langgraph.json`, what the
 * project declares, static analysis of every workflow (one Python process for all files, local
 * modules resolved from the project's import roots), agent configs (p-queue,
 * `settings.concurrency`; optional for langgraph.json graphs), what the release will hold,
 * dependencies (declared only: a distribution is never guessed from an import name), dynamic
 * load-and-compile checks — which decide where static reading is unsure: a graph LangGraph
 * compiles gets no error-level static finding —, required variables and secrets, and
 * pre-deployment tests. Every finding is reported together, each with its own code; any error
 * fails the phase with `VALIDATION_FAILED` before anything is written.
 */
export function validatePhase(options: ValidatePhaseOptions = {}): Phase {
  return {
    name: 'validate',
    title: 'Pre-Deployment Validation',
    kind: 'check',
    run: (ctx) => runValidation(ctx, options),
  };
}

async function runValidation(ctx: PhaseContext, options: ValidatePhaseOptions): Promise<PhaseOutput> {
  const tallies = new Map<string, CheckTally>(ctx.workflows.map((w) => [w.name, new CheckTally()]));
  const staticTallies = new Map<string, DeferredTally>(ctx.workflows.map((w) => [w.name, new DeferredTally()]));
  const shared = new CheckTally();
  const tally = (w: WorkflowSpec): CheckTally => tallies.get(w.name) as CheckTally;
  const onStderr = (line: string): void => ctx.log('debug', ctx.redact(line));

  await langgraphConfigChecks(ctx.sourceDir, shared);
  const project = await readSourceProject(ctx.sourceDir);
  const projectEnv = project.langgraph ? await readProjectEnv(project.root) : undefined;
  const python = await findPython(ctx, shared);
  const cached = await checkCache(ctx, project);
  // One warm runner per interpreter for the whole operation (shared with later phases).
  const base = python ? await ctx.python.baseWorker({ onStderr }) : undefined;
  const analyses = base ? await analyseWorkflows(ctx, cached, project, base) : new Map<string, FileAnalysis>();
  const loadable = new Set<string>();
  for (const w of ctx.workflows) {
    const analysis = analyses.get(w.name);
    if (analysis && staticChecks(analysis, staticTallies.get(w.name) as DeferredTally, w.graphVariable)) loadable.add(w.name);
  }

  ctx.progress('Checking agent configs');
  const configs = new Map<string, AgentConfig>();
  const queue = new PQueue({ concurrency: ctx.settings.concurrency });
  await Promise.all(
    ctx.workflows.map((w) =>
      queue.add(async () => {
        const config = await agentConfigChecks(w, tally(w));
        if (config) configs.set(w.name, config);
      }),
    ),
  );

  await releaseFileChecks(ctx, { project, projectEnv, analyses }, shared);

  let deps: DependencyCheckResult | undefined;
  const spawnEnv = await workflowProcessEnv(ctx);
  const venvWorker = (venv: Venv): RunnerWorker => ctx.python.sharedWorker(venv.python, { env: spawnEnv, onStderr });
  if (python && base) {
    deps = await dependencyChecks(ctx, { python, project, analyses: analyses.values(), base, worker: venvWorker, cache: cached.cache }, shared);
  }
  for (const w of ctx.workflows) recordImports(w, project, analyses.get(w.name), deps, tally(w));

  const graphVariables = new Map<string, string>();
  const inspections = new Map<string, GraphInspection>();
  const runnable: RunnableWorkflow[] = [];
  const notRun = new Map<string, string>();
  let tests: Awaited<ReturnType<typeof runPreDeploymentTests>> = [];
  // Loading a graph imports its module (module-level code runs). A run that promises to change
  // nothing (dry-run, validate-only) imports with the working directory in a scratch directory,
  // so relative writes of that code land there and are removed; sys.path stays the project's.
  const scratch = ctx.mode.dryRun || ctx.mode.validateOnly ? await mkdtemp(path.join(os.tmpdir(), 'exec-automator-import-')) : undefined;
  const loading = { sys_path: project.sysPath, cwd: scratch ?? project.root };
  if (!deps?.venv) for (const w of ctx.workflows) notRun.set(w.name, python ? 'the validation venv could not be built' : 'no Python interpreter was found');
  if (deps?.venv) {
    const venv = deps.venv;
    // The workflows' runtime environment (no secrets needed: tests use fake models), with the
    // project's own settings (its langgraph.json `env`).
    const worker = venvWorker(venv);
    const requestEnv = await workflowRequestEnv(ctx, projectEnv?.settings ?? {});
    for (const w of ctx.workflows) {
      const analysis = analyses.get(w.name) as FileAnalysis;
      const variable = w.graphVariable ?? chooseGraphVariable(analysis);
      const missing = analysis.third_party_imports.filter((m) => deps?.missingModules.includes(m));
      if (!loadable.has(w.name) || variable === undefined || missing.length > 0) {
        notRun.set(
          w.name,
          !loadable.has(w.name)
            ? 'the file does not parse'
            : variable === undefined
              ? 'no graph variable was found'
              : `${missing.join(', ')} cannot be imported`,
        );
        continue;
      }
      graphVariables.set(w.name, variable);
      const identity = graphIdentity(w, variable, venv.hash, project);
      const dependencies = await workflowDependencyFiles(w.file, analysis, cached.root, cached.dataFiles);
      const key = inspectionKey(identity);
      const hit = await cached.cache.get<GraphInspection>('inspection', key, cached.root);
      let inspection: GraphInspection | undefined;
      if (hit) {
        inspection = hit.value;
        noteReuse(cached, w.name, hit.from);
        tally(w).record('graph-compiles');
        tally(w).record('graph-structure', structureFindings(analysis, inspection, w.file));
      } else {
        ctx.progress(`Loading and compiling ${w.name}`);
        inspection = await dynamicChecks(ctx, worker, { spec: w, analysis, variable, tally: tally(w), loading, env: requestEnv }, options.inspectTimeoutMs ?? 60_000);
        if (inspection) await cached.cache.put('inspection', key, inspection, { root: cached.root, files: dependencies, operationId: ctx.operationId });
      }
      if (inspection) {
        inspections.set(w.name, inspection);
        runnable.push({ spec: w, graphVariable: variable, tally: tally(w), loading, inspection, identity, dependencies });
      }
    }
    if (!ctx.mode.skipTests) {
      tests = await runPreDeploymentTests(ctx, runnable, worker, { cache: cached.cache, root: cached.root, onReuse: (name, from) => noteReuse(cached, name, from) }, requestEnv);
    }
  }
  if (scratch) await rm(scratch, { recursive: true, force: true });
  for (const w of ctx.workflows) {
    // Static findings stand as errors only where LangGraph did not compile the graph.
    (staticTallies.get(w.name) as DeferredTally).replay(tally(w), inspections.has(w.name));
    await agentConfigGraphChecks(w, configs.get(w.name), { analysis: analyses.get(w.name), inspection: inspections.get(w.name) }, tally(w));
    const reason = notRun.get(w.name);
    if (reason) {
      tally(w).record('graph-compiles', [{
        code: 'CHECK_NOT_RUN',
        file: w.file,
        message: `${w.name} was not loaded and compiled (${reason}): the graph, its tools and models and its test cases were not checked`,
        fix: 'fix the errors above, then validate again',
      }]);
    }
  }

  const seenModels = [...inspections.entries()].filter(([name]) => !configs.has(name)).flatMap(([, i]) => (i.models ?? []).map((m) => (m.provider ? `${m.provider}:${m.name}` : m.name)));
  const secretNames = requiredSecretsForModels([...[...configs.values()].map((c) => c.model), ...seenModels]);
  const secretState = await environmentChecks(ctx, secretNames, shared, projectEnv);
  if (projectEnv) shared.record('env.project', projectEnvFindings(ctx, projectEnv));
  if (ctx.mode.skipTests) {
    shared.record('tests', [{
      code: 'TESTS_SKIPPED',
      message: ctx.environment === 'production' ? 'pre-deployment tests skipped with --skip-tests --force' : 'pre-deployment tests skipped with --skip-tests',
    }]);
  } else {
    for (const w of ctx.workflows) {
      if (!w.testsFile || runnable.some((r) => r.spec.name === w.name)) continue;
      tally(w).record('tests', [{ code: 'TESTS_NOT_RUN', file: w.testsFile, message: `test cases of ${w.name} did not run: the workflow could not be loaded`, fix: 'fix the errors above, then validate again' }]);
    }
  }

  const report = buildValidationReport({
    environment: ctx.environment,
    workflows: ctx.workflows,
    tallies,
    shared,
    dependenciesReady: deps?.venv !== undefined,
    tests,
    testsSkipped: ctx.mode.skipTests,
    ...(python ? { pythonVersion: python.version } : {}),
    ...(deps ? { packageVersions: deps.versions } : {}),
    environmentVariables: secretState,
  });
  ctx.set(Facts.tests, tests);
  ctx.set(Facts.analysis, analyses);
  ctx.set(Facts.agentConfigs, configs);
  ctx.set(Facts.graphVariables, graphVariables);
  ctx.set(Facts.inspection, inspections);
  ctx.set(Facts.validation, report);
  if (deps) ctx.set(Facts.dependencyPlan, deps.plan);
  const data = { report, secrets: secretState, requirements: deps?.requirements.lines ?? [], versions: deps?.versions ?? {} };
  const errors = [...report.workflows_validated.flatMap((w) => w.errors), ...(report.global_errors ?? [])];
  if (!report.deployment_approved) {
    throw deployError('VALIDATION_FAILED', `Validation failed with ${errors.length} error(s):\n  ${errors.map(formatIssue).join('\n  ')}`, {
      phase: 'validate',
      details: data,
    });
  }
  const warnings = [...report.workflows_validated.flatMap((w) => w.warnings), ...(report.global_warnings ?? [])].map(formatIssue);
  const checks = report.workflows_validated.reduce((n, w) => n + w.checks_completed, 0) + shared.completed;
  const cachedTests = tests.filter((t) => t.cachedFrom !== undefined).length;
  const testLine = report.tests_skipped
    ? 'tests skipped'
    : `${report.tests_passed}/${report.tests_executed} tests passed${cachedTests ? ` (${cachedTests} cached from ${[...new Set(tests.map((t) => t.cachedFrom).filter(Boolean))].join(', ')})` : ''}`;
  const reused = Object.fromEntries([...cached.reused].map(([name, from]) => [name, [...from].sort()]));
  return {
    summary: `${checks} checks passed for ${ctx.workflows.length} workflow(s), ${testLine}, ${warnings.length} warning(s)`,
    warnings,
    data: { ...data, cachedFrom: reused, resultsReused: cached.cache.enabled },
  };
}

async function findPython(ctx: PhaseContext, shared: CheckTally): Promise<PythonInfo | undefined> {
  try {
    return await ctx.python.python();
  } catch (error) {
    if (!isDeployError(error) || error.code !== 'PYTHON_NOT_FOUND') throw error;
    shared.record('python', [{ code: 'PYTHON_VERSION_UNSUPPORTED', message: error.message, fix: 'install Python 3.10 or newer, or point --python / EXEC_AUTOMATOR_PYTHON at one' }]);
    return undefined;
  }
}

/**
 * Each import that nothing installed provides, at the line that imports it: the venv holds only
 * what is declared (and, for the seed's flat files, the curated well-known distributions), so
 * the fix names where to declare it.
 */
function recordImports(w: WorkflowSpec, project: SourceProject, analysis: FileAnalysis | undefined, deps: DependencyCheckResult | undefined, tally: CheckTally): void {
  if (!analysis || !deps?.venv || analysis.syntax_error || analysis.error) return;
  const where = project.langgraph
    ? `declare the distribution that provides it in ${declarationFile(project)}`
    : 'add the distribution that provides it to additionalDependencies in exec-automator.config.json (only well-known distributions are added without being declared)';
  tally.record(
    'imports.installed',
    analysis.third_party_imports
      .filter((m) => deps.missingModules.includes(m))
      .map((module) => ({
        code: 'IMPORT_NOT_DECLARED',
        file: w.file,
        ...(analysis.import_lines[module] ? { line: analysis.import_lines[module] } : {}),
        message: `module "${module}" is imported, but no declared dependency provides it (a distribution is never guessed from an import name)`,
        fix: `${where}, and check the spelling`,
      })),
  );
}
