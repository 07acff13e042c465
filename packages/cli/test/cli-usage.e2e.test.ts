import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from './helpers/cli.js';
import { cliOnPath } from './helpers/pty.js';

const has = (command: string): boolean => spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0;

describe('exec-automator usage (real CLI subprocess)', () => {
  it('prints the version of its package.json', async () => {
    const pkg = JSON.parse(await readFile(path.join(REPO, 'packages', 'cli', 'package.json'), 'utf8')) as { version: string };
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  it('shows examples and only the options that apply in each command help', async () => {
    const deploy = await runCli(['deploy', '--help']);
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toContain('Examples:');
    expect(deploy.stdout).toContain('$ exec-automator deploy all --source ./workflows');
    for (const flag of ['--source', '--dry-run', '--validate-only', '--report', '--python', '--verbose', '--json']) expect(deploy.stdout).toContain(flag);
    const status = await runCli(['status', '--help']);
    expect(status.stdout).toContain('Examples:');
    for (const flag of ['--python', '--installer', '--cache-dir', '--verbose', '--quiet', '--dry-run', '--report']) expect(status.stdout).not.toContain(flag);
    const secretsSet = await runCli(['secrets', 'set', '--help']);
    expect(secretsSet.stdout).toContain('exec-automator secrets set ANTHROPIC_API_KEY --from-stdin --environment=production');
    expect(secretsSet.stdout).not.toContain('--python');
  });

  it('suggests the option or command that was meant, without printing the whole help', async () => {
    const option = await runCli(['deploy', 'all', '--sourc', 'x']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('(Did you mean --source?)');
    expect(option.stderr).toContain('Run `exec-automator deploy --help`');
    expect(option.stderr).not.toContain('Options:');
    const command = await runCli(['deplyo', 'all']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('(Did you mean deploy?)');
    expect(command.stderr).not.toContain('Commands:');
    const environment = await runCli(['status', '--environment=prod']);
    expect(environment.code).toBe(2);
    expect(environment.stderr).toContain('INVALID_ARGUMENT');
    expect(environment.stderr).toContain('--environment=production');
  });

  it('writes no internal jargon into help texts', async () => {
    const help = [await runCli(['--help']), ...(await Promise.all(['deploy', 'rollback', 'status', 'invoke', 'monitor', 'secrets', 'completion', 'serve', 'api-keys'].map((c) => runCli([c, '--help']))))];
    for (const run of help) expect(run.stdout.toLowerCase()).not.toContain('seed');
  });
});

describe('exec-automator completion (real CLI, real shells)', () => {
  it('loads in bash and completes commands, options of the typed command and environment values', async () => {
    const bin = await cliOnPath();
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const loaded = spawnSync('bash', ['-c', 'source <(exec-automator completion bash) && complete -p exec-automator'], { env, encoding: 'utf8' });
    expect(loaded.status, loaded.stderr).toBe(0);
    expect(loaded.stdout.trim()).toBe('complete -F _exec_automator exec-automator');
    const complete = (line: string): string[] => {
      // COMP_WORDS as bash splits the line (COMP_WORDBREAKS includes "=").
      const script = `source <(exec-automator completion bash)
COMP_LINE=${JSON.stringify(line)}; read -ra COMP_WORDS <<< "$(printf '%s' "$COMP_LINE" | sed 's/=/ = /g')"
[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
_exec_automator
printf '%s\\n' "\${COMPREPLY[@]}"`;
      const run = spawnSync('bash', ['-c', script], { env, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      return run.stdout.split('\n').filter(Boolean);
    };
    expect(complete('exec-automator dep')).toEqual(['deploy']);
    expect(complete('exec-automator secrets ')).toEqual(['set', 'list', 'delete', 'help']);
    expect(complete('exec-automator deploy --dry')).toEqual(['--dry-run']);
    expect(complete('exec-automator status --')).not.toContain('--python');
    expect(complete('exec-automator status --')).toContain('--environment');
    expect(complete('exec-automator deploy all --environment st')).toEqual(['staging']);
    expect(complete('exec-automator deploy all --environment=pro')).toEqual(['production']);
    expect(complete('exec-automator rollback --installer ')).toEqual(['auto', 'uv', 'pip']);
    expect(complete('exec-automator deploy --root x a')).toEqual(['all']);
    expect(complete('exec-automator completion ')).toEqual(['bash', 'zsh', 'fish']);
  });

  it.skipIf(!has('zsh'))('is a valid zsh completion function', async () => {
    const bin = await cliOnPath();
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const run = spawnSync('zsh', ['-c', 'autoload -U compinit && compinit -u -D && source <(exec-automator completion zsh) && print -r -- ${_comps[exec-automator]}'], { env, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('_exec_automator');
  });

  it.skipIf(!has('fish'))('loads in fish and completes the options of a command', async () => {
    const bin = await cliOnPath();
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const run = spawnSync('fish', ['-c', 'exec-automator completion fish | source; complete -C "exec-automator deploy --dry"; complete -C "exec-automator deploy all --environment "'], { env, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^--dry-run\t/m);
    expect(run.stdout.split('\n').map((l) => l.split('\t')[0])).toEqual(expect.arrayContaining(['dev', 'staging', 'production']));
  });
});
