import { spawn } from 'node:child_process';
import { deployError, type SecretsBackend } from '@exec-automator/core';

/** Options of {@link CommandSecretsBackend}. */
export interface CommandSecretsBackendOptions {
  /** Name in reports. Default `command`. */
  name?: string;
  /**
   * The secrets manager's command line, e.g. `['op', 'read']`, `['vault', 'kv', 'get', '-field=value']`
   * or `['gopass', 'show', '-o']`. The backend appends the verb-specific arguments below.
   */
  command: readonly string[];
  /** Arguments for reading one secret; the secret name is appended. Default `['get']`. */
  getArgs?: readonly string[];
  /** Arguments for storing one; the name is appended and the value goes to stdin. Default `['set']`. */
  setArgs?: readonly string[];
  /** Arguments for listing names (one per line on stdout). Default `['list']`. */
  listArgs?: readonly string[];
  /** Exit code the command uses for "no such secret". Default 3. */
  notFoundExitCode?: number;
  /** Time limit per call. Default 10 s. */
  timeoutMs?: number;
}

/**
 * An example secrets-backend plugin for an external secrets manager reached through its CLI
 * (1Password `op`, HashiCorp `vault`, `gopass`, a cloud CLI). Values travel only through the
 * child's stdin and stdout, never through arguments (visible in `ps`), files or logs.
 */
export class CommandSecretsBackend implements SecretsBackend {
  readonly name: string;
  /** The manager stores values encrypted: production accepts this backend. */
  readonly plaintext = false;
  readonly persistent = true;
  readonly #options: CommandSecretsBackendOptions;

  /** @param options - the manager's command and verbs */
  constructor(options: CommandSecretsBackendOptions) {
    if (options.command.length === 0) throw deployError('INVALID_ARGUMENT', 'Expected `command` to name the secrets manager CLI.');
    this.name = options.name ?? 'command';
    this.#options = options;
  }

  async get(name: string): Promise<string | undefined> {
    const result = await this.#run([...(this.#options.getArgs ?? ['get']), name]);
    if (result.code === (this.#options.notFoundExitCode ?? 3)) return undefined;
    this.#check(result, `read ${name}`);
    const value = result.stdout.replace(/\r?\n$/, '');
    return value === '' ? undefined : value;
  }

  async set(name: string, value: string): Promise<void> {
    this.#check(await this.#run([...(this.#options.setArgs ?? ['set']), name], value), `store ${name}`);
  }

  async list(): Promise<string[]> {
    const result = await this.#run([...(this.#options.listArgs ?? ['list'])]);
    this.#check(result, 'list secrets');
    return result.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
  }

  #check(result: { code: number | null; stderr: string }, what: string): void {
    if (result.code === 0) return;
    // stderr of a secrets manager never echoes values; keep only its first line anyway.
    const reason = result.stderr.trim().split('\n')[0] ?? '';
    throw deployError('SECRETS_ERROR', `${this.name}: could not ${what} (exit ${result.code}${reason ? `: ${reason}` : ''}).`);
  }

  #run(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const [command, ...base] = this.#options.command as [string, ...string[]];
    return new Promise((resolve, reject) => {
      const child = spawn(command, [...base, ...args], { stdio: ['pipe', 'pipe', 'pipe'], timeout: this.#options.timeoutMs ?? 10_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', (error) => reject(deployError('SECRETS_ERROR', `${this.name}: cannot run ${command}: ${error.message}`)));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input ?? '');
    });
  }
}
