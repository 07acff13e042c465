import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { deployError, type SecretsBackend } from '@exec-automator/core';
import { CHECKPOINT_KEY_SECRET, type CheckpointConfigFile } from '@exec-automator/core/config';
import { type CheckpointCheck } from '@exec-automator/core/python';

/** Host and port of a Postgres or Redis store; undefined for SQLite. */
export function storeAddress(config: CheckpointConfigFile): { host: string; port: number } | undefined {
  const conn = config.connection;
  if (!conn) return undefined;
  if ('host' in conn) return { host: conn.host, port: conn.port };
  const url = new URL(conn.url);
  return { host: url.hostname || '127.0.0.1', port: Number(url.port || 6379) };
}

/**
 * Opens and closes a TCP connection to the store, so an unreachable Postgres or Redis fails the
 * environment phase at once (`CHECKPOINT_STORE_UNREACHABLE`), before any dependency is installed
 * or anything is released. Authentication and `setup()` are checked later by the runner, in the
 * release's venv (dependencies phase).
 */
export async function probeStore(config: CheckpointConfigFile, timeoutMs: number): Promise<void> {
  const address = storeAddress(config);
  if (!address) return;
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host: address.host, port: address.port });
    const fail = (reason: string): void => {
      socket.destroy();
      reject(
        deployError(
          'CHECKPOINT_STORE_UNREACHABLE',
          `The ${config.storage_type} checkpoint store at ${address.host}:${address.port} is unreachable (${reason}). ` +
            'Start it, or fix checkpoints.' + config.storage_type + ' in the configuration.',
          { details: { storage: config.storage_type, host: address.host, port: address.port, reason } },
        ),
      );
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`));
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
  });
}

/** Turns the runner's `checkpoint_check` answer into the phase's error codes. */
export function assertStoreReady(config: CheckpointConfigFile, check: CheckpointCheck): void {
  if (check.status === 'ok') return;
  throw deployError(
    check.status === 'unsupported' ? 'CHECKPOINT_STORE_UNSUPPORTED' : 'CHECKPOINT_STORE_UNREACHABLE',
    `The ${config.storage_type} checkpoint store (${config.storage_path}) is not usable: ${check.message}`,
    { details: { storage: config.storage_type, status: check.status } },
  );
}

/**
 * Makes sure the checkpoint encryption key exists in the secrets backend: generated once per
 * environment (32 random characters, the length AES-256 needs) and kept there. A backend that
 * cannot keep it (environment variables) must already hold it: a key that vanished with the
 * process would make every checkpoint unreadable.
 *
 * @returns true when the key was generated now
 */
export async function ensureEncryptionKey(secrets: SecretsBackend, name = CHECKPOINT_KEY_SECRET): Promise<boolean> {
  const existing = await secrets.get(name);
  if (existing !== undefined) {
    if (![16, 24, 32].includes(Buffer.byteLength(existing))) {
      throw deployError('SECRETS_ERROR', `${name} must be 16, 24 or 32 bytes long (AES); the stored value is not.`, { details: { secret: name } });
    }
    return false;
  }
  if (secrets.persistent === false) {
    throw deployError(
      'SECRETS_ERROR',
      `Checkpoint encryption needs ${name}, and the "${secrets.name}" secrets backend cannot keep a generated one. Set ${name} (32 characters), e.g. \`export ${name}=$(openssl rand -hex 16)\`, or use the encrypted-file backend (secrets.backend: "encrypted-file").`,
      { details: { secret: name, backend: secrets.name } },
    );
  }
  // base64url of 24 random bytes: 32 characters, 192 bits of entropy, valid as an AES-256 key.
  await secrets.set(name, randomBytes(24).toString('base64url'));
  return true;
}
