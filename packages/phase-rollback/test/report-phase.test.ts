import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTO_ROLLBACK, DeployError, type WorkflowSpec } from '@exec-automator/core';
import { Redactor } from '@exec-automator/core/secrets';
import { documentationPhase, reportPhase, type DeploymentErrorLog } from '../src/index.js';
import { createRelease, exampleWorkflows, listTree, makeContext, tempRoot } from './helpers/context.js';
import { healthReport, outcome, PLACEHOLDER, plannedOutcomes, successfulOutcomes, validationReport } from './helpers/fixtures.js';
import { Facts } from '../src/facts.js';

const PREVIOUS = 'dep-20261120T100000000Z-aaaa';
const CURRENT = 'dep-20261125T031500000Z-bbbb';
const SECRET = 'sk-ant-api03-SECRET-MARKER-9c1d';

let root: string;
let cleanup: () => Promise<void>;
let workflows: WorkflowSpec[];

beforeEach(async () => {
  ({ root, cleanup } = await tempRoot());
  workflows = await exampleWorkflows();
});
afterEach(() => cleanup());

const skippedAfterValidation = () => [
  outcome('validate', 'check', 'failed', 900, { summary: 'Validation found 3 errors' }),
  ...['environment', 'dependencies', 'release'].map((n) => outcome(n, n === 'release' ? 'release' : 'prepare', 'skipped', 0)),
];

describe('reportPhase', () => {
  it('has the seed identity and is critical by default', () => {
    expect(reportPhase()).toMatchObject({ name: 'report', title: 'Deployment Status Report', kind: 'report', critical: true });
  });

  it('after a validation failure writes nothing under the root and lists every error with file:line', async () => {
    const ctx = makeContext({
      root,
      workflows,
      outcomes: skippedAfterValidation(),
      failure: new DeployError('VALIDATION_FAILED', 'Validation found 3 errors', { phase: 'validate' }),
    });
    ctx.set(Facts.validation, validationReport(true));
    const output = await reportPhase().run(ctx);
    expect(await listTree(root)).toEqual([]);
    expect(output.reports ?? []).toEqual([]);
    const md = output.markdown as string;
    expect(md).toContain('# Validation Report');
    expect(md).toContain('`workflow-resp_002-member-communication.py:42`: invalid syntax');
    expect(md).toContain('`agent-resp_002-config.json`: Missing required field "model"');
    expect(md).toContain('ANTHROPIC_API_KEY is not set');
    expect(md).toContain('## Deployment stopped');
    expect(md).not.toMatch(PLACEHOLDER);
  });

  it("renders a dry-run from every phase's plan and writes nothing", async () => {
    const ctx = makeContext({ root, workflows, mode: { dryRun: true } });
    const outcomes = plannedOutcomes(ctx.layout.dir, ctx.operationId);
    (ctx.outcomes as typeof outcomes).push(...outcomes, outcome('documentation', 'document', 'planned', 1, {
      plan: await documentationPhase().plan!(ctx),
    }));
    ctx.set(Facts.validation, validationReport());
    const output = await reportPhase().run(ctx);
    expect(await listTree(root)).toEqual([]);
    expect(output.reports ?? []).toEqual([]);
    const md = output.markdown as string;
    expect(md).toContain('# Deployment Dry-Run Report');
    for (const action of ctx.outcomes.flatMap((o) => o.plan ?? [])) expect(md).toContain(`→ ${action.description}`);
    expect(md).toContain('→ Prepare the rollback manifest');
    // the example sources were stat'ed: the estimate is more than the planned bytes alone
    expect(md).toMatch(/\*\*Disk Space Required:\*\* ~\d+\.\d KB \(estimate: planned file sizes 10\.6 KB; source files \d/);
    expect(md).toContain(`To deploy for real, run: \`exec-automator deploy all --source ${ctx.sourceDir} --environment=staging --root ${root}\``);
    expect(output.data?.format).toBe('dry-run');
  });

  it('renders the validation report in validate-only mode and writes only it and the JSON report', async () => {
    const ctx = makeContext({ root, workflows, mode: { validateOnly: true }, outcomes: [outcome('validate', 'check', 'succeeded', 800)] });
    ctx.set(Facts.validation, validationReport());
    const output = await reportPhase().run(ctx);
    const base = path.join(root, 'staging', 'validation', 'validation-report-20261125T031500000Z');
    expect(output.reports).toEqual([`${base}.json`, `${base}.md`]);
    expect(JSON.parse(await readFile(`${base}.json`, 'utf8'))).toEqual(validationReport());
    expect(await readFile(`${base}.md`, 'utf8')).toBe(output.markdown);
    expect(output.markdown).toContain('**Overall Status:** ✓ PASSED');
    expect(output.markdown).not.toContain('Deployment stopped');
    expect(output.summary).toBe('Validation passed: 0 errors, 1 warnings');
  });

  it('writes the status report of a successful deployment, linking the documentation', async () => {
    await createRelease(root, PREVIOUS, workflows, { status: 'good', activate: true });
    const release = await createRelease(root, CURRENT, workflows, { activate: true });
    const ctx = makeContext({ root, release, workflows, outcomes: successfulOutcomes() });
    ctx.set(Facts.validation, validationReport());
    ctx.set(Facts.health, healthReport(CURRENT));
    const docs = await documentationPhase().run(ctx);
    (ctx.outcomes as ReturnType<typeof successfulOutcomes>).push(
      outcome('documentation', 'document', 'succeeded', 20, { files: docs.files!, data: docs.data! }),
    );
    const output = await reportPhase().run(ctx);
    const file = path.join(root, 'staging', 'DEPLOYMENT-STATUS-REPORT.md');
    expect(output.reports).toEqual([file]);
    const md = await readFile(file, 'utf8');
    expect(md).toBe(output.markdown);
    expect(md).toContain('**Status:** SUCCESS');
    expect(md).toContain(`**Rollback Manifest:** \`${docs.files![0]}\``);
    expect(md).toContain(`**Deployment Report:** \`${docs.files![1]}\``);
    expect(md).toContain('**Estimated Rollback Duration:** 7 seconds');
    expect(md).not.toMatch(PLACEHOLDER);
    expect(await listTree(root)).not.toContainEqual(expect.stringMatching(/deployment-errors-/));
  });

  it('writes the error log when a deployment fails after its release was created', async () => {
    await createRelease(root, PREVIOUS, workflows, { status: 'good', activate: true });
    const release = await createRelease(root, CURRENT, workflows, { activate: true, status: 'bad' });
    const failure = new DeployError('HEALTH_CHECK_FAILED', 'workflow_resp_005 is unhealthy', {
      phase: 'health',
      details: { unhealthy: ['workflow_resp_005'] },
    });
    const outcomes = [
      ...successfulOutcomes().slice(0, 5),
      outcome('health', 'verify', 'failed', 4100, { error: failure.toJSON(), summary: failure.message }),
      outcome('documentation', 'document', 'skipped', 0),
    ];
    const ctx = makeContext({ root, release, workflows, outcomes, failure });
    ctx.set(Facts.health, healthReport(CURRENT, false));
    ctx.set(AUTO_ROLLBACK, { from: CURRENT, to: PREVIOUS, verified: true, reason: failure.message });
    const output = await reportPhase().run(ctx);
    const errorLog = path.join(root, 'staging', 'deployment-errors-20261125T031500000Z.json');
    expect(output.reports).toEqual([path.join(root, 'staging', 'DEPLOYMENT-STATUS-REPORT.md'), errorLog]);
    const log = JSON.parse(await readFile(errorLog, 'utf8')) as DeploymentErrorLog;
    expect(log).toMatchObject({
      deployment_id: CURRENT,
      environment: 'staging',
      failed_phase: 'health',
      error: { code: 'HEALTH_CHECK_FAILED', message: 'workflow_resp_005 is unhealthy', details: { unhealthy: ['workflow_resp_005'] } },
      release: { id: CURRENT, status: 'bad' },
      automatic_rollback: { to: PREVIOUS, verified: true },
    });
    expect(log.phases.map((p) => [p.name, p.status])).toContainEqual(['health', 'failed']);
    expect(log.phases.find((p) => p.name === 'health')?.error?.code).toBe('HEALTH_CHECK_FAILED');
    const md = output.markdown as string;
    expect(md).toContain('**Status:** FAILED');
    expect(md).toContain(`## ⚠ Automatic Rollback`);
    expect(md).toContain(`rolled back automatically to ${PREVIOUS}`);
    expect(md).toContain('**Restored release verified:** ✓ Yes');
  });

  it('records a release discarded before the switch in the error log', async () => {
    const release = await createRelease(root, CURRENT, workflows);
    await makeContext({ root }).store.discard(CURRENT);
    const failure = new DeployError('DEPENDENCY_INSTALL_FAILED', 'pip failed', { phase: 'dependencies' });
    const ctx = makeContext({ root, release, workflows, failure, outcomes: [outcome('dependencies', 'prepare', 'failed', 50)] });
    const output = await reportPhase().run(ctx);
    const log = JSON.parse(await readFile(output.reports![1]!, 'utf8')) as DeploymentErrorLog;
    expect(log.release).toEqual({ id: CURRENT, status: 'discarded' });
    expect(output.markdown).toContain('The partial release was discarded; nothing is deployed in this environment.');
  });

  it('never writes a registered secret value into the report, the error log or the markdown', async () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    const release = await createRelease(root, CURRENT, workflows, { activate: true, status: 'bad' });
    const failure = new DeployError('SMOKE_TEST_FAILED', `401 Unauthorized for key ${SECRET}`, { phase: 'health', details: { key: SECRET } });
    const ctx = makeContext({ root, release, workflows, failure, redactor, outcomes: [outcome('health', 'verify', 'failed', 10, { summary: failure.message })] });
    const output = await reportPhase().run(ctx);
    expect(output.reports).toHaveLength(2);
    for (const file of output.reports!) {
      const text = await readFile(file, 'utf8');
      expect(text).not.toContain(SECRET);
      expect(text).toContain('***');
    }
    expect(output.markdown).not.toContain(SECRET);
    await stat(path.join(root, 'staging', 'DEPLOYMENT-STATUS-REPORT.md'));
  });

  it('returns the status markdown without writing when a failure left no release', async () => {
    const failure = new DeployError('PHASE_FAILED', 'custom check failed', { phase: 'lint' });
    const ctx = makeContext({ root, workflows, failure, outcomes: [outcome('lint', 'check', 'failed', 5)] });
    const output = await reportPhase().run(ctx);
    expect(await listTree(root)).toEqual([]);
    expect(output.markdown).toContain('Nothing was written: `current` is unchanged.');
  });
});
