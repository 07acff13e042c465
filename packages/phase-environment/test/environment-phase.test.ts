import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConfigFile, EnvironmentLayout, type EnvironmentName } from '@exec-automator/core';
import { checkpointRuntime, defaultSecretsSettings } from '@exec-automator/core/config';
import { RunnerWorker } from '@exec-automator/core/python';
import { secretsBackendFor } from '@exec-automator/core/secrets';
import { deployWith, filesUnder, MARKER_GRAPH, tempDirs } from './helpers/pipeline.js';
import { freePort, postgresBinDir, startPostgres, startRedis, type PostgresServer } from './helpers/servers.js';

const tempDir = tempDirs();
const STATE_MARKER = 'STATE-MARKER-board-minutes-7d2e';
const PG_PASSWORD = 'pg-MARKER-password-51ab';

/** A root plus a configuration whose encrypted stores keep their keys under `<tmp>/keys`. */
async function fixture(sections: Partial<Record<EnvironmentName, NonNullable<ConfigFile['environments']>['dev']>> = {}) {
  const dir = await tempDir();
  const root = path.join(dir, 'root');
  const environments: NonNullable<ConfigFile['environments']> = {};
  for (const env of ['staging', 'production'] as const) {
    environments[env] = { ...sections[env], secrets: { keyFile: path.join(dir, 'keys', `${env}.key`), ...sections[env]?.secrets } };
  }
  if (sections.dev) environments.dev = sections.dev;
  const config: ConfigFile = { environments };
  const secrets = (env: EnvironmentName) => {
    const settings = { ...defaultSecretsSettings(env), ...config.environments?.[env]?.secrets };
    return secretsBackendFor(env, settings, new EnvironmentLayout(root, env), {});
  };
  return { dir, root, config, secrets };
}

describe('environment setup in production', () => {
  it('generates LANGGRAPH_AES_KEY once into the encrypted store and keeps checkpoints on disk encrypted', async () => {
    const { root, config, secrets } = await fixture();
    const first = await deployWith(root, 'production', { config });
    expect(first.result.status, JSON.stringify(first.result.error)).toBe('SUCCESS');
    const store = secrets('production');
    expect(await store.list()).toContain('LANGGRAPH_AES_KEY');
    const key = (await store.get('LANGGRAPH_AES_KEY')) as string;
    expect(Buffer.byteLength(key)).toBe(32);
    const second = await deployWith(root, 'production', { config });
    expect(second.result.status).toBe('SUCCESS');
    expect(await store.get('LANGGRAPH_AES_KEY')).toBe(key);

    // The key is in no file but the store, in no event, in no result.
    const files = await filesUnder(root, (rel) => rel.split(path.sep).includes('venvs'));
    for (const file of files) expect(file.content.includes(key), file.path).toBe(false);
    expect(JSON.stringify(first.events)).not.toContain(key);

    // Run a graph the way a host does against the deployed environment.
    const layout = new EnvironmentLayout(root, 'production');
    const runtime = await checkpointRuntime(path.join(layout.stable('configs'), 'checkpoint-config.json'), store);
    expect(runtime.spec).toMatchObject({ type: 'sqlite', encryption: { key_env: 'LANGGRAPH_AES_KEY' } });
    const worker = new RunnerWorker({ python: path.join(layout.stable('venv'), 'bin', 'python'), env: { ...process.env, ...runtime.env } });
    try {
      const logging = { config: path.join(layout.stable('configs'), 'logging-config.json'), workflow_id: 'workflow_marker', deployment_id: second.result.id };
      const run = await worker.request('invoke', { ref: MARKER_GRAPH, input: { text: STATE_MARKER }, thread_id: 'prod-1', checkpointer: runtime.spec, logging });
      expect(run.status).toBe('interrupted');
      const resumed = await worker.request('invoke', { ref: MARKER_GRAPH, resume: true, thread_id: 'prod-1', checkpointer: runtime.spec, logging });
      expect(resumed.output).toMatchObject({ text: `${STATE_MARKER} (remembered)` });
    } finally {
      await worker.close();
    }
    const database = await readFile(path.join(layout.checkpoints, 'checkpoints.sqlite'));
    expect(database.length).toBeGreaterThan(0);
    expect(database.includes(STATE_MARKER)).toBe(false);

    // logging-config.json is applied: JSON lines with workflow id, deployment id, node and level.
    const lines = (await readFile(path.join(layout.logs, 'workflows.log'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line).toMatchObject({ workflow_id: 'workflow_marker', deployment_id: second.result.id });
    expect(lines).toContainEqual(expect.objectContaining({ name: 'marker_graph', node: 'remember', level: 'INFO' }));
    expect(lines).toContainEqual(expect.objectContaining({ message: 'workflow completed', level: 'INFO' }));
  });

  it('refuses a plaintext secrets backend before anything is released', async () => {
    const { root, config } = await fixture({ production: { secrets: { backend: 'env' } } });
    const { result, installs } = await deployWith(root, 'production', { config });
    expect(result.status).toBe('FAILED');
    expect(result.error?.code).toBe('SECRETS_PLAINTEXT_REFUSED');
    expect(result.release?.switched ?? false).toBe(false);
    expect(installs).toBe(0);
    expect(existsSync(path.join(root, 'production', 'current'))).toBe(false);
  });

  it('refuses unencrypted checkpoints, naming the key', async () => {
    const { root, config } = await fixture({ production: { checkpoints: { encryption: false } } });
    const { result } = await deployWith(root, 'production', { config });
    expect(result.error).toMatchObject({ code: 'CONFIG_INVALID', details: { key: 'checkpoints.encryption' } });
  });
});

describe('checkpoint stores on real servers', () => {
  let postgres: PostgresServer | undefined;
  beforeAll(async () => {
    if (postgresBinDir()) postgres = await startPostgres('checkpoints', PG_PASSWORD, 'checkpoints');
  });
  afterAll(async () => {
    await postgres?.stop();
  });

  it('sets up a Postgres store during the deployment, the password read from the secrets store only', async (t) => {
    if (!postgres) t.skip();
    const server = postgres as PostgresServer;
    const { root, config, secrets } = await fixture({
      staging: { checkpoints: { backend: 'postgres', postgres: { port: server.port, user: server.user, database: server.database, sslmode: 'disable' } } },
    });
    await secrets('staging').set('CHECKPOINT_POSTGRES_PASSWORD', PG_PASSWORD);
    const { result } = await deployWith(root, 'staging', { config });
    expect(result.status, JSON.stringify(result.error)).toBe('SUCCESS');
    expect(result.phases.find((p) => p.name === 'dependencies')?.data).toMatchObject({ checkpointStore: { type: 'postgres' } });
    const checkpointConfig = JSON.parse(await readFile(path.join(root, 'staging', 'configs', 'checkpoint-config.json'), 'utf8'));
    expect(checkpointConfig).toMatchObject({ storage_type: 'postgres', connection: { password_secret: 'CHECKPOINT_POSTGRES_PASSWORD' } });
    const files = await filesUnder(root, (rel) => rel.split(path.sep).includes('venvs') || rel.startsWith(path.join('staging', 'secrets')));
    for (const file of files) expect(file.content.includes(PG_PASSWORD), file.path).toBe(false);
  });

  it('fails with CHECKPOINT_STORE_UNREACHABLE before installing or releasing anything when Postgres is down', async () => {
    const port = await freePort();
    const { root, config } = await fixture({ staging: { checkpoints: { backend: 'postgres', postgres: { port, connectTimeoutSeconds: 2 } } } });
    const { result, installs } = await deployWith(root, 'staging', { config });
    expect(result.status).toBe('FAILED');
    expect(result.error).toMatchObject({ code: 'CHECKPOINT_STORE_UNREACHABLE', phase: 'environment' });
    expect(installs).toBe(0);
    expect(existsSync(path.join(root, 'staging', 'current'))).toBe(false);
  });

  it('reaches Redis with its password and reports a server without RedisJSON/RediSearch as unsupported', async () => {
    // Debian's redis-server lacks the modules langgraph-checkpoint-redis needs; Redis Stack has them.
    const password = 'redis-MARKER-password-0c9f';
    const redis = await startRedis(password);
    try {
      const { root, config, secrets } = await fixture({ staging: { checkpoints: { backend: 'redis', redis: { url: `redis://127.0.0.1:${redis.port}/0` } } } });
      await secrets('staging').set('CHECKPOINT_REDIS_PASSWORD', password);
      const { result } = await deployWith(root, 'staging', { config });
      expect(result.status).toBe('FAILED');
      expect(result.error).toMatchObject({ code: 'CHECKPOINT_STORE_UNSUPPORTED', phase: 'dependencies' });
      expect(JSON.stringify(result)).not.toContain(password);
      expect(existsSync(path.join(root, 'staging', 'current'))).toBe(false);
    } finally {
      await redis.stop();
    }
  });

  it('fails with CHECKPOINT_STORE_UNREACHABLE when Redis is down', async () => {
    const { root, config } = await fixture({ staging: { checkpoints: { backend: 'redis', redis: { url: `redis://127.0.0.1:${await freePort()}/0` } } } });
    const { result } = await deployWith(root, 'staging', { config });
    expect(result.error).toMatchObject({ code: 'CHECKPOINT_STORE_UNREACHABLE', phase: 'environment' });
  });
});
