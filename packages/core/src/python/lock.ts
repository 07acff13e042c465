import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DeployError, deployError } from '../errors/deploy-error.js';
import type { PythonInfo } from './find-python.js';
import { runCommand, type CommandResult } from './process.js';
import { installerEnv } from './process-env.js';
import type { Installer } from './venv-manager.js';

/** Options of {@link lockRequirements}. */
export interface LockOptions {
  /** `requirements.txt` content (ranges). */
  requirements: string;
  /** Constraints (`-c`): exact pins that win over the ranges (a project's `uv.lock`). */
  constraints?: string;
  /** The interpreter the lock is resolved for (markers, wheels). */
  python: PythonInfo;
  /** uv (`uv pip compile`) or pip (its resolver in `--dry-run --report` mode). */
  installer: Installer;
  /** Cancellation. */
  signal?: AbortSignal;
  /** Time limit. Default 10 minutes. */
  timeoutMs?: number;
}

/**
 * Resolves requirements into a lock: one `name==version` line per distribution, for `python`.
 * The text is deterministic for a given resolution (no timestamps or temporary paths), so its
 * hash names the venv. Throws `DEPENDENCY_LOCK_FAILED` with the resolver's last lines.
 */
export async function lockRequirements(options: LockOptions): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-lock-'));
  try {
    await writeFile(path.join(dir, 'requirements.txt'), options.requirements);
    const constraintArgs = options.constraints?.trim() ? ['-c', 'constraints.txt'] : [];
    if (constraintArgs.length) await writeFile(path.join(dir, 'constraints.txt'), options.constraints as string);
    const run = { cwd: dir, signal: options.signal, timeoutMs: options.timeoutMs ?? 10 * 60_000, guardPython: options.python.executable, env: installerEnv() };
    if (options.installer.kind === 'uv') {
      const [head, ...rest] = options.installer.command as [string, ...string[]];
      // Relative names keep "# via -r requirements.txt" annotations free of temp paths.
      const args = [...rest, 'pip', 'compile', 'requirements.txt', ...constraintArgs, '--python', options.python.executable, '--no-header', '--quiet', '-o', 'requirements.lock'];
      const result = await runCommand(head, args, run);
      if (result.code !== 0) throw lockFailed('uv pip compile', result);
      return `${lockHeader('uv', options.python.version)}\n${await readFile(path.join(dir, 'requirements.lock'), 'utf8')}`;
    }
    const args = ['-m', 'pip', 'install', '--dry-run', '--ignore-installed', '--quiet', '--disable-pip-version-check', '--report', 'report.json', '-r', 'requirements.txt', ...constraintArgs];
    const result = await runCommand(options.python.executable, args, run);
    if (result.code !== 0) throw lockFailed('pip install --dry-run', result);
    type ReportItem = { metadata?: { name?: string; version?: string }; download_info?: { url?: string; dir_info?: unknown } };
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as { install?: ReportItem[] };
    const pins = (report.install ?? [])
      .map((item) =>
        // a local directory is installed from where it is, never looked up on the index by name
        item.download_info?.dir_info !== undefined && item.download_info.url
          ? `${normalizeName(item.metadata?.name ?? '')} @ ${item.download_info.url}`
          : `${normalizeName(item.metadata?.name ?? '')}==${item.metadata?.version ?? ''}`,
      )
      .filter((line) => !line.startsWith('==') && !line.startsWith(' @'))
      .sort();
    return [lockHeader('pip', options.python.version), ...pins, ''].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The first line of a lock: which resolver made it for which Python. A lock is reused only
 * when this line matches, since a resolution holds for one interpreter version.
 */
export function lockHeader(installer: 'uv' | 'pip', pythonVersion: string): string {
  return `# Locked by exec-automator with ${installer} for Python ${pythonVersion}`;
}

/** PEP 503 normalized project name. */
function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The pinned `name==version` lines of a lock (comments and annotations dropped). */
export function lockPins(lock: string): string[] {
  return lock
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => /^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?(==| @ file:)/.test(line));
}

function lockFailed(what: string, result: CommandResult): DeployError {
  const tail = (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n');
  return deployError(
    'DEPENDENCY_LOCK_FAILED',
    result.timedOut ? `${what} timed out while resolving the requirements.` : `${what} could not resolve the requirements (exit ${result.code}):\n${tail}`,
    { details: { exitCode: result.code } },
  );
}
