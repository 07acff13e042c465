import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Archiver, Deployer, type NotifyResult, type Phase } from '@exec-automator/core';
import { startReceiver, webhookNotifier, type LoopbackReceiver } from './helpers/loopback-notifier.js';
import { useTempDirs } from './helpers/temp-dir.js';
import { testPhases } from './helpers/test-phases.js';

const tempDir = useTempDirs();
let receiver: LoopbackReceiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

/**
 * A phase that, like a careless plugin, notifies and archives whatever the mode: the Deployer
 * must keep a dry-run silent on its own.
 */
function announcePhase(results: Array<{ notified: NotifyResult[]; archived: boolean[] }>): Phase {
  return {
    name: 'announce',
    title: 'Announce',
    kind: 'report',
    async run(ctx) {
      const notified = await Promise.all(
        ctx.notifiers.map((n) =>
          n.notify({
            kind: 'test', alert: 'DeploymentFinished', severity: 'info', environment: ctx.environment, summary: `${ctx.operationId} finished`,
            dedupKey: ctx.operationId, startsAt: new Date().toISOString(), labels: {},
          }),
        ),
      );
      const archived = await Promise.all(
        ctx.archivers.map(async (a) =>
          (await a.archive({
            kind: 'deployment', environment: ctx.environment, organization: 'Test Org', operationId: ctx.operationId, status: 'SUCCESS',
            timestamp: new Date().toISOString(), markdown: `# Report of ${ctx.operationId}`,
          })).ok,
        ),
      );
      results.push({ notified, archived });
      return { summary: `notified ${notified.filter((r) => r.ok).length}, archived ${archived.filter(Boolean).length}` };
    },
  };
}

async function setup() {
  const base = await tempDir();
  const source = path.join(base, 'src');
  const vault = path.join(base, 'vault');
  await mkdir(source);
  await mkdir(vault);
  await writeFile(path.join(source, 'workflow-a_001-alpha.py'), 'graph = None\n');
  const results: Array<{ notified: NotifyResult[]; archived: boolean[] }> = [];
  const deployer = new Deployer({
    root: path.join(base, 'root'),
    phases: [...testPhases(), announcePhase(results)],
    notifiers: (environment) => [webhookNotifier(receiver.url, `webhook-${environment}`)],
    archivers: [vaultArchiver(vault)],
  });
  return { source, vault, deployer, results };
}

/** An archiver that writes each entry as a note under `vault` (the Obsidian one lives in phase-rollback). */
function vaultArchiver(vault: string): Archiver {
  return {
    name: 'vault',
    async archive(entry) {
      const dir = path.join(vault, 'Projects', 'Exec-Automator', 'Deployments');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `${entry.environment}-${entry.operationId}.md`);
      await writeFile(file, entry.markdown);
      return { archiver: 'vault', ok: true, location: file };
    },
  };
}

describe('Deployer plugins in modes that write nothing', () => {
  it('never lets a notifier or archiver fire in a dry-run or validate-only run, and does in a real run', async () => {
    const { source, vault, deployer, results } = await setup();
    await deployer.deploy({ source, environment: 'staging', dryRun: true });
    await deployer.deploy({ source, environment: 'staging', validateOnly: true });
    expect(receiver.received).toEqual([]);
    expect(await readdir(vault)).toEqual([]);
    // Phases still see the configured channels by name (a plan may mention them), marked as not sent.
    expect(results.map((r) => r.notified.map((n) => [n.notifier, n.ok, n.attempts]))).toEqual([
      [['webhook-staging', false, 0]],
      [['webhook-staging', false, 0]],
    ]);
    expect(results.flatMap((r) => r.archived)).toEqual([false, false]);

    const real = await deployer.deploy({ source, environment: 'staging' });
    expect(real.status).toBe('SUCCESS');
    expect(receiver.received).toEqual([expect.objectContaining({ kind: 'test', summary: `${real.id} finished`, environment: 'staging' })]);
    expect(results.at(-1)?.archived).toEqual([true]);
    expect(await readdir(path.join(vault, 'Projects', 'Exec-Automator', 'Deployments'))).toHaveLength(1);
  });
});
