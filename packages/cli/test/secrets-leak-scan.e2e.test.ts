import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBinDir, startPostgres, type PostgresServer } from '../../phase-environment/test/helpers/servers.js';
import { EXAMPLES, filesUnder, json, runCli, tempDirs, type CliRun } from './helpers/cli.js';

const tempDir = tempDirs();

/** A marker value for every secret a production deployment handles. */
const MARKERS = {
  ANTHROPIC_API_KEY: 'sk-ant-api03-LEAKSCAN-anthropic-5b1f',
  OPENAI_API_KEY: 'sk-proj-LEAKSCAN-openai-8c2d',
  LANGGRAPH_AES_KEY: 'LEAKSCAN-aes-key-0123456789abcde', // 32 bytes, a valid AES-256 key
  CHECKPOINT_POSTGRES_PASSWORD: 'LEAKSCAN-postgres-password-77e0',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/LEAKSCAN-slack-4a9e',
  TEAMS_WEBHOOK_URL: 'https://example.webhook.office.com/LEAKSCAN-teams-2f6c',
} as const;
/** A plaintext variable production must ignore (it is not in the store). */
const PLAINTEXT_ONLY = 'sk-ant-api03-LEAKSCAN-plaintext-env-9d03';

describe('secrets in production', () => {
  let postgres: PostgresServer | undefined;
  beforeAll(async () => {
    if (postgresBinDir()) postgres = await startPostgres('checkpoints', MARKERS.CHECKPOINT_POSTGRES_PASSWORD, 'checkpoints');
  });
  afterAll(async () => {
    await postgres?.stop();
  });

  it('never show a marker in any file under the root but the store, in any output or in the events', async (t) => {
    if (!postgres) t.skip();
    const dir = await tempDir();
    const root = path.join(dir, 'root');
    const configFile = path.join(dir, 'exec-automator.config.json');
    await writeFile(
      configFile,
      JSON.stringify({
        environments: {
          production: {
            checkpoints: { backend: 'postgres', postgres: { port: postgres?.port, user: 'checkpoints', database: 'checkpoints', sslmode: 'disable' } },
          },
        },
      }),
    );
    // The store's key goes to <dir>/config (outside the root), the default place under XDG_CONFIG_HOME.
    const env = { XDG_CONFIG_HOME: path.join(dir, 'config'), ...Object.fromEntries(Object.entries(MARKERS).map(([k, v]) => [`SRC_${k}`, v])) };
    const common = ['--environment=production', '--root', root, '--config', configFile];
    const runs: CliRun[] = [];
    const cli = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
      const run = await runCli([...args, ...common], { env: { ...env, ...extra } });
      runs.push(run);
      return run;
    };

    for (const name of Object.keys(MARKERS)) {
      const set = await cli(['secrets', 'set', name, '--from-env', `SRC_${name}`, '--json']);
      expect(set.code, set.stderr).toBe(0);
    }
    const onArgv = await cli(['secrets', 'set', 'OPENAI_API_KEY', MARKERS.OPENAI_API_KEY]);
    expect(onArgv.code).toBe(2);
    expect(onArgv.stderr).toContain('SECRETS_PLAINTEXT_REFUSED');
    const list = await cli(['secrets', 'list', '--json']);
    expect(json<{ names: string[]; backend: string }>(list)).toMatchObject({ backend: 'encrypted-file', names: Object.keys(MARKERS).sort() });

    const deploy = await cli(['deploy', 'all', '--source', EXAMPLES, '--json', '--verbose'], { ANTHROPIC_API_KEY: PLAINTEXT_ONLY });
    expect(deploy.code, deploy.stderr).toBe(0);
    const result = json<{ status: string; phases: Array<{ name: string; data?: Record<string, unknown> }> }>(deploy);
    expect(result.status).toBe('SUCCESS');
    expect(result.phases.find((p) => p.name === 'dependencies')?.data).toMatchObject({ checkpointStore: { type: 'postgres' } });
    await cli(['deploy', 'all', '--source', EXAMPLES, '--verbose']);
    await cli(['status']);
    await cli(['history', '--json']);
    const prune = await cli(['checkpoints', 'prune', '--json']);
    expect(prune.code, prune.stderr).toBe(0);
    expect(json(prune)).toMatchObject({ storage: 'postgres', retentionDays: 30, threads_deleted: [] });

    const markers = [...Object.values(MARKERS), PLAINTEXT_ONLY];
    for (const run of runs) {
      for (const marker of markers) {
        expect(run.stdout.includes(marker), `stdout of a run contains ${marker}`).toBe(false);
        expect(run.stderr.includes(marker), `stderr of a run contains ${marker}`).toBe(false);
      }
    }
    // Everything under the root is ours (venvs hold third-party packages only), except the store.
    const files = await filesUnder(root, (rel) => rel.split(path.sep).includes('venvs') || rel === path.join('production', 'secrets'));
    expect(files.some((f) => f.path.endsWith('workflows.log') || f.path.endsWith('.env'))).toBe(true);
    for (const file of files) {
      for (const marker of markers) expect(file.content.includes(marker), `${file.path} contains ${marker}`).toBe(false);
    }
  });
});
