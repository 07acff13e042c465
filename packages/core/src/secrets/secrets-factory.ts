import path from 'node:path';
import type { SecretsSettings } from '../config/storage-settings.js';
import { deployError } from '../errors/deploy-error.js';
import type { EnvironmentName } from '../environment/environments.js';
import type { EnvironmentLayout } from '../environment/layout.js';
import { EncryptedFileSecretsBackend } from './encrypted-file-backend.js';
import { defaultKeyFile } from './secret-key.js';
import { EnvSecretsBackend, type SecretsBackend } from './secrets-backend.js';

/**
 * A store first, the process environment second: `get` answers from the first backend that
 * has a value, `set` writes to the store, `list` is the union. Staging's default, so keys that
 * CI exports as variables still work there; production refuses it (it reads plaintext).
 */
export class FallbackSecretsBackend implements SecretsBackend {
  readonly name: string;
  readonly plaintext: boolean;
  readonly persistent: boolean;
  readonly #store: SecretsBackend;
  readonly #fallback: SecretsBackend;

  /**
   * @param store - where values are written and looked up first
   * @param fallback - consulted for names the store does not hold
   */
  constructor(store: SecretsBackend, fallback: SecretsBackend) {
    this.#store = store;
    this.#fallback = fallback;
    this.name = `${store.name}+${fallback.name}`;
    this.plaintext = Boolean(store.plaintext || fallback.plaintext);
    this.persistent = store.persistent !== false;
  }

  async get(name: string): Promise<string | undefined> {
    return (await this.#store.get(name)) ?? (await this.#fallback.get(name));
  }

  async set(name: string, value: string): Promise<void> {
    await this.#store.set(name, value);
  }

  async list(): Promise<string[]> {
    return [...new Set([...(await this.#store.list()), ...(await this.#fallback.list())])].sort();
  }
}

/** The encrypted store file of an environment (`<env>/secrets/secrets.enc.json` unless configured). */
export function secretsStoreFile(layout: EnvironmentLayout, settings: SecretsSettings): string {
  return path.resolve(settings.file ?? path.join(layout.dir, 'secrets', 'secrets.enc.json'));
}

/**
 * The secrets backend an environment's settings ask for: `env` (dev's default), or the
 * AES-256-GCM `encrypted-file` store, with the process environment as a read fallback when
 * `envFallback` is set (staging's default). Production's backend is checked by
 * {@link assertNoPlaintextSecrets} where it is used.
 */
export function secretsBackendFor(
  environment: EnvironmentName,
  settings: SecretsSettings,
  layout: EnvironmentLayout,
  env: NodeJS.ProcessEnv = process.env,
): SecretsBackend {
  if (settings.backend === 'env') return new EnvSecretsBackend(env);
  const file = secretsStoreFile(layout, settings);
  const store = new EncryptedFileSecretsBackend({
    file,
    keyFile: path.resolve(settings.keyFile ?? defaultKeyFile(file, environment, env)),
    keyEnv: settings.keyEnv,
    env,
  });
  return settings.envFallback ? new FallbackSecretsBackend(store, new EnvSecretsBackend(env)) : store;
}

/**
 * Production refuses plaintext secrets: a backend that keeps values unencrypted (environment
 * variables, or a store with an environment fallback) is `SECRETS_PLAINTEXT_REFUSED` there.
 * Other environments accept any backend.
 */
export function assertNoPlaintextSecrets(environment: EnvironmentName, backend: SecretsBackend): void {
  if (environment !== 'production' || !backend.plaintext) return;
  throw deployError(
    'SECRETS_PLAINTEXT_REFUSED',
    `Production refuses the "${backend.name}" secrets backend: it reads secret values from plaintext environment variables. ` +
      'Use the encrypted-file backend (secrets.backend "encrypted-file" with secrets.envFallback false, the production default) ' +
      'and store values with `exec-automator secrets set <NAME> --environment=production --from-env <VAR>`.',
    { details: { environment, backend: backend.name } },
  );
}
