import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CommandResult, runCommand } from '@exec-automator/core/python';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
let found: string | undefined;

/**
 * The promtool binary: on PATH, else installed by `scripts/install-promtool.sh` (promtool from
 * Debian's prometheus package, no service) the first time a test needs it.
 */
export function promtool(): string {
  if (found) return found;
  const which = (): string => spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).stdout.trim();
  let bin = which();
  if (!bin) {
    const install = spawnSync('bash', [path.join(REPO, 'scripts', 'install-promtool.sh')], { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`promtool is missing and scripts/install-promtool.sh failed:\n${install.stderr}`);
    bin = which();
  }
  if (!bin) throw new Error('promtool is not on PATH after scripts/install-promtool.sh');
  found = bin;
  return bin;
}

/** Runs `promtool <args>` (stdin from `input`). */
export function runPromtool(args: string[], input?: string): Promise<CommandResult> {
  return runCommand(promtool(), args, { ...(input === undefined ? {} : { input }), timeoutMs: 60_000 });
}
