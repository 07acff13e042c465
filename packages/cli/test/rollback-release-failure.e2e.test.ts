import { readdir, readFile, readlink, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Deployer, type Phase, ReleaseStore } from '@exec-automator/core';
import { defaultPhases } from '@exec-automator/pipeline';
import { copyExamples, snapshotTree, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs();

/**
 * The real pipeline with one phase inserted before the release phase that deletes a source file
 * the release phase will copy: the copy then fails half-way, after the first files of the new
 * release are already in place (the real failure mode of a copy error).
 */
function pipelineLosingSourceFile(file: string): Phase[] {
  const phases = defaultPhases();
  const lose: Phase = {
    name: 'lose-source-file',
    title: 'Lose a source file (injected failure)',
    kind: 'prepare',
    async run() {
      await rm(file);
      return { summary: `removed ${path.basename(file)}` };
    },
  };
  phases.splice(phases.findIndex((p) => p.name === 'release'), 0, lose);
  return phases;
}

describe('a failure inside the release phase (SDK, real pipeline, real venv)', () => {
  it('leaves current and the previous release untouched and no partial release directory', async () => {
    const base = await tempDir();
    const source = await copyExamples(base);
    const root = path.join(base, 'root');
    const first = await new Deployer({ root, phases: defaultPhases() }).deploy({ source });
    expect(first.status, JSON.stringify(first.error)).toBe('SUCCESS');
    const envDir = path.join(root, 'dev');
    const releaseDir = path.join(envDir, 'releases', first.id);
    const before = { release: await snapshotTree(releaseDir), current: await readlink(path.join(envDir, 'current')) };
    const stableBefore = await Promise.all(['workflows', 'configs', 'monitoring', 'venv', '.env'].map((n) => readlink(path.join(envDir, n))));

    // The last file the release phase copies: every earlier copy succeeds first.
    const lost = path.join(source, 'tests', 'workflow-resp_005-board-coordination.tests.json');
    const deployer = new Deployer({ root, phases: pipelineLosingSourceFile(lost) });
    const failed = await deployer.deploy({ source });
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatchObject({ phase: 'release' });
    expect(failed.release).toMatchObject({ id: failed.id, switched: false, status: 'discarded' });
    expect(failed.phases.find((p) => p.name === 'release')?.status).toBe('failed');
    expect(failed.phases.filter((p) => ['monitoring', 'health', 'documentation'].includes(p.name)).map((p) => p.status)).toEqual(['skipped', 'skipped', 'skipped']);

    expect(await readlink(path.join(envDir, 'current'))).toBe(before.current);
    expect(await snapshotTree(releaseDir)).toEqual(before.release);
    expect(await readdir(path.join(envDir, 'releases'))).toEqual([first.id]);
    expect(await Promise.all(['workflows', 'configs', 'monitoring', 'venv', '.env'].map((n) => readlink(path.join(envDir, n))))).toEqual(stableBefore);
    expect((await snapshotTree(envDir)).filter((line) => line.includes('.tmp'))).toEqual([]);
    const store = new ReleaseStore(deployer.layout('dev'));
    expect((await store.read(first.id)).status).toBe('good');

    expect((await deployer.history('dev')).at(-1)).toMatchObject({ event: 'failure', status: 'FAILED', from: first.id, to: null });
    const report = await readFile(path.join(envDir, 'DEPLOYMENT-STATUS-REPORT.md'), 'utf8');
    expect(report).toContain(`The partial release was discarded; \`current\` still points at ${first.id}.`);
    const errorLog = failed.reports.find((r) => path.basename(r).startsWith('deployment-errors-'));
    expect(JSON.parse(await readFile(errorLog as string, 'utf8'))).toMatchObject({ failed_phase: 'release', release: { id: failed.id, status: 'discarded' } });
  }, 300_000); // two real deployments
});
