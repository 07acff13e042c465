import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDeployError } from '../../src/index.js';
import {
  checkEnvironmentSettings,
  defaultSettings,
  loadConfigFile,
  resolveSettings,
} from '../../src/entries/config.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

async function configFile(content: unknown): Promise<string> {
  const file = path.join(await tempDir(), 'exec-automator.config.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function problemsOf(content: unknown): Promise<string[]> {
  try {
    await loadConfigFile(await configFile(content));
  } catch (error) {
    if (isDeployError(error) && error.code === 'CONFIG_INVALID') return (error.details.problems as string[] | undefined) ?? [error.message];
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('environment configuration', () => {
  it('defaults to env secrets in dev, the encrypted store elsewhere, and encrypted checkpoints in production', () => {
    expect(defaultSettings('dev').secrets).toMatchObject({ backend: 'env' });
    expect(defaultSettings('staging').secrets).toMatchObject({ backend: 'encrypted-file', envFallback: true });
    expect(defaultSettings('production').secrets).toMatchObject({ backend: 'encrypted-file', envFallback: false });
    expect(defaultSettings('dev').checkpoints).toMatchObject({ backend: 'filesystem', retentionDays: 30, encryption: false });
    expect(defaultSettings('production').checkpoints.encryption).toBe(true);
  });

  it('layers defaults and per-environment sections key by key, nested sections included', async () => {
    const file = await loadConfigFile(
      await configFile({
        defaults: { organization: 'Acme', maxRetries: 5, checkpoints: { retentionDays: 14 } },
        environments: {
          production: {
            workflowTimeoutSeconds: 900,
            hitlApprovalTimeoutSeconds: 7200,
            checkpoints: { backend: 'postgres', postgres: { host: 'db.internal', passwordSecret: 'PG_PASSWORD' } },
            secrets: { keyFile: '/etc/exec-automator/prod.key' },
          },
        },
      }),
    );
    const prod = resolveSettings('production', file);
    expect(prod).toMatchObject({ organization: 'Acme', maxRetries: 5, workflowTimeoutSeconds: 900, hitlApprovalTimeoutSeconds: 7200 });
    expect(prod.checkpoints).toMatchObject({ backend: 'postgres', retentionDays: 14, encryption: true });
    expect(prod.checkpoints.postgres).toMatchObject({ host: 'db.internal', port: 5432, user: 'exec_automator', passwordSecret: 'PG_PASSWORD' });
    expect(prod.secrets).toMatchObject({ backend: 'encrypted-file', keyFile: '/etc/exec-automator/prod.key', envFallback: false });
    const dev = resolveSettings('dev', file);
    expect(dev.checkpoints).toMatchObject({ backend: 'filesystem', retentionDays: 14 });
  });

  it('names the key and the expected value of every invalid setting', async () => {
    const problems = await problemsOf({
      environments: {
        staging: { checkpoints: { backend: 'mysql', retentionDays: 0 }, secrets: { backend: 'vault' }, maxRetries: 'three' },
      },
    });
    const find = (key: string) => problems.find((p) => p.startsWith(`${key}:`));
    expect(find('environments.staging.checkpoints.backend')).toMatch(/filesystem.*postgres.*redis/);
    expect(find('environments.staging.checkpoints.backend')).toContain('"mysql"');
    expect(find('environments.staging.checkpoints.retentionDays')).toMatch(/1/);
    expect(find('environments.staging.secrets.backend')).toMatch(/env.*encrypted-file/);
    expect(find('environments.staging.maxRetries')).toMatch(/number/);
  });

  it('rejects unknown keys and a password written into the redis URL', async () => {
    const problems = await problemsOf({ defaults: { checkpoints: { redis: { url: 'redis://:hunter2@cache:6379' } } }, environmets: {} });
    expect(problems.some((p) => p.includes('environmets'))).toBe(true);
    expect(problems.some((p) => p.startsWith('defaults.checkpoints.redis.url:'))).toBe(true);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('refuses unencrypted checkpoints in production, naming the key', () => {
    const settings = resolveSettings('production', { environments: { production: { checkpoints: { encryption: false } } } });
    let caught: unknown;
    try {
      checkEnvironmentSettings('production', settings);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'CONFIG_INVALID', details: { key: 'checkpoints.encryption', expected: true } });
    expect(() => checkEnvironmentSettings('staging', resolveSettings('staging', { defaults: { checkpoints: { encryption: false } } }))).not.toThrow();
  });
});
