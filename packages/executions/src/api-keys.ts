import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { deployError, type EnvironmentName, type SecretsBackend } from '@exec-automator/core';

/** Secrets of the backend that hold API keys: `EXEC_AUTOMATOR_API_KEY_<ID>` (the name ends in `API_KEY`, so it is treated as a secret). */
const PREFIX = 'EXEC_AUTOMATOR_API_KEY_';

/** An API key as listed: never the key itself, only its id, label, creation time and state. */
export interface ApiKeyInfo {
  /** Short id (8 hex digits), also the last part of the secret's name. */
  id: string;
  /** The `--name` label, or `null`. */
  name: string | null;
  /** When it was created (ISO time). */
  created_at: string;
  /** When it was revoked, or `null` while it is valid. */
  revoked_at: string | null;
  /** The first characters of the key, enough to recognise it (`ea_1a2b…`). */
  prefix: string;
}

interface StoredKey extends ApiKeyInfo {
  /** `sha256:<hex>` of the key. */
  hash: string;
}

function sha256(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

function parseStored(id: string, raw: string | undefined): StoredKey | undefined {
  if (raw === undefined) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<StoredKey>;
    if (typeof value.hash !== 'string' || !value.hash.startsWith('sha256:')) return undefined;
    return { id, name: value.name ?? null, created_at: value.created_at ?? '', revoked_at: value.revoked_at ?? null, prefix: value.prefix ?? '', hash: value.hash };
  } catch {
    return undefined;
  }
}

/**
 * The API keys of an environment. A key is shown once, when it is created; the secrets backend
 * keeps only its SHA-256 hash (with its label and creation time) as the secret
 * `EXEC_AUTOMATOR_API_KEY_<id>`. Revoking keeps the entry, marked revoked (backends cannot
 * delete), so `list` shows what existed.
 */
export class ApiKeys {
  readonly #backend: SecretsBackend;
  readonly #environment: EnvironmentName;

  /** @param backend - the environment's secrets backend; must be persistent to create keys */
  constructor(backend: SecretsBackend, environment: EnvironmentName) {
    this.#backend = backend;
    this.#environment = environment;
  }

  /** Creates a key and returns it with its info; the key is not stored, only its hash. */
  async create(name?: string): Promise<{ key: string; info: ApiKeyInfo }> {
    if (this.#backend.persistent === false) {
      throw deployError(
        'SECRETS_ERROR',
        `The "${this.#backend.name}" secrets backend of ${this.#environment} keeps values for this process only, so an API key would be forgotten at once. ` +
          'Use the encrypted-file backend for this environment (config: environments.<env>.secrets.backend "encrypted-file").',
        { details: { environment: this.#environment, backend: this.#backend.name } },
      );
    }
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    if (name !== undefined && (name.length === 0 || name.length > 100 || /[\u0000-\u001f]/.test(name))) {
      throw deployError('INVALID_ARGUMENT', '--name must be 1 to 100 printable characters.');
    }
    const id = randomBytes(4).toString('hex');
    const key = `ea_${randomBytes(32).toString('base64url')}`;
    const info: ApiKeyInfo = { id, name: name ?? null, created_at: new Date().toISOString(), revoked_at: null, prefix: key.slice(0, 7) };
    await this.#backend.set(`${PREFIX}${id}`, JSON.stringify({ ...info, hash: sha256(key) }));
    return { key, info };
  }

  /** Every key of the environment, revoked ones included, oldest first. */
  async list(): Promise<ApiKeyInfo[]> {
    return (await this.#stored()).map(({ hash: _hash, ...info }) => info);
  }

  /** Revokes the key with this id or name; `API_KEY_NOT_FOUND` if none is valid. */
  async revoke(idOrName: string): Promise<ApiKeyInfo> {
    const match = (await this.#stored()).filter((k) => k.revoked_at === null && (k.id === idOrName || k.name === idOrName));
    if (match.length === 0) throw deployError('API_KEY_NOT_FOUND', `No valid API key with id or name "${idOrName}" in ${this.#environment}.`, { details: { key: idOrName } });
    if (match.length > 1) throw deployError('INVALID_ARGUMENT', `Several API keys are named "${idOrName}"; revoke one by its id: ${match.map((k) => k.id).join(', ')}.`);
    const key = match[0] as StoredKey;
    const revoked: StoredKey = { ...key, revoked_at: new Date().toISOString() };
    await this.#backend.set(`${PREFIX}${key.id}`, JSON.stringify(revoked));
    const { hash: _hash, ...info } = revoked;
    return info;
  }

  /** The valid key that `key` is (its info, never its hash), or undefined: who made a request, for audit trails. */
  async identify(key: string): Promise<ApiKeyInfo | undefined> {
    const found = (await this.#stored()).find((k) => k.revoked_at === null && keyMatches(key, [k.hash]));
    if (!found) return undefined;
    const { hash: _hash, ...info } = found;
    return info;
  }

  /** The hashes of the valid keys (what the server checks requests against). */
  async validHashes(): Promise<string[]> {
    return (await this.#stored()).filter((k) => k.revoked_at === null).map((k) => k.hash);
  }

  /** Whether `key` is one of the valid (not revoked) keys. */
  async isValid(key: string): Promise<boolean> {
    return keyMatches(key, await this.validHashes());
  }

  async #stored(): Promise<StoredKey[]> {
    const names = (await this.#backend.list()).filter((n) => n.startsWith(PREFIX));
    const keys: StoredKey[] = [];
    for (const name of names) {
      const stored = parseStored(name.slice(PREFIX.length), await this.#backend.get(name));
      if (stored) keys.push(stored);
    }
    return keys.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }
}

/** True when `key` hashes to one of `hashes` (compared in constant time). */
export function keyMatches(key: string, hashes: readonly string[]): boolean {
  const candidate = Buffer.from(sha256(key));
  let found = false;
  for (const hash of hashes) {
    const expected = Buffer.from(hash);
    if (expected.length === candidate.length && timingSafeEqual(expected, candidate)) found = true;
  }
  return found;
}
