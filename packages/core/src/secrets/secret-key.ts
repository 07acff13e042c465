import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DeployError, deployError } from '../errors/deploy-error.js';
import { writeFileAtomic } from '../util/atomic-fs.js';

/** Where an encrypted store's 32-byte key comes from. */
export interface SecretKeySource {
  /** Key file (base64 or hex text, or 32 raw bytes), mode 0600; created on first use when missing. */
  keyFile: string;
  /** Environment variable that holds the key instead (base64 or hex); wins over the file. */
  keyEnv?: string;
  /** Variables to read `keyEnv` from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** The key length of AES-256. */
const KEY_BYTES = 32;

/** Decodes a key given as 64 hex digits, base64 of 32 bytes, or 32 raw bytes; undefined when none fits. */
export function decodeSecretKey(raw: Buffer | string): Buffer | undefined {
  const buffer = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  if (buffer.length === KEY_BYTES && typeof raw !== 'string') return buffer;
  const text = buffer.toString('utf8').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const decoded = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (decoded.length === KEY_BYTES) return decoded;
  }
  return undefined;
}

/**
 * The default key file of an environment's store: under `$XDG_CONFIG_HOME/exec-automator/keys`
 * (default `~/.config`), named after the environment and a hash of the store's path. It lives
 * outside the deployment root on purpose: a copy or backup of the root carries ciphertext only.
 */
export function defaultKeyFile(storeFile: string, environment: string, env: NodeJS.ProcessEnv = process.env): string {
  const config = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  const hash = createHash('sha256').update(path.resolve(storeFile)).digest('hex').slice(0, 12);
  return path.join(config, 'exec-automator', 'keys', `${environment}-${hash}.key`);
}

/**
 * Loads the key: from `keyEnv` when that variable is set, else from `keyFile`. With `create`,
 * a missing key file is generated (32 random bytes, base64, mode 0600 in a 0700 directory);
 * without it a missing key is `SECRETS_ERROR`. A key file readable by group or others is
 * refused, as ssh refuses such a private key.
 */
export async function loadSecretKey(source: SecretKeySource, create: boolean): Promise<Buffer> {
  const env = source.env ?? process.env;
  const fromEnv = source.keyEnv ? env[source.keyEnv] : undefined;
  if (fromEnv) {
    const key = decodeSecretKey(fromEnv);
    if (!key) throw deployError('SECRETS_ERROR', `${source.keyEnv} must hold a 32-byte key as 64 hex digits or base64.`, { details: { variable: source.keyEnv } });
    return key;
  }
  const file = source.keyFile;
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw keyError(file, (error as Error).message);
    if (!create) {
      throw deployError(
        'SECRETS_ERROR',
        `The secrets store key ${file} does not exist${source.keyEnv ? ` and ${source.keyEnv} is not set` : ''}: the store cannot be opened.`,
        { details: { keyFile: file } },
      );
    }
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const key = randomBytes(KEY_BYTES);
    await writeFileAtomic(file, `${key.toString('base64')}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    return key;
  }
  if ((info.mode & 0o077) !== 0) {
    throw deployError('SECRETS_ERROR', `The secrets store key ${file} is readable by others (mode ${(info.mode & 0o777).toString(8)}); make it private: \`chmod 600 ${file}\`.`, {
      details: { keyFile: file },
    });
  }
  const key = decodeSecretKey(await readFile(file));
  if (!key) throw keyError(file, 'it does not hold a 32-byte key (64 hex digits, base64, or 32 raw bytes)');
  return key;
}

function keyError(file: string, reason: string): DeployError {
  return deployError('SECRETS_ERROR', `Cannot use the secrets store key ${file}: ${reason}.`, { details: { keyFile: file } });
}
