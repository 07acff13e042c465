import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentLayout } from '@exec-automator/core';
import { cancelExecution, METRICS_PROM_FILE, WorkflowRunner } from '@exec-automator/executions';
import { EnvSecretsBackend } from '@exec-automator/core/secrets';
import { OPS_WORKFLOW, OPS_WORKFLOW_ID, OPS_WORKFLOWS } from '../../executions/test/helpers/deployed-fixture.js';
import { runPromtool } from '../../executions/test/helpers/promtool.js';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from '../../phase-monitoring/test/helpers/receivers.js';
import { CLI, filesUnder, json, REPO, runCli, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs();
const ROUTING_KEY = 'pd-routing-MARKER-8c2f0a';

interface ExecutionJson {
  execution: { execution_id: string; status: string; thread_id: string; error_type: string | null; release_id: string; resumed: boolean };
  output: Record<string, unknown>;
  error: { type: string } | null;
}

interface MonitorJson {
  firing: Array<{ alert: string; workflow_id: string }>;
  deliveries: Array<{ alert: string; kind: string; channel: string; ok: boolean }>;
  resolved: string[];
}

describe('invoke, executions, cancel and monitor (CLI subprocess, real deploy, real receivers)', () => {
  let root: string;
  let config: string;
  let env: NodeJS.ProcessEnv;
  let slack: HttpReceiver;
  let pagerduty: HttpReceiver;
  let webhook: HttpReceiver;
  let smtp: SmtpReceiver;
  let releaseId: string;
  const cli = (args: string[]) => runCli([...args, '--environment=dev', '--root', root, '--config', config], { env });

  beforeAll(async () => {
    slack = await startHttpReceiver({ status: 200, body: 'ok' });
    pagerduty = await startHttpReceiver({ status: 202, body: '{"status":"success"}' });
    webhook = await startHttpReceiver({ status: 200, body: '' });
    smtp = await startSmtpReceiver();
    const dir = await tempDir();
    root = path.join(dir, 'root');
    config = path.join(dir, 'exec-automator.config.json');
    await writeFile(
      config,
      JSON.stringify({
        environments: {
          dev: {
            adminEmail: 'ed@example.org',
            notifications: [
              { type: 'slack' },
              { type: 'pagerduty', url: `${pagerduty.url}/v2/enqueue` },
              { type: 'webhook', name: 'alertmanager', url: `${webhook.url}/alerts` },
              { type: 'email', host: '127.0.0.1', port: smtp.port, to: ['oncall@example.org'] },
            ],
          },
        },
      }),
    );
    // Secret endpoints come from the secrets backend (environment variables in dev).
    env = { SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/hook`, PAGERDUTY_ROUTING_KEY: ROUTING_KEY };
    const deploy = await runCli(['deploy', 'all', '--source', OPS_WORKFLOWS, '--environment=dev', '--root', root, '--config', config, '--json'], { env });
    const result = json<{ status: string; id: string; error?: unknown }>(deploy);
    expect(result.status, deploy.stderr).toBe('SUCCESS');
    releaseId = result.id;
  });

  afterAll(async () => {
    await Promise.all([slack?.close(), pagerduty?.close(), webhook?.close(), smtp?.close()]);
  });

  it('sent the post-deployment test alert to all four channels', () => {
    expect(slack.requests).toHaveLength(1);
    expect((slack.requests[0]?.body as { text: string }).text).toContain('[TEST]');
    expect(pagerduty.requests.map((r) => (r.body as { event_action: string }).event_action)).toEqual(['trigger', 'resolve']);
    expect(webhook.requests[0]?.body).toMatchObject({ alerts: [{ labels: { test: 'true' } }] });
    expect(smtp.messages.map((m) => m.subject.slice(0, 6))).toEqual(['[TEST]']);
  });

  it('invokes the deployed workflow: completed, failed by design, interrupted and resumed; executions lists them', async () => {
    const ok = await cli(['invoke', OPS_WORKFLOW, '--input', '{}', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(json<ExecutionJson>(ok).execution).toMatchObject({ status: 'completed', release_id: releaseId });

    const failed = await cli(['invoke', OPS_WORKFLOW_ID, '--input', '{"fail": true}', '--json']);
    expect(failed.code).toBe(1);
    expect(json<ExecutionJson>(failed).execution).toMatchObject({ status: 'error', error_type: 'RuntimeError' });

    const paused = json<ExecutionJson>(await cli(['invoke', OPS_WORKFLOW, '--input', '{"review": true}', '--json']));
    expect(paused.execution.status).toBe('interrupted');
    const resumed = await cli(['invoke', OPS_WORKFLOW, '--thread', paused.execution.thread_id, '--resume', '{"approved": true}', '--json']);
    expect(json<ExecutionJson>(resumed).execution).toMatchObject({ status: 'completed', resumed: true });
    expect(json<ExecutionJson>(resumed).output).toMatchObject({ approved: true, result: 'ok' });

    const listing = json<{ running: unknown[]; recent: Array<{ execution_id: string }> }>(await cli(['executions', '--json']));
    expect(listing.running).toEqual([]);
    const ids = [ok, failed, resumed].map((r) => json<ExecutionJson>(r).execution.execution_id);
    expect(listing.recent.map((r) => r.execution_id)).toEqual(expect.arrayContaining([...ids, paused.execution.execution_id]));

    const prom = await readFile(path.join(root, 'dev', 'metrics', METRICS_PROM_FILE), 'utf8');
    const check = await runPromtool(['check', 'metrics'], prom);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it('cancels a running execution from another CLI process', async () => {
    const child = spawn(process.execPath, [CLI, 'invoke', OPS_WORKFLOW, '--input', '{"sleep": 120}', '--json', '--environment=dev', '--root', root, '--config', config], {
      cwd: REPO,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const started = new Promise<string>((resolve) => {
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        const match = /Execution (exe-\S+) started/.exec(stderr);
        if (match) resolve(match[1] as string);
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const id = await Promise.race([started, exited.then(() => Promise.reject(new Error(`invoke exited before starting:\n${stderr}`)))]);
    try {
      const running = json<{ running: Array<{ execution_id: string; state: string }> }>(await cli(['executions', '--json']));
      expect(running.running).toEqual([expect.objectContaining({ execution_id: id, state: 'running' })]);

      const cancel = await cli(['cancel', id, '--json']);
      expect(cancel.code, cancel.stderr).toBe(0);
      expect(json(cancel)).toMatchObject({ execution_id: id, signalled: true, recorded_by: 'owner', record: { status: 'cancelled' } });
      expect(await exited).toBe(1);
      expect(JSON.parse(stdout).execution).toMatchObject({ execution_id: id, status: 'cancelled' });
    } finally {
      // Never leave the sleeping run behind when an assertion failed.
      if (child.exitCode === null) {
        await cancelExecution(new EnvironmentLayout(root, 'dev'), id, { graceMs: 500, recordWaitMs: 2000 }).catch(() => undefined);
        child.kill('SIGKILL');
      }
    }

    const again = await cli(['cancel', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('EXECUTION_NOT_FOUND');
  });

  it('after 20 invocations, some failing, monitor fires the error-rate alert to all four channels exactly once; it resolves after enough good runs', async () => {
    // The remaining invocations go through the SDK (one warm runner); they land in the same journal.
    const runner = new WorkflowRunner({ root, environment: 'dev', secrets: new EnvSecretsBackend({}) });
    try {
      const journal = json<{ recent: unknown[] }>(await cli(['executions', '--json', '--limit', '100'])).recent.length;
      const plan = [...Array(20 - journal)].map((_, i) => (i % 4 === 0 ? { fail: true } : {}));
      for (const input of plan) await runner.invoke({ workflow: OPS_WORKFLOW, input });

      const first = await cli(['monitor', '--json']);
      expect(first.code, first.stderr).toBe(0);
      const fired = json<MonitorJson>(first);
      expect(fired.firing).toEqual(expect.arrayContaining([expect.objectContaining({ alert: 'HighErrorRate', workflow_id: OPS_WORKFLOW_ID })]));
      const errorRate = fired.deliveries.filter((d) => d.alert === 'HighErrorRate');
      expect(errorRate.map((d) => [d.channel, d.kind, d.ok]).sort()).toEqual([
        ['alertmanager', 'firing', true],
        ['email', 'firing', true],
        ['pagerduty', 'firing', true],
        ['slack', 'firing', true],
      ]);

      const second = json<MonitorJson>(await cli(['monitor', '--json']));
      expect(second.deliveries.filter((d) => d.alert === 'HighErrorRate')).toEqual([]);

      const dedupKey = `exec-automator/dev/HighErrorRate/${OPS_WORKFLOW_ID}`;
      const counts = (): Record<string, number> => ({
        slack: slack.requests.filter((r) => (r.body as { text: string }).text.includes('[FIRING] HighErrorRate')).length,
        pagerduty: pagerduty.requests.filter((r) => (r.body as { dedup_key: string; event_action: string }).dedup_key === dedupKey && (r.body as { event_action: string }).event_action === 'trigger').length,
        webhook: webhook.requests.filter((r) => (r.body as { status: string; groupLabels: { alertname: string } }).groupLabels.alertname === 'HighErrorRate' && (r.body as { status: string }).status === 'firing').length,
        email: smtp.messages.filter((m) => m.subject.startsWith('[FIRING] HighErrorRate')).length,
      });
      expect(counts()).toEqual({ slack: 1, pagerduty: 1, webhook: 1, email: 1 });
      expect((pagerduty.requests.find((r) => (r.body as { dedup_key: string }).dedup_key === dedupKey)?.body as { routing_key: string }).routing_key).toBe(ROUTING_KEY);

      for (let i = 0; i < 20; i++) await runner.invoke({ workflow: OPS_WORKFLOW, input: {} });
      const cleared = json<MonitorJson>(await cli(['monitor', '--json']));
      expect(cleared.firing).toEqual([]);
      expect(cleared.resolved).toContain(dedupKey);
      expect(cleared.deliveries.filter((d) => d.alert === 'HighErrorRate').map((d) => [d.channel, d.kind, d.ok]).sort()).toEqual([
        ['alertmanager', 'resolved', true],
        ['email', 'resolved', true],
        ['pagerduty', 'resolved', true],
        ['slack', 'resolved', true],
      ]);
      expect(counts()).toEqual({ slack: 1, pagerduty: 1, webhook: 1, email: 1 });
      expect(pagerduty.requests.filter((r) => (r.body as { dedup_key: string; event_action: string }).dedup_key === dedupKey).map((r) => (r.body as { event_action: string }).event_action)).toEqual(['trigger', 'resolve']);
      expect(smtp.messages.filter((m) => m.subject.startsWith('[RESOLVED] HighErrorRate'))).toHaveLength(1);
    } finally {
      await runner.close();
    }
  });

  it('never writes a secret endpoint to a file under the root', async () => {
    const files = await filesUnder(root, (rel) => rel.split(path.sep).includes('venvs'));
    for (const file of files) {
      expect(file.content.includes(ROUTING_KEY), file.path).toBe(false);
      expect(file.content.includes('/services/T0/B0/hook'), file.path).toBe(false);
    }
  });
});
