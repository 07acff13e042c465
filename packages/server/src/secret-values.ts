import type { SecretsBackend } from '@exec-automator/core';
import { Redactor } from '@exec-automator/core/secrets';

/** At most this often are the backend's secret values read again (a secret set while the server runs is masked within this time). */
const REFRESH_MS = 2000;

/**
 * The secret values a server masks in its replies: those of the process environment's
 * secret-looking variables (`Redactor.fromEnvironment`, as the MCP server and the CLI do) and
 * every value of the environment's secrets backend — the ones its workflows are given — read
 * again at most every 2 s. Values are only ever added to the redactor, never shown.
 */
export class SecretValues {
  /** Masks every value known so far. */
  readonly redactor: Redactor;
  readonly #backend: SecretsBackend;
  #readAt = 0;
  #reading: Promise<void> | undefined;

  /**
   * @param backend - the environment's secrets backend
   * @param env - the process environment (default `process.env`)
   */
  constructor(backend: SecretsBackend, env: NodeJS.ProcessEnv = process.env) {
    this.#backend = backend;
    this.redactor = Redactor.fromEnvironment(env);
  }

  /**
   * Reads the backend's values into the redactor unless that was done less than 2 s ago. A
   * backend that cannot be read leaves the values known so far (the runner masks what it
   * injects on its own), and is tried again on the next call after 2 s.
   */
  refresh(): Promise<void> {
    if (this.#reading) return this.#reading;
    if (Date.now() - this.#readAt < REFRESH_MS) return Promise.resolve();
    this.#reading = (async () => {
      try {
        for (const name of await this.#backend.list()) this.redactor.add(await this.#backend.get(name));
      } catch {
        // Keep what is known; the next refresh tries again.
      } finally {
        this.#readAt = Date.now();
        this.#reading = undefined;
      }
    })();
    return this.#reading;
  }
}
