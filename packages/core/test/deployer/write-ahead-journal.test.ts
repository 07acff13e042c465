import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Deployer, type DeployerEvent, EnvironmentLayout, ReleaseStore } from '@exec-automator/core';
import { HistoryJournal, SwitchJournal } from '@exec-automator/core/state';
import { testPhases } from '../helpers/test-phases.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

async function environment() {
  const base = await tempDir();
  const source = path.join(base, 'src');
  await mkdir(source);
  await writeFile(path.join(source, 'workflow-a_001-alpha.py'), 'graph = None\n');
  const root = path.join(base, 'root');
  const deployer = new Deployer({ root, phases: testPhases() });
  const events: DeployerEvent[] = [];
  deployer.on('event', (e) => events.push(e));
  const layout = new EnvironmentLayout(root, 'dev');
  return { source, deployer, events, layout, store: new ReleaseStore(layout), switches: new SwitchJournal(layout) };
}

function lastSwitch(history: Awaited<ReturnType<HistoryJournal['read']>>) {
  return [...history].reverse().find((e) => e.to !== null)?.to ?? null;
}

describe('write-ahead journal of switches', () => {
  it('journals the intent before the switch and clears it with the outcome', async () => {
    const { source, deployer, events, switches } = await environment();
    let seenIntent: unknown = 'not looked';
    deployer.on('release:switch', () => {
      void switches.pending().then((p) => (seenIntent = p));
    });
    const result = await deployer.deploy({ source });
    expect(result.status).toBe('SUCCESS');
    expect(events.some((e) => e.type === 'journal:reconciled')).toBe(false);
    expect(seenIntent).toMatchObject({ operation: 'deploy', to: result.id });
    expect(await switches.pending()).toBeNull();
  });

  it('completes the history of a deployment killed after its switch, and says so', async () => {
    const { source, deployer, events, layout, store, switches } = await environment();
    const first = await deployer.deploy({ source });
    // What a deployment killed right after `current` moved leaves: a switched, pending release and its intent.
    await store.create({ id: 'dep-killed', environment: 'dev', workflows: [] });
    await switches.begin({ operationId: 'dep-killed', operation: 'deploy', from: first.id, to: 'dep-killed' });
    await store.activate('dep-killed');
    const next = await deployer.deploy({ source });
    expect(next.status).toBe('SUCCESS');
    expect(next.reconciled?.actions.join('\n')).toContain('dep-killed');
    expect(events.find((e) => e.type === 'journal:reconciled')).toMatchObject({ interruptedOperation: 'dep-killed', switched: true });
    const history = await new HistoryJournal(layout.history).read();
    expect(history.find((e) => e.operationId === 'dep-killed')).toMatchObject({ event: 'deploy', status: 'PARTIAL', code: 'OPERATION_INTERRUPTED', from: first.id, to: 'dep-killed' });
    expect(lastSwitch(history)).toBe(await store.currentId());
    expect(await switches.pending()).toBeNull();
  });

  it('records a rollback killed after its switch and marks the release it left bad', async () => {
    const { source, deployer, layout, store, switches } = await environment();
    const one = await deployer.deploy({ source });
    const two = await deployer.deploy({ source });
    await switches.begin({ operationId: 'rb-killed', operation: 'rollback', automatic: false, from: two.id, to: one.id, reason: 'manual rollback' });
    await store.activate(one.id);
    const next = await deployer.rollback({ environment: 'dev', to: two.id });
    expect(next.reconciled?.intent?.operationId).toBe('rb-killed');
    const history = await new HistoryJournal(layout.history).read();
    const recorded = history.find((e) => e.operationId === 'rb-killed');
    expect(recorded).toMatchObject({ event: 'rollback', status: 'PARTIAL', from: two.id, to: one.id });
    expect(lastSwitch(history)).toBe(await store.currentId());
  });

  it('records a deployment killed before its switch and removes its partial release', async () => {
    const { source, deployer, layout, store, switches } = await environment();
    const first = await deployer.deploy({ source });
    await store.create({ id: 'dep-unswitched', environment: 'dev', workflows: [] });
    await switches.begin({ operationId: 'dep-unswitched', operation: 'deploy', from: first.id, to: 'dep-unswitched' });
    await store.create({ id: 'dep-no-intent', environment: 'dev', workflows: [] }); // killed while building
    await mkdir(layout.release('dep-no-meta').dir, { recursive: true }); // killed while creating
    const next = await deployer.rollback({ environment: 'dev' });
    expect(next.reconciled?.discarded.sort()).toEqual(['dep-no-intent', 'dep-unswitched']);
    expect((await store.list()).map((r) => r.id)).not.toContain('dep-unswitched');
    const history = await new HistoryJournal(layout.history).read();
    expect(history.find((e) => e.operationId === 'dep-unswitched')).toMatchObject({ event: 'failure', status: 'FAILED', to: null, code: 'OPERATION_INTERRUPTED' });
    expect(history.find((e) => e.operationId === 'dep-no-intent')).toMatchObject({ event: 'failure', code: 'OPERATION_INTERRUPTED' });
  });

  it('keeps history one entry per line after a crash tore the last line', async () => {
    const { source, deployer, layout } = await environment();
    await deployer.deploy({ source });
    await writeFile(layout.history, `${await readFile(layout.history, 'utf8')}{"event":"dep`, 'utf8');
    await deployer.deploy({ source });
    const history = await new HistoryJournal(layout.history).read();
    expect(history).toHaveLength(2);
  });
});
