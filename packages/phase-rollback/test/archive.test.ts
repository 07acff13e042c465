import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Archiver, AUTO_ROLLBACK, DeployError, type WorkflowSpec } from '@exec-automator/core';
import { ObsidianArchiver } from '../src/index.js';
import { Redactor } from '@exec-automator/core/secrets';
import { renderErrorNote, reportPhase, snapshotFromContext } from '../src/index.js';
import { createRelease, exampleWorkflows, makeContext, tempRoot } from './helpers/context.js';
import { healthReport, outcome, PLACEHOLDER, successfulOutcomes, validationReport } from './helpers/fixtures.js';
import { Facts } from '../src/facts.js';

const PREVIOUS = 'dep-20261120T100000000Z-aaaa';
const CURRENT = 'dep-20261125T031500000Z-bbbb';
const SECRET = 'sk-ant-api03-ARCHIVE-MARKER-41de';

let root: string;
let vault: string;
let cleanup: () => Promise<void>;
let workflows: WorkflowSpec[];

beforeEach(async () => {
  ({ root, cleanup } = await tempRoot());
  vault = path.join(root, 'vault');
  await mkdir(vault);
  workflows = await exampleWorkflows();
});
afterEach(() => cleanup());

const notes = (kind: 'Deployments' | 'Errors') => readdir(path.join(vault, 'Projects', 'Exec-Automator', kind)).catch(() => [] as string[]);

describe('reportPhase archiving', () => {
  it('archives the status report of a real run to the Obsidian vault', async () => {
    await createRelease(root, PREVIOUS, workflows, { status: 'good', activate: true });
    const release = await createRelease(root, CURRENT, workflows, { activate: true });
    const ctx = makeContext({ root, release, workflows, outcomes: successfulOutcomes(), archivers: [new ObsidianArchiver({ vault })] });
    ctx.set(Facts.validation, validationReport());
    ctx.set(Facts.health, healthReport(CURRENT));
    const output = await reportPhase().run(ctx);
    expect(await notes('Deployments')).toEqual(['exec-automator-staging-2026-11-25.md']);
    expect(await notes('Errors')).toEqual([]);
    const note = await readFile(path.join(vault, 'Projects', 'Exec-Automator', 'Deployments', 'exec-automator-staging-2026-11-25.md'), 'utf8');
    expect(note).toContain(`## 2026-11-25T03:15:00.000Z · ${CURRENT} · SUCCESS`);
    expect(note).toContain('### Workflow Deployment Status Report');
    expect(output.summary).toMatch(/archived 1\/1$/);
    expect(output.data?.archive).toEqual([expect.objectContaining({ archiver: 'obsidian', ok: true })]);
  });

  it('archives an error note beside the status report when the deployment failed, without secret values', async () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    await createRelease(root, PREVIOUS, workflows, { status: 'good', activate: true });
    const release = await createRelease(root, CURRENT, workflows, { activate: true, status: 'bad' });
    const failure = new DeployError('SMOKE_TEST_FAILED', `smoke test "renewal" failed: 401 for key ${SECRET}`, { phase: 'health' });
    const ctx = makeContext({
      root, release, workflows, failure, redactor, archivers: [new ObsidianArchiver({ vault })],
      outcomes: [...successfulOutcomes().slice(0, 5), outcome('health', 'verify', 'failed', 4000, { error: failure.toJSON(), summary: 'smoke failed' })],
    });
    ctx.set(AUTO_ROLLBACK, { from: CURRENT, to: PREVIOUS, verified: true, reason: failure.message });
    await reportPhase().run(ctx);
    const errors = await readFile(path.join(vault, 'Projects', 'Exec-Automator', 'Errors', 'exec-automator-deployment-errors.md'), 'utf8');
    expect(errors).toContain('### Deployment Error: SMOKE_TEST_FAILED');
    expect(errors).toContain(`- **Automatic Rollback:** to ${PREVIOUS}, ✓ verified`);
    expect(errors).toContain(`- **Release:** ${CURRENT} (bad)`);
    expect(errors).toMatch(/- \*\*Error Log:\*\* `.*deployment-errors-20261125T031500000Z\.json`/);
    expect(errors).not.toContain(SECRET);
    expect(errors).not.toMatch(PLACEHOLDER);
    expect(await notes('Deployments')).toHaveLength(1);
  });

  it('archives the error of a deployment that validation stopped, and nothing for validate-only or a dry-run', async () => {
    const archive: string[] = [];
    const recording: Archiver = { name: 'recording', archive: async (entry) => (archive.push(`${entry.kind}:${entry.status}`), { archiver: 'recording', ok: true }) };
    const failure = new DeployError('VALIDATION_FAILED', 'Validation found 1 error', { phase: 'validate' });
    const stopped = makeContext({ root, workflows, failure, archivers: [recording], outcomes: [outcome('validate', 'check', 'failed', 900)] });
    stopped.set(Facts.validation, validationReport(true));
    await reportPhase().run(stopped);
    expect(archive).toEqual(['error:FAILED']);
    // The Deployer hands these modes inert archivers; the phase does not even call them.
    for (const mode of [{ validateOnly: true }, { dryRun: true }]) {
      const ctx = makeContext({ root, workflows, mode, archivers: [recording], outcomes: [outcome('validate', 'check', 'succeeded', 900)] });
      ctx.set(Facts.validation, validationReport());
      await reportPhase().run(ctx);
    }
    expect(archive).toEqual(['error:FAILED']);
  });

  it('reports a failing archiver as a warning without failing the report', async () => {
    const release = await createRelease(root, CURRENT, workflows, { activate: true });
    const broken: Archiver = { name: 'broken', archive: async () => { throw new Error('vault is read-only'); } };
    const ctx = makeContext({ root, release, workflows, outcomes: successfulOutcomes(), archivers: [broken, new ObsidianArchiver({ vault: path.join(root, 'missing') })] });
    const output = await reportPhase().run(ctx);
    expect(output.summary).toMatch(/archived 0\/2$/);
    expect(output.warnings).toEqual([
      'archiver broken failed: vault is read-only',
      expect.stringMatching(/^archiver obsidian failed \(.*\): the Obsidian vault .* does not exist$/),
    ]);
  });

  it('renders an error note from real data only', async () => {
    const ctx = makeContext({ root, workflows, failure: new DeployError('DEPLOY_LOCKED', 'staging is locked by dep-1') });
    const md = renderErrorNote({ snapshot: await snapshotFromContext(ctx, new Date('2026-11-25T03:16:00Z')), failure: ctx.failure!.toJSON() });
    expect(md).toContain('# Deployment Error: DEPLOY_LOCKED');
    expect(md).not.toContain('**Release:**');
    expect(md).not.toContain('**Phase:**');
    expect(md).not.toMatch(PLACEHOLDER);
  });
});

describe('reportPhase plan', () => {
  it('plans the status report, and the dry-run report lists it', async () => {
    const ctx = makeContext({ root, workflows, mode: { dryRun: true }, outcomes: [outcome('validate', 'check', 'succeeded', 900)] });
    ctx.set(Facts.validation, validationReport());
    const plan = await reportPhase().plan!(ctx);
    expect(plan).toEqual([{ kind: 'write-file', description: 'Write the Deployment Status Report', target: path.join(root, 'staging', 'DEPLOYMENT-STATUS-REPORT.md') }]);
    const md = (await reportPhase().run(ctx)).markdown as string;
    expect(md).toContain('### Deployment Status Report');
    expect(md).toContain(`→ Write the Deployment Status Report (\`${path.join(root, 'staging', 'DEPLOYMENT-STATUS-REPORT.md')}\`)`);
  });
});
