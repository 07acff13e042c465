import { randomBytes } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncryptedFileSecretsBackend } from '../../src/entries/secrets.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const MARKER = 'sk-ant-api03-ENCRYPTED-MARKER-91c3';

async function backend(env: NodeJS.ProcessEnv = {}) {
  const dir = await tempDir();
  const file = path.join(dir, 'root', 'production', 'secrets', 'secrets.enc.json');
  const keyFile = path.join(dir, 'keys', 'production.key');
  return { dir, file, keyFile, store: new EncryptedFileSecretsBackend({ file, keyFile, keyEnv: 'TEST_SECRETS_KEY', env }) };
}

describe('encrypted file secrets backend', () => {
  it('stores values sealed with AES-256-GCM in an owner-only file and reads them back', async () => {
    const { file, store } = await backend();
    await store.set('ANTHROPIC_API_KEY', MARKER);
    await store.set('CHECKPOINT_POSTGRES_PASSWORD', 'pg-secret');
    expect(await store.get('ANTHROPIC_API_KEY')).toBe(MARKER);
    expect(await store.get('MISSING')).toBeUndefined();
    expect(await store.list()).toEqual(['ANTHROPIC_API_KEY', 'CHECKPOINT_POSTGRES_PASSWORD']);
    const content = await readFile(file, 'utf8');
    expect(content).not.toContain(MARKER);
    expect(JSON.parse(content)).toMatchObject({ version: 1, cipher: 'aes-256-gcm' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
  });

  it('generates its key on the first write, owner-only and outside the store directory', async () => {
    const { keyFile, store } = await backend();
    await store.set('A_TOKEN', 'value-1');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const reopened = new EncryptedFileSecretsBackend({ file: store.file, keyFile });
    expect(await reopened.get('A_TOKEN')).toBe('value-1');
  });

  it('lists names without the key but refuses to decrypt with another key', async () => {
    const { dir, store } = await backend();
    await store.set('A_TOKEN', 'value-1');
    const otherKey = path.join(dir, 'other.key');
    await writeFile(otherKey, randomBytes(32).toString('base64'), { mode: 0o600 });
    const wrong = new EncryptedFileSecretsBackend({ file: store.file, keyFile: otherKey });
    expect(await wrong.list()).toEqual(['A_TOKEN']);
    await expect(wrong.get('A_TOKEN')).rejects.toMatchObject({ code: 'SECRETS_ERROR' });
    await expect(wrong.set('B_TOKEN', 'x')).rejects.toMatchObject({ code: 'SECRETS_ERROR' });
  });

  it('takes the key from an environment variable (hex or base64) before any key file', async () => {
    const key = randomBytes(32);
    const { keyFile, store } = await backend({ TEST_SECRETS_KEY: key.toString('hex') });
    await store.set('A_TOKEN', 'from-env-key');
    await expect(stat(keyFile)).rejects.toMatchObject({ code: 'ENOENT' });
    const base64 = new EncryptedFileSecretsBackend({ file: store.file, keyFile, keyEnv: 'K', env: { K: key.toString('base64') } });
    expect(await base64.get('A_TOKEN')).toBe('from-env-key');
    const bad = new EncryptedFileSecretsBackend({ file: store.file, keyFile, keyEnv: 'K', env: { K: 'too-short' } });
    await expect(bad.get('A_TOKEN')).rejects.toMatchObject({ code: 'SECRETS_ERROR' });
  });

  it('binds each value to its name: a value moved under another name does not decrypt', async () => {
    const { file, store } = await backend();
    await store.set('A_TOKEN', 'value-a');
    await store.set('B_TOKEN', 'value-b');
    const json = JSON.parse(await readFile(file, 'utf8'));
    json.secrets.B_TOKEN = json.secrets.A_TOKEN;
    await writeFile(file, JSON.stringify(json));
    await expect(store.get('B_TOKEN')).rejects.toMatchObject({ code: 'SECRETS_ERROR' });
  });

  it('refuses a key file that others can read, and a missing key for an existing store', async () => {
    const { keyFile, store } = await backend();
    await store.set('A_TOKEN', 'v');
    await chmod(keyFile, 0o644);
    await expect(new EncryptedFileSecretsBackend({ file: store.file, keyFile }).get('A_TOKEN')).rejects.toMatchObject({ code: 'SECRETS_ERROR' });
    const missing = new EncryptedFileSecretsBackend({ file: store.file, keyFile: `${keyFile}.gone` });
    await expect(missing.get('A_TOKEN')).rejects.toMatchObject({ code: 'SECRETS_ERROR' });
  });

  it('deletes a secret and rejects names that are not variable names', async () => {
    const { store } = await backend();
    await store.set('A_TOKEN', 'v');
    expect(await store.delete('A_TOKEN')).toBe(true);
    expect(await store.delete('A_TOKEN')).toBe(false);
    expect(await store.list()).toEqual([]);
    await expect(store.set('not a name', 'v')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
