import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { deployError } from '../errors/deploy-error.js';
import { writeFileAtomic } from '../util/atomic-fs.js';
import { loadSecretKey, type SecretKeySource } from './secret-key.js';
import type { SecretsBackend } from './secrets-backend.js';

/** Format version written to the store. */
const STORE_VERSION = 1;
const CIPHER = 'aes-256-gcm';

/** One encrypted value: 96-bit IV, 128-bit tag, ciphertext (all base64). */
interface SealedValue {
  iv: string;
  tag: string;
  data: string;
}

/** The store file. Names are visible (so `list` needs no key); values are sealed. */
interface StoreFile {
  version: number;
  cipher: typeof CIPHER;
  secrets: Record<string, SealedValue>;
}

/** Options of {@link EncryptedFileSecretsBackend}. */
export interface EncryptedFileSecretsOptions extends SecretKeySource {
  /** The store file (created with mode 0600 in a 0700 directory on the first `set`). */
  file: string;
}

/**
 * Secrets in one file, each value sealed with AES-256-GCM under a 32-byte key that lives
 * elsewhere: an environment variable, or a key file (mode 0600) outside the deployment root.
 * The secret's name is the GCM associated data, so a value moved under another name fails to
 * decrypt. The default backend for staging and production.
 */
export class EncryptedFileSecretsBackend implements SecretsBackend {
  readonly name = 'encrypted-file';
  /** Values are encrypted at rest. */
  readonly plaintext = false;
  /** Values persist in the store file. */
  readonly persistent = true;
  readonly #options: EncryptedFileSecretsOptions;
  #key: Buffer | undefined;

  /** @param options - the store file and where its key comes from */
  constructor(options: EncryptedFileSecretsOptions) {
    this.#options = options;
  }

  /** The store file. */
  get file(): string {
    return this.#options.file;
  }

  async get(name: string): Promise<string | undefined> {
    const store = await this.#read();
    const sealed = store?.secrets[name];
    if (!sealed) return undefined;
    return this.#open(name, sealed, await this.#keyFor(false));
  }

  async set(name: string, value: string): Promise<void> {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw deployError('INVALID_ARGUMENT', `Secret names are letters, digits and underscores, not starting with a digit (got "${name}").`);
    }
    const key = await this.#keyFor(true);
    const store = (await this.#read()) ?? { version: STORE_VERSION, cipher: CIPHER, secrets: {} };
    // Every existing value must open with this key: never mix keys in one store.
    for (const [other, sealed] of Object.entries(store.secrets)) this.#open(other, sealed, key);
    store.secrets[name] = this.#seal(name, value, key);
    await this.#write(store);
  }

  /** Removes a secret; returns false when it was not set. */
  async delete(name: string): Promise<boolean> {
    const store = await this.#read();
    if (!store?.secrets[name]) return false;
    delete store.secrets[name];
    await this.#write(store);
    return true;
  }

  async list(): Promise<string[]> {
    const store = await this.#read();
    return Object.keys(store?.secrets ?? {}).sort();
  }

  async #keyFor(create: boolean): Promise<Buffer> {
    this.#key ??= await loadSecretKey(this.#options, create);
    return this.#key;
  }

  #seal(name: string, value: string, key: Buffer): SealedValue {
    const iv = randomBytes(12);
    const cipher = createCipheriv(CIPHER, key, iv);
    cipher.setAAD(Buffer.from(name, 'utf8'));
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  #open(name: string, sealed: SealedValue, key: Buffer): string {
    try {
      const decipher = createDecipheriv(CIPHER, key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(Buffer.from(name, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw deployError(
        'SECRETS_ERROR',
        `Secret ${name} in ${this.file} cannot be decrypted: the key is not the one it was stored with, or the store was altered.`,
        { details: { file: this.file, secret: name } },
      );
    }
  }

  async #read(): Promise<StoreFile | undefined> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw deployError('SECRETS_ERROR', `Cannot read the secrets store ${this.file}: ${(error as Error).message}`, { details: { file: this.file } });
    }
    let store: StoreFile;
    try {
      store = JSON.parse(text) as StoreFile;
    } catch {
      throw deployError('SECRETS_ERROR', `The secrets store ${this.file} is not valid JSON.`, { details: { file: this.file } });
    }
    if (store.version !== STORE_VERSION || store.cipher !== CIPHER || typeof store.secrets !== 'object' || store.secrets === null) {
      throw deployError('SECRETS_ERROR', `The secrets store ${this.file} has an unknown format (version ${String(store.version)}).`, {
        details: { file: this.file },
      });
    }
    return store;
  }

  async #write(store: StoreFile): Promise<void> {
    const dir = path.dirname(this.file);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file, `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 });
    // writeFileAtomic's mode is filtered by the umask; make sure it is exactly owner-only.
    await chmod(this.file, 0o600);
  }
}
