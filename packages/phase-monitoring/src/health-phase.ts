import { access, realpath } from 'node:fs/promises';
import path from 'node:path';
import {
  deployError,
  isDeployError,
  type Phase,
  type PhaseContext,
  type PhaseOutput,
  type PlannedAction,
  type ReleaseHandle,
  type ReleaseMeta,
} from '@exec-automator/core';
import {
  type GraphIdentity,
  type GraphInspection,
  inspectionKey,
  ResultCache,
  type RunnerWorker,
  workflowDependencyFiles,
  workflowProcessEnv,
  workflowRequestEnv,
} from '@exec-automator/core/python';
import { listProjectFiles } from '@exec-automator/core/source';
import type { TestCase, TestCaseResult } from '@exec-automator/core/testing';
import { compactTimestamp, writeJsonAtomic } from '@exec-automator/core/util';
import { foldScriptChecks } from './fold-script-checks.js';
import { probeMonitoring, redactStrings, tally, workflowHealth, type HealthReportFile, type WorkflowCheck } from './health-report.js';
import { runHealthScript } from './health-script.js';
import { MONITORING_FILE_NAMES } from './monitoring-files.js';
import { sendTestAlerts } from './test-alert.js';
import { readRegistry, REGISTRY_FILE_NAME, registryCheck } from './registry-check.js';
import { resolveReleasedWorkflows, type ReleasedWorkflowTarget } from './released-workflows.js';
import { probeServer } from './server-probe.js';
import { runSmokeTests, smokeCases } from './smoke-tests.js';
import { Facts } from './facts.js';

/** Options of {@link healthPhase}. */
export interface HealthPhaseOptions {
  /** Time limit for loading and compiling one graph in the release venv. Default 60 000 ms. */
  inspectTimeoutMs?: number;
  /** Time limit for the release's `health-check.py`. Default 180 000 ms. */
  scriptTimeoutMs?: number;
  /**
   * A missing model API key passes with a note (`health-check.py --skip-keys`). Default: true in
   * `dev`, where workflows are exercised with fake models only; false elsewhere.
   */
  skipApiKeys?: boolean;
}

/** `<release>/monitoring/health-report-<compact startedAt>.json`: the same name in plan and run. */
function reportPath(ctx: PhaseContext, monitoringDir: string): string {
  return path.join(monitoringDir, `health-report-${compactTimestamp(ctx.startedAt)}.json`);
}

async function planHealth(ctx: PhaseContext): Promise<PlannedAction[]> {
  const paths = ctx.release?.paths ?? ctx.layout.release(ctx.operationId);
  const actions: PlannedAction[] = [];
  for (const target of await resolveReleasedWorkflows(ctx.workflows, paths, undefined)) {
    actions.push({ kind: 'check', description: `Check ${target.spec.name}: registry status active, graph compiles in the release venv` });
    const { cases } = await smokeCases(target);
    for (const c of cases) actions.push({ kind: 'run', description: `Run smoke test "${c.name}" of ${target.spec.name}` });
  }
  actions.push({ kind: 'run', description: 'Run the release health-check.py', target: path.join(paths.monitoring, MONITORING_FILE_NAMES.healthCheck) });
  if (ctx.notifiers.length > 0) {
    actions.push({ kind: 'notify', description: `Send a test alert to each configured channel (${ctx.notifiers.map((n) => n.name).join(', ')})` });
  }
  actions.push({ kind: 'write-file', description: 'Write the health report', target: reportPath(ctx, paths.monitoring) });
  return actions;
}

async function inspectCheck(
  worker: RunnerWorker,
  target: ReleasedWorkflowTarget,
  timeoutMs: number,
  signal: AbortSignal,
  env: Readonly<Record<string, string>>,
): Promise<{ check: WorkflowCheck; inspection?: GraphInspection }> {
  try {
    const graph = await worker.request('inspect', { ref: target.ref, fake_models: true, ...target.loading }, { timeoutMs, signal, env });
    return { check: inspectDetail(graph), inspection: graph };
  } catch (error) {
    if (isDeployError(error) && error.code === 'ABORTED') throw error;
    const code = isDeployError(error) ? `${error.code}: ` : '';
    return { check: { name: 'graph_inspect', passed: false, detail: `${code}${(error as Error).message}` } };
  }
}

/**
 * The released files a workflow's results depend on, relative to the release's `workflows/`:
 * its Python modules as validation's static analysis found them in the source (same relative
 * paths in the release) and, for a LangGraph project, the release's files that are not Python.
 * Undefined when there is no analysis (a rollback): results are then neither reused nor stored.
 */
async function releasedDependencies(ctx: PhaseContext, target: ReleasedWorkflowTarget, root: string, meta: ReleaseMeta | undefined): Promise<string[] | undefined> {
  const analysis = ctx.operation === 'deploy' ? ctx.get(Facts.analysis)?.get(target.spec.name) : undefined;
  if (!analysis) return undefined;
  const sourceRoot = await realpath(ctx.sourceDir);
  const data = meta?.project?.langgraph ? (await listProjectFiles(root)).files.filter((f) => !f.endsWith('.py')) : [];
  return workflowDependencyFiles(target.spec.file, analysis, sourceRoot, data);
}

function inspectDetail(graph: GraphInspection, cachedFrom?: string): WorkflowCheck {
  const cached = cachedFrom ? `; cached from ${cachedFrom}` : '';
  return { name: 'graph_inspect', passed: true, detail: `${graph.variable}: ${graph.nodes.length} nodes (${graph.kind}), LangGraph ${graph.langgraph_version}${cached}` };
}

interface WorkflowRun {
  checks: WorkflowCheck[];
  smoke: TestCaseResult[];
  /** The case of each smoke result (what a smoke run through a running server repeats). */
  cases: TestCase[];
}

/** Registry, graph and smoke tests of every workflow, through one runner worker. */
async function checkWorkflows(
  ctx: PhaseContext,
  release: ReleaseHandle,
  targets: readonly ReleasedWorkflowTarget[],
  python: { path: string; problem: string | undefined; env: NodeJS.ProcessEnv },
  options: HealthPhaseOptions,
  warnings: string[],
): Promise<WorkflowRun[]> {
  const registry = await readRegistry(path.join(release.paths.configs, REGISTRY_FILE_NAME));
  // The operation's one runner on the release venv (the dependencies phase started it): the
  // venv's real path names it, whichever link led there.
  const venvPython = python.problem ? undefined : path.join(await realpath(release.paths.venv), 'bin', 'python');
  const worker = venvPython ? ctx.python.sharedWorker(venvPython, { env: python.env, onStderr: (l) => ctx.log('debug', ctx.redact(l)) }) : undefined;
  const env = await workflowRequestEnv(ctx);
  const meta = await ctx.releases.read(release.id).catch(() => undefined);
  const cache = new ResultCache(ctx.python.cacheDir, ctx.settings.reuseResults !== false && ctx.mode.noCache !== true);
  const runs: WorkflowRun[] = [];
  {
    for (const [index, target] of targets.entries()) {
      ctx.progress(`Checking ${target.spec.name}`, { current: index + 1, total: targets.length });
      const checks = [registryCheck(registry, target.spec)];
      if (!worker) {
        checks.push({ name: 'python_environment', passed: false, detail: python.problem });
        runs.push({ checks, smoke: [], cases: [] });
        continue;
      }
      const identity: GraphIdentity | undefined = meta?.venvHash
        ? {
            relativePath: target.spec.relativePath,
            variable: target.graphVariable,
            venvHash: meta.venvHash,
            sysPath: (target.loading.sys_path ?? []).map((dir) => path.relative(release.paths.workflows, dir).split(path.sep).join('/')),
            // results on the released files, kept apart from validation's on the source
            scope: 'release',
          }
        : undefined;
      const dependencies = identity ? await releasedDependencies(ctx, target, release.paths.workflows, meta) : undefined;
      // The release's graph compiled in this very venv, with these very files, when validation
      // loaded it: reused (the health-check script below compiles it again, in a fresh process).
      const hit = identity ? await cache.get<GraphInspection>('inspection', inspectionKey(identity), release.paths.workflows) : undefined;
      const inspected = hit
        ? { check: inspectDetail(hit.value, hit.from), inspection: hit.value }
        : await inspectCheck(worker, target, options.inspectTimeoutMs ?? 60_000, ctx.signal, env);
      if (!hit && identity && dependencies && inspected.inspection) {
        await cache.put('inspection', inspectionKey(identity), inspected.inspection, { root: release.paths.workflows, files: dependencies, operationId: ctx.operationId });
      }
      checks.push(inspected.check);
      const smokeInput = ctx.get(Facts.agentConfigs)?.get(target.spec.name)?.smoke_input;
      const smoke = inspected.inspection
        ? await runSmokeTests(worker, target, ctx.signal, {
            inspection: inspected.inspection,
            smokeInput,
            env,
            ...(identity ? { cache: { cache, root: release.paths.workflows, identity, ...(dependencies ? { dependencies, operationId: ctx.operationId } : {}) } } : {}),
          })
        : { results: [], cases: [], warning: `${target.spec.name}: no smoke test ran (the graph did not load)` };
      if (smoke.warning) warnings.push(smoke.warning);
      runs.push({ checks, smoke: smoke.results, cases: smoke.cases });
    }
  }
  return runs;
}

function failureLines(report: HealthReportFile): { unhealthy: string[]; smoke: string[] } {
  const unhealthy = report.workflows.flatMap((w) => w.checks.filter((c) => !c.passed).map((c) => `${w.workflow}: ${c.name}: ${c.detail ?? 'failed'}`));
  const smoke = report.workflows.flatMap((w) =>
    w.smoke_tests.filter((s) => !s.passed && s.critical).flatMap((s) => s.failures.map((f) => `${w.workflow}: smoke test "${s.name}": ${f}`)),
  );
  return { unhealthy, smoke };
}

async function runHealth(ctx: PhaseContext, options: HealthPhaseOptions): Promise<PhaseOutput> {
  const release = ctx.release;
  if (!release) throw deployError('INTERNAL', 'The health phase ran without a release to check.', { phase: 'health' });
  const meta = await ctx.releases.read(release.id).catch(() => undefined);
  const targets = await resolveReleasedWorkflows(ctx.workflows, release.paths, meta);
  const interpreter = path.join(release.paths.venv, 'bin', 'python');
  const problem = await access(interpreter).then(
    () => undefined,
    () => `the release venv interpreter ${interpreter} is missing`,
  );
  const env = await workflowProcessEnv(ctx);
  const warnings: string[] = [];
  const script = path.join(release.paths.monitoring, MONITORING_FILE_NAMES.healthCheck);
  const scriptRun = problem
    ? Promise.resolve(undefined)
    : runHealthScript({
        python: interpreter,
        script,
        env,
        skipKeys: options.skipApiKeys ?? ctx.environment === 'dev',
        timeoutMs: options.scriptTimeoutMs ?? 180_000,
        signal: ctx.signal,
        onStderr: (l) => ctx.log('debug', ctx.redact(l)),
      });
  scriptRun.catch(() => undefined); // awaited below; only an abort rejects it
  const runs = await checkWorkflows(ctx, release, targets, { path: interpreter, problem, env }, options, warnings);
  const scriptOutcome = await scriptRun;
  if (scriptOutcome && !scriptOutcome.ran && !scriptOutcome.problem) warnings.push(scriptOutcome.detail);

  const workflows = targets.map((target, i) => {
    const run = runs[i] as WorkflowRun;
    return workflowHealth(target.spec.workflowId, target.spec.name, [...run.checks, ...foldScriptChecks(scriptOutcome, target.spec)], run.smoke);
  });
  for (const wf of workflows) {
    for (const s of wf.smoke_tests.filter((t) => !t.passed && !t.critical)) warnings.push(`${wf.workflow}: non-critical smoke test "${s.name}" failed`);
  }
  const counts = tally(workflows);
  const monitoring = await probeMonitoring(ctx, release.paths.monitoring);
  const alerts = await sendTestAlerts(ctx, release.id);
  warnings.push(...alerts.warnings);
  const candidates = targets.map((target, i) => ({ workflowId: target.spec.workflowId, workflow: target.spec.name, results: (runs[i] as WorkflowRun).smoke, cases: (runs[i] as WorkflowRun).cases }));
  const server = await probeServer(ctx, release.id, candidates);
  if (server && !server.ok) {
    warnings.push(server.smoke?.ran ? `the running server ${server.url} (pid ${server.pid}): ${server.smoke.detail}` : `the running server ${server.url} (pid ${server.pid}) did not answer: ${server.detail}`);
  }
  const report: HealthReportFile = redactStrings(
    {
      health_check_timestamp: new Date().toISOString(),
      environment: ctx.environment,
      release_id: release.id,
      operation: ctx.operation,
      operation_id: ctx.operationId,
      overall_status: counts.unhealthy === 0 && counts.criticalSmokeFailed === 0 ? 'healthy' : 'unhealthy',
      workflows_checked: workflows.length,
      workflows_healthy: counts.healthy,
      workflows_unhealthy: counts.unhealthy,
      smoke_tests_passed: counts.smokePassed,
      smoke_tests_failed: counts.smokeFailed,
      monitoring_operational: monitoring.operational,
      monitoring_detail: monitoring.detail,
      alerts_functional: alerts.functional,
      alerts_detail: alerts.detail,
      alert_tests: alerts.results,
      health_check_script: {
        path: script,
        ran: scriptOutcome?.ran ?? false,
        exit_code: scriptOutcome?.exitCode ?? null,
        detail: scriptOutcome?.detail ?? `not run: ${problem}`,
      },
      workflows,
      warnings,
      ...(server ? { server } : {}),
    },
    (text) => ctx.redact(text),
  );
  const file = reportPath(ctx, release.paths.monitoring);
  await writeJsonAtomic(file, report);
  ctx.set(Facts.health, report);
  ctx.set(Facts.smokeTests, runs.flatMap((r) => r.smoke));

  const failures = failureLines(report);
  if (failures.unhealthy.length > 0 || failures.smoke.length > 0) {
    const code = failures.unhealthy.length > 0 ? 'HEALTH_CHECK_FAILED' : 'SMOKE_TEST_FAILED';
    const lines = code === 'HEALTH_CHECK_FAILED' ? [...failures.unhealthy, ...failures.smoke] : failures.smoke;
    const what = code === 'HEALTH_CHECK_FAILED' ? `${counts.unhealthy} of ${workflows.length} workflow(s) unhealthy` : `${failures.smoke.length} smoke test failure(s)`;
    throw deployError(code, ctx.redact(`Release ${release.id}: ${what}:\n  ${lines.join('\n  ')}\nHealth report: ${file}`), {
      phase: 'health',
      details: { healthReport: file, failures: lines.map((l) => ctx.redact(l)), overallStatus: report.overall_status },
    });
  }
  const smokeTotal = counts.smokePassed + counts.smokeFailed;
  const unsmoked = workflows.filter((w) => w.smoke_tests.length === 0).map((w) => w.workflow);
  return {
    summary: `${counts.healthy}/${workflows.length} workflows healthy, ${counts.smokePassed}/${smokeTotal} smoke tests passed${unsmoked.length ? `; no smoke test ran for ${unsmoked.join(', ')}` : ''}`,
    reports: [file],
    files: [file],
    warnings,
    data: { health: report },
  };
}

/**
 * Seed phase 6, Health Checks & Verification. Works from the release alone, so it verifies a new
 * release after the switch and a restored one after a rollback: per workflow it checks the
 * registry status, compiles the released graph in the release venv, runs the smoke test (the
 * case marked `smoke: true`, with fake models), and folds in the release's `health-check.py`;
 * then sends a test alert to each configured channel (a failed delivery is a warning).
 * Writes `monitoring/health-report-<timestamp>.json` (also when checks fail), publishes
 * {@link Facts.health} and {@link Facts.smokeTests}, and fails with `HEALTH_CHECK_FAILED`, or
 * `SMOKE_TEST_FAILED` when only smoke tests failed.
 *
 * @param options - time limits and the API-key rule
 */
export function healthPhase(options: HealthPhaseOptions = {}): Phase {
  return {
    name: 'health',
    title: 'Health Checks & Verification',
    kind: 'verify',
    critical: true,
    plan: (ctx) => planHealth(ctx),
    run: (ctx) => runHealth(ctx, options),
  };
}
