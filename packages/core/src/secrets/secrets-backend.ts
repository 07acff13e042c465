/**
 * Where secret values (API keys, webhook URLs, encryption keys) live. Implementations never log
 * or return values anywhere but from {@link SecretsBackend.get}.
 */
export interface SecretsBackend {
  /** Short name for reports (`env`, `encrypted-file`, ...). */
  readonly name: string;
  /** The value of secret `name`, or undefined when it is not set. */
  get(name: string): Promise<string | undefined>;
  /** Stores a secret value. */
  set(name: string, value: string): Promise<void>;
  /** Names of the secrets that have a value (never the values). */
  list(): Promise<string[]>;
  /**
   * True when values are held unencrypted where other processes or files can see them (the
   * process environment). Production refuses such a backend (`SECRETS_PLAINTEXT_REFUSED`).
   * Default false: an external secrets manager is not plaintext.
   */
  readonly plaintext?: boolean;
  /**
   * False when {@link SecretsBackend.set} keeps a value for this process only. Secrets that are
   * generated once and must survive (the checkpoint encryption key) need a persistent backend.
   * Default true.
   */
  readonly persistent?: boolean;
}

/** Secret names that are recognised as secret in any environment variable set. */
export const SECRET_NAME_PATTERN = /(API_KEY|TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE_KEY|WEBHOOK|WEBHOOK_URL|ROUTING_KEY|AES_KEY|CREDENTIALS?)$/i;

/**
 * Secrets from the process environment (the default for dev): `get` reads `process.env`, `set`
 * keeps a value in memory for this process only, never on disk.
 */
export class EnvSecretsBackend implements SecretsBackend {
  readonly name = 'env';
  /** Environment variables are plaintext: production refuses this backend. */
  readonly plaintext = true;
  /** `set` lasts for this process only. */
  readonly persistent = false;
  readonly #env: NodeJS.ProcessEnv;
  readonly #overrides = new Map<string, string>();

  /** @param env - the variables to read; default `process.env` */
  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.#env = env;
  }

  async get(name: string): Promise<string | undefined> {
    const value = this.#overrides.get(name) ?? this.#env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  async set(name: string, value: string): Promise<void> {
    this.#overrides.set(name, value);
  }

  async list(): Promise<string[]> {
    const names = new Set<string>(this.#overrides.keys());
    for (const [key, value] of Object.entries(this.#env)) {
      if (value && SECRET_NAME_PATTERN.test(key)) names.add(key);
    }
    return [...names].sort();
  }
}
