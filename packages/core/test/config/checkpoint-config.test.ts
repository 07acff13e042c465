import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentLayout } from '../../src/index.js';
import {
  checkpointConfigFor,
  checkpointerSpec,
  checkpointRequirements,
  checkpointRuntime,
  checkpointSecretNames,
  defaultCheckpointSettings,
  readCheckpointConfig,
  resolveSettings,
} from '../../src/entries/config.js';
import { EnvSecretsBackend } from '../../src/entries/secrets.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const layout = new EnvironmentLayout('/srv/exec-automator', 'production');

describe('checkpoint configuration', () => {
  it('describes SQLite under <env>/checkpoints by default, encrypted in production', () => {
    const config = checkpointConfigFor(layout, defaultCheckpointSettings('production'));
    expect(config).toMatchObject({
      storage_type: 'filesystem',
      storage_path: '/srv/exec-automator/production/checkpoints',
      database: '/srv/exec-automator/production/checkpoints/checkpoints.sqlite',
      retention_days: 30,
      compression_enabled: true,
      encryption_enabled: true,
      encryption_key_secret: 'LANGGRAPH_AES_KEY',
    });
    expect(checkpointerSpec(config)).toEqual({
      type: 'sqlite',
      path: '/srv/exec-automator/production/checkpoints/checkpoints.sqlite',
      compression: true,
      encryption: { key_env: 'LANGGRAPH_AES_KEY' },
    });
    expect(checkpointSecretNames(config)).toEqual(['LANGGRAPH_AES_KEY']);
    expect(checkpointRequirements(config)).toEqual(['pycryptodome>=3.20']);
  });

  it('names the postgres password secret and never holds a password', () => {
    const settings = resolveSettings('staging', { defaults: { checkpoints: { backend: 'postgres', postgres: { host: 'db', port: 6543 } } } });
    const config = checkpointConfigFor(layout, settings.checkpoints);
    expect(config.storage_path).toBe('postgresql://exec_automator@db:6543/exec_automator');
    const spec = checkpointerSpec(config);
    expect(spec).toMatchObject({ type: 'postgres', password_env: 'CHECKPOINT_POSTGRES_PASSWORD', encryption: null });
    expect(spec.type === 'postgres' && spec.conninfo).toBe('host=db port=6543 dbname=exec_automator user=exec_automator sslmode=prefer connect_timeout=5');
    expect(checkpointSecretNames(config)).toEqual(['CHECKPOINT_POSTGRES_PASSWORD']);
    expect(checkpointRequirements(config)).toEqual(['langgraph-checkpoint-postgres>=2.0.0', 'psycopg[binary]>=3.1']);
  });

  it('describes redis by URL with its password secret', () => {
    const settings = resolveSettings('production', { defaults: { checkpoints: { backend: 'redis', redis: { url: 'redis://cache:6380/2' } } } });
    const config = checkpointConfigFor(layout, settings.checkpoints);
    expect(checkpointerSpec(config)).toMatchObject({ type: 'redis', url: 'redis://cache:6380/2', password_env: 'CHECKPOINT_REDIS_PASSWORD', encryption: { key_env: 'LANGGRAPH_AES_KEY' } });
    expect(checkpointSecretNames(config)).toEqual(['CHECKPOINT_REDIS_PASSWORD', 'LANGGRAPH_AES_KEY']);
    expect(checkpointRequirements(config)).toContain('langgraph-checkpoint-redis>=0.1.0');
  });

  it('gives hosts the runner spec and the secret variables of a deployed config', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'configs', 'checkpoint-config.json');
    await mkdir(path.dirname(file), { recursive: true });
    const settings = resolveSettings('production', { defaults: { checkpoints: { backend: 'postgres' } } });
    await writeFile(file, JSON.stringify(checkpointConfigFor(layout, settings.checkpoints)));
    const secrets = new EnvSecretsBackend({ CHECKPOINT_POSTGRES_PASSWORD: 'pw-value', LANGGRAPH_AES_KEY: 'k'.repeat(32) });
    const runtime = await checkpointRuntime(file, secrets);
    expect(runtime.spec.type).toBe('postgres');
    expect(runtime.env).toEqual({ CHECKPOINT_POSTGRES_PASSWORD: 'pw-value', LANGGRAPH_AES_KEY: 'k'.repeat(32) });
    await writeFile(file, JSON.stringify({ storage_type: 'mongo' }));
    await expect(readCheckpointConfig(file)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
