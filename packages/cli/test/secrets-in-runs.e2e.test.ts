import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { filesUnder, json, runCli, tempDirs } from './helpers/cli.js';

// A workflow that logs, prints and raises with its model's API key: the key must appear nowhere
// under the root (workflow logs, checkpoints, execution records, reports) in dev and staging,
// nor in any CLI output; `***` stands in its place. (MCP replies: packages/mcp/test/mcp-redaction.e2e.test.ts.)

const tempDir = tempDirs();
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'leaky-workflows');
const WORKFLOW = 'workflow-leak_001-secret-logger';
const MARKER = 'sk-ant-api03-LEAKMARKER-runs-91c4e7';

/** Every text of every table of a SQLite file, zlib-compressed blobs decompressed (system python3). */
async function sqliteTexts(file: string): Promise<string> {
  const script = [
    'import sqlite3, sys, zlib',
    'conn = sqlite3.connect(sys.argv[1])',
    'for (table,) in conn.execute("select name from sqlite_master where type=\'table\'").fetchall():',
    '    for row in conn.execute(f"select * from {table}"):',
    '        for value in row:',
    '            if isinstance(value, bytes):',
    '                try: value = zlib.decompress(value)',
    '                except zlib.error: pass',
    '                print(value.decode("utf-8", "replace"))',
    '            elif value is not None: print(value)',
  ].join('\n');
  const { stdout } = await promisify(execFile)('python3', ['-c', script, file], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function scanRoot(root: string): Promise<{ files: string[]; sqlite: string[] }> {
  const files = await filesUnder(root, (rel) => rel.split(path.sep).includes('venvs'));
  const sqlite: string[] = [];
  for (const file of files) {
    expect(file.content.includes(MARKER), `${file.path} holds the secret`).toBe(false);
    if (file.path.endsWith('.sqlite')) {
      const texts = await sqliteTexts(path.join(root, file.path));
      expect(texts.includes(MARKER), `${file.path} (decompressed) holds the secret`).toBe(false);
      sqlite.push(texts);
    }
  }
  return { files: files.map((f) => f.path), sqlite };
}

describe('secret values in workflow runs', () => {
  for (const environment of ['dev', 'staging'] as const) {
    it(`never reach the ${environment} root or the CLI output when a workflow logs and raises with one`, async () => {
      const dir = await tempDir();
      const root = path.join(dir, 'root');
      // dev reads secrets from the environment; staging from its store, falling back to the environment.
      const env = { ANTHROPIC_API_KEY: MARKER, XDG_CONFIG_HOME: path.join(dir, 'config') };
      const common = [`--environment=${environment}`, '--root', root];
      const deploy = await runCli(['deploy', 'all', '--source', FIXTURES, '--json', ...common], { env });
      expect(deploy.code, deploy.stderr).toBe(0);
      const failed = await runCli(['invoke', WORKFLOW, '--input', '{"fail": true}', '--json', ...common], { env });
      const failure = json<{ execution: { status: string; error_message: string }; error: { message: string } }>(failed);
      expect(failure.execution.status).toBe('error');
      expect(failure.error.message).toContain('the model refused key ***');
      const completed = await runCli(['invoke', WORKFLOW, '--input', '{}', ...common], { env });
      expect(completed.code, completed.stderr).toBe(0);
      for (const run of [deploy, failed, completed]) expect(run.stdout + run.stderr).not.toContain(MARKER);

      const { files, sqlite } = await scanRoot(root);
      const log = path.join(root, environment, 'logs', 'workflows.log');
      expect(files).toContain(path.join(environment, 'logs', 'workflows.log'));
      expect(files.some((f) => f.endsWith('executions.jsonl'))).toBe(true);
      expect(sqlite.join('\n')).toContain('the model refused key ***');
      const logText = (await filesUnder(path.dirname(log))).map((f) => f.content.toString()).join('\n');
      expect(logText).toContain('calling the model with key ***');
      expect(logText).toContain('inner failure with ***');
      expect((await stat(log)).mode & 0o777).toBe(0o600);
    });
  }
});
