import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, REPO } from './cli.js';

/** A POSIX shell word. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** True when util-linux `script` (a pseudo-terminal for a command) is installed. */
export const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** What a run under a pseudo-terminal printed (stdout and stderr share the terminal). */
export interface PtyRun {
  code: number | null;
  output: string;
}

/** This process's environment without what decides the terminal output (CI, NO_COLOR, TERM, the locale). */
function inherited(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['CI', 'NO_COLOR', 'FORCE_COLOR', 'TERM', 'LANG', 'LC_ALL', 'LC_CTYPE']) delete env[name];
  return env;
}

/**
 * Runs `exec-automator ...args` with stdout and stderr on a pseudo-terminal of 120 columns
 * (`script -qec … /dev/null`), in this process's environment with the terminal variables
 * replaced by `env`.
 */
export function runCliInPty(args: string[], env: NodeJS.ProcessEnv): Promise<PtyRun> {
  const command = `stty cols 120 rows 40 2>/dev/null; exec ${[process.execPath, CLI, ...args].map(shellWord).join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: REPO,
      env: { ...inherited(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** A directory holding an `exec-automator` launcher for the built CLI, to put first on PATH. */
export async function cliOnPath(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-bin-'));
  const launcher = path.join(dir, 'exec-automator');
  await writeFile(launcher, `#!/bin/sh\nexec ${shellWord(process.execPath)} ${shellWord(CLI)} "$@"\n`);
  await chmod(launcher, 0o755);
  return dir;
}
