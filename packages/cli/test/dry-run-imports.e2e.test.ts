import { appendFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExamples, runCli, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs();

describe('honest dry-run', () => {
  it('says that validation imports the workflow modules, and runs their imports in a scratch working directory', async () => {
    const dir = await tempDir();
    const source = await copyExamples(dir);
    const workflow = (await readdir(source)).find((n) => n.startsWith('workflow-') && n.endsWith('.py')) as string;
    // Module-level code that writes relative to the working directory.
    await appendFile(path.join(source, workflow), '\nopen("written-at-import.txt", "w").write("imported")\n');
    for (const mode of ['--validate-only', '--dry-run']) {
      const run = await runCli(['deploy', 'all', '--source', source, '--root', path.join(dir, 'root'), mode], { cwd: source });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('imported each workflow module');
      expect(await readdir(source)).not.toContain('written-at-import.txt');
    }
  });
});
