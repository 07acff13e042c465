import { existsSync } from 'node:fs';
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExamples, runCli, tempDirs, type CliRun } from './helpers/cli.js';

// Hostile or broken input reaches a typed error, never a crash: one JSON object under --json
// (usage errors included), exit 2 for usage, no file content echoed, validation catching what
// the health check would trip over after the switch, links out of the source refused outside dev.

const tempDir = tempDirs();

/** The one JSON object stdout must hold. */
function oneObject(run: CliRun): Record<string, unknown> {
  let parsed: unknown;
  expect(() => (parsed = JSON.parse(run.stdout)), `stdout: ${run.stdout}\nstderr: ${run.stderr}`).not.toThrow();
  expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true);
  return parsed as Record<string, unknown>;
}

describe('--json prints exactly one JSON object, errors included', () => {
  it('for refused ids (cancel, rollback, invoke resume) with INVALID_ARGUMENT and exit 2', async () => {
    const root = path.join(await tempDir(), 'root');
    for (const args of [
      ['cancel', '../x'],
      ['cancel', '../../../etc/passwd'],
      ['rollback', '../../../../outside/rel'],
      ['invoke', 'workflow_x', '--thread', '../x', '--resume', '{}'],
      ['invoke', 'workflow_x', '--thread', 'a\u0001b', '--resume', '{}'],
    ]) {
      const run = await runCli([...args, '--json', '--root', root]);
      expect([args, run.code]).toEqual([args, 2]);
      const out = oneObject(run);
      // A command's own result (rollback: FAILED with its error) or the CLI's error object.
      expect((out.error as { code: string }).code).toBe('INVALID_ARGUMENT');
      expect(run.stdout + run.stderr).not.toContain('internal error');
      expect(run.stderr).not.toMatch(/internal error|TypeError|at .*\.js:\d+/);
    }
    expect(existsSync(root)).toBe(false);
  });

  it('for usage errors commander reports (unknown option or command, bad environment)', async () => {
    for (const args of [['deploy', '--bogus'], ['nosuchcommand'], ['status', '--environment=nope']]) {
      const run = await runCli([...args, '--json']);
      expect([args, run.code]).toEqual([args, 2]);
      const out = oneObject(run);
      expect((out.error as { code: string }).code).toBe('INVALID_ARGUMENT');
      expect(out.exitCode).toBe(2);
    }
  });
});

describe('--input @file', () => {
  it('never echoes the file in its error', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'not-json.txt');
    await writeFile(file, 'vm-SECRET-CONTENT-7731 line\nmore-SECRET-CONTENT\n');
    for (const json of [[], ['--json']]) {
      const run = await runCli(['invoke', 'workflow_x', '--input', `@${file}`, '--root', path.join(dir, 'root'), ...json]);
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).not.toContain('SECRET-CONTENT');
      expect(run.stderr).toContain(`--input file ${file} is not valid JSON`);
    }
    const missing = await runCli(['invoke', 'workflow_x', '--input', `@${path.join(dir, 'absent.json')}`, '--json', '--root', path.join(dir, 'root')]);
    expect(oneObject(missing)).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('validation reads what the health check reads', () => {
  it('fails a config nested 200k levels deep in validation, with its code, before anything is released', async () => {
    const dir = await tempDir();
    const source = await copyExamples(dir);
    const configFile = path.join(source, 'agent-resp_005-config.json');
    await writeFile(configFile, `{"agent_id": "resp_005", "deep": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    const root = path.join(dir, 'root');
    const run = await runCli(['deploy', 'all', '--source', source, '--environment=dev', '--root', root, '--json', '--skip-tests']);
    expect(run.code, run.stderr).toBe(3);
    const out = oneObject(run);
    expect(out).toMatchObject({ status: 'FAILED', error: { code: 'VALIDATION_FAILED' } });
    expect(run.stdout).toContain('AGENT_CONFIG_TOO_LARGE');
    expect(run.stdout).toContain('nested more than 100 levels');
    expect(existsSync(path.join(root, 'dev', 'current'))).toBe(false);
  });
});

describe('links that leave the source', () => {
  it('are refused in staging and production with PATH_NOT_ALLOWED and reported in dev', async () => {
    const dir = await tempDir();
    const source = await copyExamples(dir);
    const outsideTests = path.join(dir, 'shared.tests.json');
    const link = path.join(source, 'tests', 'workflow-resp_005-board-coordination.tests.json');
    await writeFile(outsideTests, await readFile(link));
    await rm(link);
    await symlink(outsideTests, link);
    const root = path.join(dir, 'root');
    for (const environment of ['staging', 'production']) {
      const run = await runCli(['deploy', 'all', '--source', source, `--environment=${environment}`, '--root', root, '--json', '--validate-only']);
      expect([environment, run.code]).toEqual([environment, 2]);
      expect(oneObject(run)).toMatchObject({ status: 'FAILED', error: { code: 'PATH_NOT_ALLOWED', details: { path: link, target: outsideTests, reason: 'link-leaves-source' } } });
    }
    const dev = await runCli(['deploy', 'all', '--source', source, '--environment=dev', '--root', root, '--json', '--validate-only']);
    expect(dev.code, dev.stderr).toBe(0);
    expect(dev.stdout).toContain('SOURCE_LINK_OUTSIDE');
  });
});
