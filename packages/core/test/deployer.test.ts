import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Deployer, type DeployerEvent, ReleaseStore } from '@exec-automator/core';
import { useTempDirs } from './helpers/temp-dir.js';
import { testPhases, type TestPipelineOptions } from './helpers/test-phases.js';

const tempDir = useTempDirs();

async function setup(options: TestPipelineOptions = {}, autoRollback?: boolean) {
  const base = await tempDir();
  const source = path.join(base, 'src');
  await mkdir(source);
  await writeFile(path.join(source, 'workflow-a_001-alpha.py'), 'graph = None\n');
  const root = path.join(base, 'root');
  const deployer = new Deployer({ root, phases: testPhases(options), ...(autoRollback === undefined ? {} : { settings: { autoRollback } }) });
  const events: DeployerEvent[] = [];
  deployer.on('event', (e) => events.push(e));
  return { base, source, root, deployer, events };
}

describe('Deployer', () => {
  it('runs every phase, switches current, marks the release good and journals it', async () => {
    const { source, deployer, events } = await setup();
    const result = await deployer.deploy({ source, environment: 'dev' });
    expect(result.status).toBe('SUCCESS');
    expect(result.phases.map((p) => [p.name, p.status])).toEqual([
      ['check', 'succeeded'], ['write', 'succeeded'], ['switch', 'succeeded'], ['verify', 'succeeded'], ['report', 'succeeded'],
    ]);
    expect(result.release).toMatchObject({ id: result.id, switched: true, status: 'good', previousId: null });
    const status = await deployer.status('dev');
    expect(status.current?.id).toBe(result.id);
    expect(status.current?.status).toBe('good');
    expect((await deployer.history('dev')).map((h) => h.event)).toEqual(['deploy']);
    const sequences = events.map((e) => e.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(events[0]?.type).toBe('deployment:start');
    expect(events.at(-1)?.type).toBe('deployment:complete');
    expect(result.reportMarkdown).toContain('failure: none');
  });

  it('plans instead of running in a dry-run and writes nothing under the root', async () => {
    const { source, root, deployer } = await setup();
    const result = await deployer.deploy({ source, environment: 'staging', dryRun: true });
    expect(result.status).toBe('SUCCESS');
    expect(result.phases.map((p) => p.status)).toEqual(['succeeded', 'planned', 'planned', 'planned', 'succeeded']);
    // The first phase that needs the release also plans its creation (directory, metadata, state).
    expect(result.phases[1]?.plan?.map((a) => a.kind)).toEqual(['create-dir', 'write-file', 'write-file', 'write-file']);
    expect(result.phases[1]?.plan?.[1]?.target).toMatch(/release\.json$/);
    expect(result.phases[1]?.plan?.[2]?.target).toMatch(/release-state\.json$/);
    expect(result.phases[1]?.plan?.[3]?.target).toContain('marker.txt');
    expect(result.phases[2]?.plan?.some((a) => a.kind === 'create-dir')).toBe(false);
    await expect(readdir(root)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stops after the check phases in validate-only mode', async () => {
    const { source, root, deployer } = await setup();
    const result = await deployer.deploy({ source, validateOnly: true });
    expect(result.phases.map((p) => p.status)).toEqual(['succeeded', 'skipped', 'skipped', 'skipped', 'succeeded']);
    await expect(readdir(root)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stops on a failed check before anything is written, but still runs the report', async () => {
    const { source, root, deployer } = await setup({ failIn: 'check' });
    const result = await deployer.deploy({ source });
    expect(result.status).toBe('FAILED');
    expect(result.error?.code).toBe('VALIDATION_FAILED');
    expect(result.phases.map((p) => p.status)).toEqual(['failed', 'skipped', 'skipped', 'skipped', 'succeeded']);
    expect(result.reportMarkdown).toContain('VALIDATION_FAILED');
    await expect(readdir(root)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('undoes completed phases in reverse and removes the partial release on a failure before the switch', async () => {
    const undoLog: string[] = [];
    const first = await setup();
    const ok = await first.deployer.deploy({ source: first.source });
    const failing = new Deployer({ root: first.root, phases: testPhases({ failIn: 'prepare', undoLog }) });
    const result = await failing.deploy({ source: first.source });
    expect(result.status).toBe('FAILED');
    expect(result.error).toMatchObject({ code: 'PHASE_FAILED', phase: 'write' });
    expect(result.release?.status).toBe('discarded');
    expect(undoLog).toEqual([]); // the failing phase itself is not undone; nothing completed before it wrote
    const store = new ReleaseStore(failing.layout('dev'));
    expect(await store.currentId()).toBe(ok.id);
    expect(await readdir(failing.layout('dev').releasesDir)).toEqual([ok.id]);
    expect((await failing.history('dev')).map((h) => h.event)).toEqual(['deploy', 'failure']);
  });

  it('rolls back automatically to the previous good release when verification fails after the switch', async () => {
    const { source, root } = await setup();
    const good = await new Deployer({ root, phases: testPhases() }).deploy({ source, environment: 'staging' });
    let badId = '';
    const deployer = new Deployer({
      root,
      phases: testPhases({ verifyFailsWhen: (ctx) => ctx.operation === 'deploy' && (badId = ctx.operationId) !== '' }),
    });
    const result = await deployer.deploy({ source, environment: 'staging' });
    expect(result.status).toBe('FAILED');
    expect(result.error?.code).toBe('SMOKE_TEST_FAILED');
    expect(result.rollback).toMatchObject({ to: good.id, verified: true });
    const status = await deployer.status('staging');
    expect(status.current?.id).toBe(good.id);
    expect(status.releases.find((r) => r.id === badId)?.status).toBe('bad');
    // In the order it happened: the failed deployment switched to the bad release, then the rollback left it.
    const history = await deployer.history('staging');
    expect(history.map((h) => [h.event, h.from, h.to, h.automatic ?? false])).toEqual([
      ['deploy', null, good.id, false], ['failure', good.id, badId, false], ['rollback', badId, good.id, true],
    ]);
    expect(history[1]).toMatchObject({ code: 'SMOKE_TEST_FAILED', status: 'FAILED' });
    expect(history[2]?.reason).toMatch(/^automatic: Verify failed \(SMOKE_TEST_FAILED\)/);
    expect(history.every((h) => typeof h.user === 'string' && !Number.isNaN(Date.parse(h.timestamp)))).toBe(true);
  });

  it('leaves the failed release current and bad when automatic rollback is off (dev default)', async () => {
    const { source, root } = await setup();
    await new Deployer({ root, phases: testPhases() }).deploy({ source });
    const deployer = new Deployer({ root, phases: testPhases({ failIn: 'verify' }) });
    const result = await deployer.deploy({ source });
    expect(result.rollback).toBeUndefined();
    const status = await deployer.status('dev');
    expect(status.current?.id).toBe(result.id);
    expect(status.current?.status).toBe('bad');
  });

  it('rolls back on request, marks the release rolled back from as bad, and verifies the restored one', async () => {
    const { source, root, deployer } = await setup();
    const first = await deployer.deploy({ source });
    const second = await deployer.deploy({ source });
    const rollback = await deployer.rollback({ environment: 'dev', reason: 'test' });
    expect(rollback).toMatchObject({ status: 'SUCCESS', from: second.id, to: first.id, verified: true });
    expect(rollback.phases.map((p) => p.name)).toEqual(['verify']);
    const status = await deployer.status('dev');
    expect(status.current?.id).toBe(first.id);
    expect(status.releases.find((r) => r.id === second.id)?.status).toBe('bad');
    const again = await deployer.rollback({ environment: 'dev' });
    expect(again.status).toBe('FAILED');
    expect(again.error?.code).toBe('NO_ROLLBACK_TARGET');
    expect((await deployer.history('dev')).map((h) => h.event)).toEqual(['deploy', 'deploy', 'rollback']);
    expect(root).toBeTruthy();
  });

  it('masks secret values in every event', async () => {
    process.env.TEST_MARKER_API_KEY = 'sk-test-MARKER-9f3a';
    try {
      const { source, deployer, events } = await setup({ secretToLog: 'sk-test-MARKER-9f3a' });
      const result = await deployer.deploy({ source });
      expect(result.status).toBe('SUCCESS');
      const log = events.find((e) => e.type === 'phase:log');
      expect(log && 'message' in log ? log.message : '').toBe('using key ***');
      expect(JSON.stringify(events)).not.toContain('MARKER-9f3a');
    } finally {
      delete process.env.TEST_MARKER_API_KEY;
    }
  });

  it('rejects an invalid request with INVALID_ARGUMENT and refuses --skip-tests in production without force', async () => {
    const { source, deployer } = await setup();
    await expect(deployer.deploy({ source, environment: 'qa' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(deployer.deploy({ source, environment: 'production', skipTests: true })).rejects.toMatchObject({ code: 'SKIP_TESTS_REQUIRES_FORCE' });
    const forced = await deployer.deploy({ source, environment: 'production', skipTests: true, force: true, dryRun: true });
    expect(forced.status).toBe('SUCCESS');
  });

  it('reports WORKFLOW_NOT_FOUND with the available names', async () => {
    const { source, deployer } = await setup();
    const result = await deployer.deploy({ source, workflows: ['workflow-zz_999-nope'] });
    expect(result.error?.code).toBe('WORKFLOW_NOT_FOUND');
    expect(result.error?.message).toContain('workflow-a_001-alpha');
    expect(await readFile(path.join(source, 'workflow-a_001-alpha.py'), 'utf8')).toBe('graph = None\n');
  });
});
