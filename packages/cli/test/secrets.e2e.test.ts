import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, filesUnder, runCli, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs();
const MARKER = 'sk-ant-api03-MARKER-7c1e9d';

describe('secret values', () => {
  it('never appear in a file under the root, in the output or in the events', async () => {
    const root = path.join(await tempDir(), 'root');
    const env = { ANTHROPIC_API_KEY: MARKER };
    const runs = [
      await runCli(['deploy', 'all', '--source', EXAMPLES, '--environment=staging', '--root', root, '--json', '--verbose'], { env }),
      await runCli(['deploy', 'all', '--source', EXAMPLES, '--environment=staging', '--root', root, '--verbose'], { env }),
      await runCli(['status', '--environment=staging', '--root', root], { env }),
      await runCli(['history', '--environment=staging', '--root', root, '--json'], { env }),
    ];
    expect(runs[0]?.code, runs[0]?.stderr).toBe(0);
    for (const run of runs) {
      expect(run.stdout).not.toContain(MARKER);
      expect(run.stderr).not.toContain(MARKER);
    }
    // venvs hold third-party packages only; everything else is ours and must be clean.
    const files = await filesUnder(root, (rel) => rel.split(path.sep).includes('venvs'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(file.content.includes(MARKER), file.path).toBe(false);
  });
});
