import path from 'node:path';
import type { SecretsBackend } from './secrets-backend.js';

/** The root the CLI uses when `--root` is not given (relative to the working directory). */
export const DEFAULT_ROOT_DIR = '.exec-automator';

/** A word safe to paste into a POSIX shell. */
function quote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `--environment=<env>`, plus `--root <dir>` when the root is not the CLI's default
 * (`./.exec-automator` of the working directory): the flags that make a suggested command
 * act on the same environment.
 */
export function environmentFlags(environment: string, root?: string): string {
  const flags = [`--environment=${environment}`];
  if (root !== undefined && path.resolve(root) !== path.resolve(DEFAULT_ROOT_DIR)) flags.push('--root', quote(root));
  return flags.join(' ');
}

/**
 * How to give secret `name` a value that a deployment to `environment` reads, as the exact
 * command: `exec-automator secrets set NAME --from-stdin --environment=<env>` for the encrypted
 * store; `export NAME=<value>` where the backend reads the process environment (dev's `env`);
 * for another backend (a plugin), where to store it.
 */
export function setSecretCommand(name: string, environment: string, backend: Pick<SecretsBackend, 'name' | 'persistent'>, root?: string): string {
  if (backend.name.startsWith('encrypted-file')) return `exec-automator secrets set ${name} --from-stdin ${environmentFlags(environment, root)}`;
  if (backend.name === 'env' || backend.persistent === false) return `export ${name}=<value> in the shell that runs exec-automator`;
  return `store ${name} in the ${backend.name} secrets backend`;
}
