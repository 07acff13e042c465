import PQueue from 'p-queue';
import {
  DeployError,
  Facts,
  workflowProcessEnv,
  type AgentConfig,
  type FileAnalysis,
  type GraphInspection,
  type Phase,
  type PhaseContext,
  type PhaseOutput,
  type RunnerWorker,
  type ValidationReport,
  type Venv,
  type WorkflowSpec,
} from '@exec-automator/core';
import { agentConfigChecks } from './agent-config-checks.js';
import { CheckTally, formatIssue } from './check-tally.js';
import { dependencyChecks } from './dependency-checks.js';
import { environmentChecks, requiredSecrets } from './environment-checks.js';
import { chooseGraphVariable, staticChecks } from './static-checks.js';
import { runPreDeploymentTests } from './test-execution.js';

/** Options of {@link validatePhase}. */
export interface ValidatePhaseOptions {
  /** Time limit for loading and compiling one graph in the venv, in ms. Default 60 000. */
  inspectTimeoutMs?: number;
}

/**
 * Seed phase 1, Pre-Deployment Validation: static analysis of every workflow (one Python
 * process for all files), agent configs, dependencies (in a validation venv in the cache),
 * required secrets, dynamic load-and-compile checks and pre-deployment tests. Every check runs
 * and every failure is reported together; any error fails with `VALIDATION_FAILED`, before
 * anything is written.
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
  const shared = new CheckTally();
  const tally = (w: WorkflowSpec): CheckTally => tallies.get(w.name) as CheckTally;

  ctx.progress(`Analysing ${ctx.workflows.length} workflow file(s)`);
  const base = await ctx.python.baseWorker({ onStderr: (line) => ctx.log('debug', ctx.redact(line)) });
  const { files } = await base.request('analyze', { files: ctx.workflows.map((w) => w.file) }, { signal: ctx.signal });
  await base.close();
  const analyses = new Map<string, FileAnalysis>();
  const loadable = new Set<string>();
  ctx.workflows.forEach((w, i) => {
    const analysis = files[i] as FileAnalysis;
    analyses.set(w.name, analysis);
    if (staticChecks(analysis, tally(w))) loadable.add(w.name);
  });

  ctx.progress('Checking agent configs');
  const configs = new Map<string, AgentConfig>();
  const queue = new PQueue({ concurrency: ctx.settings.concurrency });
  await Promise.all(
    ctx.workflows.map((w) =>
      queue.add(async () => {
        const config = await agentConfigChecks(w, analyses.get(w.name), tally(w));
        if (config) configs.set(w.name, config);
      }),
    ),
  );

  const secretNames = requiredSecrets(configs.values());
  const secretState = await environmentChecks(ctx.environment, secretNames, ctx.secrets, shared);

  let venvWorker: RunnerWorker | undefined;
  const workerFor = (venv: Venv): RunnerWorker => {
    venvWorker ??= ctx.python.worker({ python: venv.python, onStderr: (line) => ctx.log('debug', ctx.redact(line)) });
    return venvWorker;
  };
  const deps = await dependencyChecks(ctx, analyses.values(), shared, workerFor);

  const graphVariables = new Map<string, string>();
  const inspections = new Map<string, GraphInspection>();
  const runnable: Array<{ spec: WorkflowSpec; graphVariable: string; tally: CheckTally }> = [];
  if (deps.venv) {
    // Recreate the worker with the workflows' runtime environment (no secrets needed: fake models).
    await venvWorker?.close();
    const env = await workflowProcessEnv(ctx);
    const worker = ctx.python.worker({ python: deps.venv.python, env, onStderr: (line) => ctx.log('debug', ctx.redact(line)) });
    for (const w of ctx.workflows) {
      const variable = w.graphVariable ?? chooseGraphVariable(analyses.get(w.name) as FileAnalysis);
      if (!loadable.has(w.name) || variable === undefined) continue;
      graphVariables.set(w.name, variable);
      ctx.progress(`Loading and compiling ${w.name}`);
      try {
        const inspection = await worker.request('inspect', { ref: `${w.file}:${variable}` }, { timeoutMs: options.inspectTimeoutMs ?? 60_000, signal: ctx.signal });
        inspections.set(w.name, inspection);
        tally(w).record('graph-compiles', []);
        runnable.push({ spec: w, graphVariable: variable, tally: tally(w) });
      } catch (error) {
        if (error instanceof DeployError && error.code === 'ABORTED') throw error;
        const details = (error as DeployError).details ?? {};
        tally(w).record('graph-compiles', [{
          file: typeof details.file === 'string' ? details.file : w.file,
          ...(typeof details.line === 'number' ? { line: details.line } : {}),
          message: `LangGraph could not load the graph: ${ctx.redact((error as Error).message)}`,
          fix: 'run the file with the venv interpreter to see the full traceback',
        }]);
      }
    }
    const tests = ctx.mode.skipTests ? [] : await runPreDeploymentTests(ctx, runnable, worker);
    ctx.set(Facts.tests, tests);
    await worker.close();
  }
  if (ctx.mode.skipTests) {
    shared.warnings.push({
      check: 'tests',
      message: ctx.environment === 'production' ? 'pre-deployment tests skipped with --skip-tests --force' : 'pre-deployment tests skipped with --skip-tests',
    });
  }

  const report = buildReport(ctx, tallies, shared, deps.venv !== undefined);
  ctx.set(Facts.analysis, analyses);
  ctx.set(Facts.agentConfigs, configs);
  ctx.set(Facts.graphVariables, graphVariables);
  ctx.set(Facts.inspection, inspections);
  ctx.set(Facts.validation, report);
  const data = { report, secrets: secretState, requirements: deps.requirements.lines, versions: deps.versions };
  const errorCount = report.workflows_validated.reduce((n, w) => n + w.errors.length, 0) + (report.global_errors?.length ?? 0);
  if (!report.deployment_approved) {
    const lines = [...report.workflows_validated.flatMap((w) => w.errors), ...(report.global_errors ?? [])].map(formatIssue);
    throw new DeployError('VALIDATION_FAILED', `Validation failed with ${errorCount} error(s):\n  ${lines.join('\n  ')}`, {
      phase: 'validate',
      details: data,
    });
  }
  const warnings = [...report.workflows_validated.flatMap((w) => w.warnings), ...(report.global_warnings ?? [])].map(formatIssue);
  const checks = report.workflows_validated.reduce((n, w) => n + w.checks_completed, 0) + shared.completed;
  const tests = report.tests_skipped ? 'tests skipped' : `${report.tests_passed}/${report.tests_executed} tests passed`;
  return { summary: `${checks} checks passed for ${ctx.workflows.length} workflow(s), ${tests}, ${warnings.length} warning(s)`, warnings, data };
}

function buildReport(ctx: PhaseContext, tallies: Map<string, CheckTally>, shared: CheckTally, dependenciesReady: boolean): ValidationReport {
  const tests = ctx.get(Facts.tests) ?? [];
  const sharedErrors = shared.errors;
  const workflows = ctx.workflows.map((w) => {
    const t = tallies.get(w.name) as CheckTally;
    return {
      workflow_id: w.workflowId,
      workflow_file: w.fileName,
      validation_status: t.errors.length === 0 ? ('passed' as const) : ('failed' as const),
      checks_completed: t.completed,
      checks_passed: t.passed,
      checks_failed: t.failed,
      warnings: t.warnings,
      errors: t.errors,
    };
  });
  const environmentValidated = !sharedErrors.some((e) => e.check.startsWith('env.'));
  const dependenciesValidated = dependenciesReady && !sharedErrors.some((e) => !e.check.startsWith('env.'));
  return {
    validation_timestamp: new Date().toISOString(),
    environment: ctx.environment,
    workflows_validated: workflows,
    dependencies_validated: dependenciesValidated,
    environment_validated: environmentValidated,
    tests_executed: tests.length,
    tests_passed: tests.filter((t) => t.passed).length,
    tests_failed: tests.filter((t) => !t.passed).length,
    ...(ctx.mode.skipTests ? { tests_skipped: true } : {}),
    global_errors: sharedErrors,
    global_warnings: shared.warnings,
    deployment_approved: workflows.every((w) => w.errors.length === 0) && sharedErrors.length === 0,
  };
}
