import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentLayout, type EnvironmentName } from '../../src/index.js';
import { defaultSecretsSettings } from '../../src/entries/config.js';
import {
  assertNoPlaintextSecrets,
  EncryptedFileSecretsBackend,
  EnvSecretsBackend,
  FallbackSecretsBackend,
  secretsBackendFor,
} from '../../src/entries/secrets.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

async function backendIn(environment: EnvironmentName, env: NodeJS.ProcessEnv) {
  const dir = await tempDir();
  const layout = new EnvironmentLayout(path.join(dir, 'root'), environment);
  const settings = { ...defaultSecretsSettings(environment), keyFile: path.join(dir, 'keys', `${environment}.key`) };
  return secretsBackendFor(environment, settings, layout, env);
}

describe('secrets backend per environment', () => {
  it('reads the process environment in dev', async () => {
    const backend = await backendIn('dev', { OPENAI_API_KEY: 'sk-dev' });
    expect(backend).toBeInstanceOf(EnvSecretsBackend);
    expect(await backend.get('OPENAI_API_KEY')).toBe('sk-dev');
    expect(() => assertNoPlaintextSecrets('dev', backend)).not.toThrow();
  });

  it('uses the encrypted store in staging, falling back to exported variables', async () => {
    const backend = await backendIn('staging', { ANTHROPIC_API_KEY: 'sk-from-env' });
    expect(backend).toBeInstanceOf(FallbackSecretsBackend);
    expect(await backend.get('ANTHROPIC_API_KEY')).toBe('sk-from-env');
    await backend.set('ANTHROPIC_API_KEY', 'sk-from-store');
    expect(await backend.get('ANTHROPIC_API_KEY')).toBe('sk-from-store');
    expect(await backend.list()).toEqual(['ANTHROPIC_API_KEY']);
    expect(() => assertNoPlaintextSecrets('staging', backend)).not.toThrow();
  });

  it('uses only the encrypted store in production: exported plaintext variables are not read', async () => {
    const backend = await backendIn('production', { ANTHROPIC_API_KEY: 'sk-plaintext' });
    expect(backend).toBeInstanceOf(EncryptedFileSecretsBackend);
    expect(await backend.get('ANTHROPIC_API_KEY')).toBeUndefined();
    expect(() => assertNoPlaintextSecrets('production', backend)).not.toThrow();
  });

  it('refuses a plaintext backend in production', async () => {
    for (const backend of [new EnvSecretsBackend({}), new FallbackSecretsBackend(new EnvSecretsBackend({}), new EnvSecretsBackend({}))]) {
      let caught: unknown;
      try {
        assertNoPlaintextSecrets('production', backend);
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: 'SECRETS_PLAINTEXT_REFUSED' });
    }
  });
});
