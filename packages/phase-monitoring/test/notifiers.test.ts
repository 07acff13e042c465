import { afterEach, describe, expect, it } from 'vitest';
import { type AlertNotification } from '@exec-automator/core';
import { EnvSecretsBackend } from '@exec-automator/core/secrets';
import { createNotifiers, EmailNotifier, notifyAll, PagerDutyNotifier, SlackNotifier, WebhookNotifier } from '../src/index.js';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from './helpers/receivers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function http(defaultReply?: Parameters<typeof startHttpReceiver>[0]): Promise<HttpReceiver> {
  const receiver = await startHttpReceiver(defaultReply);
  closers.push(receiver.close);
  return receiver;
}

async function smtp(): Promise<SmtpReceiver> {
  const receiver = await startSmtpReceiver();
  closers.push(receiver.close);
  return receiver;
}

const firing: AlertNotification = {
  kind: 'firing',
  alert: 'HighErrorRate',
  severity: 'critical',
  environment: 'staging',
  workflowId: 'workflow_resp_002',
  summary: 'Workflow workflow_resp_002 error rate exceeded 5% threshold',
  description: '5 of the last 20 executions failed (25%; threshold 5%)',
  dedupKey: 'exec-automator/staging/HighErrorRate/workflow_resp_002',
  startsAt: '2026-11-25T03:00:00.000Z',
  labels: { alertname: 'HighErrorRate', environment: 'staging', workflow_id: 'workflow_resp_002', severity: 'critical' },
  value: 0.25,
  threshold: 0.05,
};
const resolved: AlertNotification = { ...firing, kind: 'resolved', endsAt: '2026-11-25T04:00:00.000Z' };

describe('Slack notifier', () => {
  it('posts the alert to the webhook URL read from its secret', async () => {
    const slack = await http();
    const secrets = new EnvSecretsBackend({ SLACK_WEBHOOK_URL: `${slack.url}/services/T1/B1/xyz` });
    const result = await new SlackNotifier({ type: 'slack' }, { secrets, environment: 'staging' }).notify(firing);
    expect(result).toMatchObject({ notifier: 'slack', ok: true, attempts: 1, status: 200 });
    expect(slack.requests).toHaveLength(1);
    const body = slack.requests[0]?.body as { text: string; blocks: unknown[] };
    expect(body.text).toContain('[FIRING] HighErrorRate');
    expect(body.text).toContain(firing.summary);
    expect(slack.requests[0]?.path).toBe('/services/T1/B1/xyz');
  });

  it('retries after 429 (honouring Retry-After) and 503, then succeeds', async () => {
    const slack = await http();
    slack.replies.push({ status: 429, headers: { 'retry-after': '0' }, body: 'rate_limited' }, { status: 503 });
    const secrets = new EnvSecretsBackend({ SLACK_WEBHOOK_URL: `${slack.url}/hook` });
    const result = await new SlackNotifier({ type: 'slack', retries: 3 }, { secrets, environment: 'staging' }).notify(firing);
    expect(result).toMatchObject({ ok: true, attempts: 3, status: 200 });
    expect(slack.requests).toHaveLength(3);
  });

  it('does not retry a 4xx other than 429, and reports instead of throwing', async () => {
    const slack = await http({ status: 404, body: 'no_service' });
    const secrets = new EnvSecretsBackend({ SLACK_WEBHOOK_URL: `${slack.url}/hook` });
    const result = await new SlackNotifier({ type: 'slack' }, { secrets, environment: 'staging' }).notify(firing);
    expect(result).toMatchObject({ ok: false, attempts: 1, status: 404 });
    expect(slack.requests).toHaveLength(1);
  });

  it('gives up within its time limit when the receiver never answers, and never names the secret URL', async () => {
    const slack = await http('hang');
    const secretUrl = `${slack.url}/services/SECRET-PATH-MARKER`;
    const secrets = new EnvSecretsBackend({ SLACK_WEBHOOK_URL: secretUrl });
    const started = Date.now();
    const result = await new SlackNotifier({ type: 'slack', timeoutSeconds: 1, retries: 5 }, { secrets, environment: 'staging' }).notify(firing);
    expect(result.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(JSON.stringify(result)).not.toContain('SECRET-PATH-MARKER');
  });

  it('reports a missing secret by name and a refused connection without the URL', async () => {
    const none = await new SlackNotifier({ type: 'slack' }, { secrets: new EnvSecretsBackend({}), environment: 'dev' }).notify(firing);
    expect(none.ok).toBe(false);
    expect(none.error).toContain('SLACK_WEBHOOK_URL');
    const closed = await http();
    await closed.close();
    const secrets = new EnvSecretsBackend({ SLACK_WEBHOOK_URL: `${closed.url}/MARKER-HOOK` });
    const refused = await new SlackNotifier({ type: 'slack', retries: 1, timeoutSeconds: 5 }, { secrets, environment: 'dev' }).notify(firing);
    expect(refused).toMatchObject({ ok: false, attempts: 2 });
    expect(refused.error).toContain('ECONNREFUSED');
    expect(refused.error).not.toContain('MARKER-HOOK');
  });
});

describe('PagerDuty notifier (Events API v2)', () => {
  it('triggers with the dedup key and the payload, and resolves with the same key', async () => {
    const pd = await http({ status: 202, body: '{"status":"success"}' });
    const secrets = new EnvSecretsBackend({ PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY0123456789' });
    const notifier = new PagerDutyNotifier({ type: 'pagerduty', url: `${pd.url}/v2/enqueue` }, { secrets, environment: 'staging' });
    expect((await notifier.notify(firing)).ok).toBe(true);
    expect((await notifier.notify(resolved)).ok).toBe(true);
    const [trigger, resolve] = pd.requests.map((r) => r.body as Record<string, unknown>);
    expect(trigger).toMatchObject({
      routing_key: 'R0UTINGKEY0123456789',
      event_action: 'trigger',
      dedup_key: firing.dedupKey,
      payload: { summary: firing.summary, severity: 'critical', source: 'exec-automator/staging', component: 'workflow_resp_002', class: 'HighErrorRate' },
    });
    expect(resolve).toEqual({ routing_key: 'R0UTINGKEY0123456789', event_action: 'resolve', dedup_key: firing.dedupKey });
  });

  it('resolves a test alert at once, leaving no incident open', async () => {
    const pd = await http({ status: 202, body: '{"status":"success"}' });
    const secrets = new EnvSecretsBackend({ PAGERDUTY_ROUTING_KEY: 'key-1234' });
    const notifier = new PagerDutyNotifier({ type: 'pagerduty', url: `${pd.url}/v2/enqueue` }, { secrets, environment: 'dev' });
    const result = await notifier.notify({ ...firing, kind: 'test', severity: 'info', dedupKey: 'exec-automator/dev/test/dep-1' });
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(pd.requests.map((r) => (r.body as { event_action: string }).event_action)).toEqual(['trigger', 'resolve']);
  });
});

describe('webhook notifier', () => {
  it('posts Alertmanager webhook JSON (version 4) for firing and resolved alerts', async () => {
    const hook = await http();
    const notifier = new WebhookNotifier({ type: 'webhook', name: 'ops', url: `${hook.url}/alerts`, headers: { 'x-team': 'ops' } }, { secrets: new EnvSecretsBackend({}), environment: 'staging' });
    await notifier.notify(firing);
    await notifier.notify(resolved);
    const [first, second] = hook.requests;
    expect(first?.headers['x-team']).toBe('ops');
    expect(first?.body).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'ops',
      groupLabels: { alertname: 'HighErrorRate' },
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'HighErrorRate', severity: 'critical', environment: 'staging', workflow_id: 'workflow_resp_002' },
          annotations: { summary: firing.summary, value: '0.25', threshold: '0.05' },
          startsAt: firing.startsAt,
          endsAt: '0001-01-01T00:00:00Z',
        },
      ],
    });
    expect(second?.body).toMatchObject({ status: 'resolved', alerts: [{ status: 'resolved', endsAt: resolved.endsAt }] });
    const fingerprints = hook.requests.map((r) => (r.body as { alerts: Array<{ fingerprint: string }> }).alerts[0]?.fingerprint);
    expect(fingerprints[0]).toBe(fingerprints[1]);
  });
});

describe('e-mail notifier (SMTP, nodemailer)', () => {
  it('sends the alert to the recipients, and retries a temporary 451 reply', async () => {
    const mail = await smtp();
    mail.failures.push({ code: 451, message: 'try again later' });
    const notifier = new EmailNotifier(
      { type: 'email', host: '127.0.0.1', port: mail.port, from: 'alerts@example.org' },
      { secrets: new EnvSecretsBackend({}), environment: 'staging', adminEmail: 'admin@example.org' },
    );
    const result = await notifier.notify(firing);
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(mail.messages).toHaveLength(1);
    const message = mail.messages[0];
    expect(message?.to).toEqual(['admin@example.org']);
    expect(message?.subject).toContain('[FIRING] HighErrorRate');
    expect(message?.text).toContain(firing.description);
    expect(message?.headers['x-exec-automator-dedup-key']).toBe(firing.dedupKey);
  });

  it('fails a permanent 550 at once', async () => {
    const mail = await smtp();
    mail.failures.push({ code: 550, message: 'mailbox unavailable' });
    const notifier = new EmailNotifier({ type: 'email', host: '127.0.0.1', port: mail.port, to: ['x@example.org'] }, { secrets: new EnvSecretsBackend({}), environment: 'dev' });
    expect(await notifier.notify(firing)).toMatchObject({ ok: false, attempts: 1, status: 550 });
  });
});

describe('createNotifiers and notifyAll', () => {
  it('routes by alert and severity, skips implicit channels whose secret is unset, and never throws', async () => {
    const hook = await http();
    const notifiers = [
      ...createNotifiers(
        [
          { type: 'webhook', name: 'all', url: `${hook.url}/all` },
          { type: 'webhook', name: 'cost-only', url: `${hook.url}/cost`, alerts: ['HighApiCost'] },
          { type: 'webhook', name: 'critical-only', url: `${hook.url}/critical`, minSeverity: 'critical' },
        ],
        { secrets: new EnvSecretsBackend({}), environment: 'dev' },
      ),
      { name: 'broken-plugin', notify: () => Promise.reject(new Error('plugin bug')) },
    ];
    expect(notifiers.map((n) => n.name)).toEqual(['all', 'cost-only', 'critical-only', 'slack', 'pagerduty', 'broken-plugin']);
    const fanOut = await notifyAll(notifiers, firing);
    expect(fanOut.results.map((r) => [r.notifier, r.ok])).toEqual([
      ['all', true],
      ['critical-only', true],
      ['broken-plugin', false],
    ]);
    expect(fanOut.skipped).toEqual([
      { notifier: 'cost-only', reason: 'filtered' },
      { notifier: 'slack', reason: 'unavailable' },
      { notifier: 'pagerduty', reason: 'unavailable' },
    ]);
    const warning = await notifyAll(notifiers, { ...firing, alert: 'SlowExecution', severity: 'warning' });
    expect(warning.results.map((r) => r.notifier)).toEqual(['all', 'broken-plugin']);
  });

  it('refuses two channels with the same name (CONFIG_INVALID)', () => {
    const make = (): unknown =>
      createNotifiers(
        [
          { type: 'webhook', url: 'http://127.0.0.1:9/a' },
          { type: 'webhook', url: 'http://127.0.0.1:9/b' },
        ],
        { secrets: new EnvSecretsBackend({}), environment: 'dev' },
      );
    expect(make).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
