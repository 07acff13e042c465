import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, json, runCli, tempDirs } from './helpers/cli.js';

// Everything that accumulates follows a retention: after 20 deployments the environment holds
// the retained releases and reports only, and `status` says how much the root holds.

const tempDir = tempDirs();

describe('retention of reports', () => {
  it('keeps at most the retained deployment reports after 20 deploys, and status shows the root size', async () => {
    const root = path.join(await tempDir(), 'root');
    const common = ['--environment=dev', '--root', root];
    const ids: string[] = [];
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      const run = await runCli(['deploy', 'workflow-resp_005-board-coordination', '--source', EXAMPLES, '--skip-tests', '--json', ...common]);
      expect(run.code, run.stderr).toBe(0);
      ids.push(json<{ id: string }>(run).id);
    }
    const elapsed = performance.now() - started;
    const env = path.join(root, 'dev');
    const names = await readdir(env);
    const reports = names.filter((n) => /^DEPLOYMENT-REPORT-.+\.md$/.test(n)).sort();
    // keepReports defaults to keepReleases (5): the newest five, this run's included.
    expect(reports).toHaveLength(5);
    expect((await readdir(path.join(env, 'releases'))).filter((n) => n.startsWith('dep-')).length).toBeLessThanOrEqual(5);

    const status = await runCli(['status', ...common]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Disk: root \d+(\.\d)? [kMG]?B \(.*\); dev .*venvs .*releases .*checkpoints .*logs .*metrics .*other .*$/m);
    const statusJson = json<{ disk: { root: { bytes: number; path: string }; environment: { bytes: number }; parts: Record<string, number> } }>(await runCli(['status', '--json', ...common]));
    expect(statusJson.disk.root.path).toBe(root);
    expect(statusJson.disk.root.bytes).toBeGreaterThanOrEqual(statusJson.disk.environment.bytes);
    expect(statusJson.disk.parts.releases).toBeGreaterThan(0);
    console.log(`20 deploys in ${Math.round(elapsed / 1000)} s; root ${statusJson.disk.root.bytes} bytes`);

    // A smaller keepReports, in the configuration file, prunes to it at the next deployment.
    const config = path.join(path.dirname(root), 'exec-automator.config.json');
    await writeFile(config, JSON.stringify({ defaults: { keepReports: 2 } }));
    const again = await runCli(['deploy', 'workflow-resp_005-board-coordination', '--source', EXAMPLES, '--skip-tests', '--json', '--config', config, ...common]);
    expect(again.code, again.stderr).toBe(0);
    expect((await readdir(env)).filter((n) => /^DEPLOYMENT-REPORT-.+\.md$/.test(n))).toHaveLength(2);
  }, 1_200_000);
});
