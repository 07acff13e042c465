import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, copyExamples, filesUnder, json, REPO, runCli, tempDirs } from '../../cli/test/helpers/cli.js';
import { OPS_WORKFLOW, OPS_WORKFLOWS } from '../../executions/test/helpers/deployed-fixture.js';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from '../../phase-monitoring/test/helpers/receivers.js';

const tempDir = tempDirs();
const MEMBER = 'workflow-resp_002-member-communication';
const BOARD = 'workflow-resp_005-board-coordination';
/** SIMULATION: recorded model answers of the examples' first test cases (no LLM here). */
const RENEWAL = ['renewal', 'Subject: Your membership renewal\n\nDear Dana,\n\nYou can renew online.\n\nMember Services'];
const AGENDA = ['Q3 Board Meeting - September 18, 2025\n1. Call to order\n2. Executive Director report\n3. Adjournment', 'Pre-read: the Executive Director reports on Q3.'];
const MEMBER_INPUT = { member_name: 'Dana Whitfield', member_email: 'dana@example.org', request_text: 'How do I renew my membership?' };
const BOARD_INPUT = {
  meeting_title: 'Q3 Board Meeting',
  meeting_date: '2025-09-18',
  board_members: [
    { name: 'Alicia Gomez', email: 'alicia@example.org', rsvp: 'yes' },
    { name: 'Ben Okafor', email: 'ben@example.org', rsvp: 'yes' },
  ],
  agenda_items: [{ title: "Executive Director's report", type: 'report', presenter: 'Executive Director', minutes: 15 }],
};
const SLACK_PATH = '/services/T0/B0/review-MARKER-5d1e';

interface ReviewJson {
  review_id: string;
  thread_id: string;
  execution_id: string;
  workflow: string;
  node: string | null;
  status: string;
  deadline: string;
  timeout_action: string;
  actions: string[];
  value: Record<string, unknown>;
  decisions: Array<{ action: string; by: string; via: string; payload: unknown; comment: string | null; resumed_execution_id: string | null; resumed_status: string | null }>;
  notifications: Array<{ channel: string; ok: boolean }>;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('human-review inbox (real CLI subprocesses and server, examples deployed, loopback SMTP and Slack receivers)', () => {
  let root: string;
  let config: string;
  let env: NodeJS.ProcessEnv;
  let key: string;
  let slack: HttpReceiver;
  let smtp: SmtpReceiver;
  let child: ChildProcessWithoutNullStreams | undefined;
  let url: string;
  const cli = (args: string[]) => runCli([...args, '--environment=dev', '--root', root, '--config', config], { env });
  const api = async (method: string, route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const response = await fetch(`${url}${route}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const pendingMails = () => smtp.messages.filter((m) => m.subject.includes('HumanReviewPending'));
  const slackPosts = () => slack.on(SLACK_PATH);

  beforeAll(async () => {
    slack = await startHttpReceiver({ status: 200, body: 'ok' });
    smtp = await startSmtpReceiver();
    const dir = await tempDir();
    root = path.join(dir, 'root');
    config = path.join(dir, 'exec-automator.config.json');
    // adminEmail is HITL_NOTIFICATION_EMAIL; the SMTP transport is the environment's email channel.
    await writeFile(
      config,
      JSON.stringify({
        environments: {
          dev: { adminEmail: 'chair@example.org', secrets: { backend: 'encrypted-file' }, notifications: [{ type: 'email', host: '127.0.0.1', port: smtp.port, to: ['oncall@example.org'] }] },
        },
      }),
    );
    env = { XDG_CONFIG_HOME: path.join(dir, 'xdg') };
    const source = await copyExamples(dir);
    // Short timeouts: the board's chair approval escalates to the director after 2 s (then
    // expires 2 s later); the ops workflow's approval resumes with its default after 1 s.
    const checkpoint = async (file: string, settings: Record<string, unknown>): Promise<void> => {
      const agent = JSON.parse(await readFile(file, 'utf8')) as { human_in_the_loop: { checkpoints: Array<Record<string, unknown>> } };
      Object.assign(agent.human_in_the_loop.checkpoints[0] as object, settings);
      await writeFile(file, JSON.stringify(agent, null, 2));
    };
    await checkpoint(path.join(source, 'agent-resp_005-config.json'), { timeout_seconds: 2, timeout_action: 'escalate', escalate_to: { email: ['director@example.org'] } });
    await mkdir(path.join(source, 'tests'), { recursive: true });
    await copyFile(path.join(OPS_WORKFLOWS, `${OPS_WORKFLOW}.py`), path.join(source, `${OPS_WORKFLOW}.py`));
    await copyFile(path.join(OPS_WORKFLOWS, 'tests', `${OPS_WORKFLOW}.tests.json`), path.join(source, 'tests', `${OPS_WORKFLOW}.tests.json`));
    await copyFile(path.join(OPS_WORKFLOWS, 'agent-ops_901-config.json'), path.join(source, 'agent-ops_901-config.json'));
    await checkpoint(path.join(source, 'agent-ops_901-config.json'), { timeout_seconds: 1, timeout_action: 'resume', timeout_resume: { approved: true } });
    const deploy = await cli(['deploy', 'all', '--source', source, '--json']);
    expect(json<{ status: string }>(deploy).status, deploy.stderr).toBe('SUCCESS');
    const secret = await cli(['secrets', 'set', 'HITL_NOTIFICATION_SLACK', `${slack.url}${SLACK_PATH}`]);
    expect(secret.code, secret.stderr).toBe(0);
    const created = await cli(['api-keys', 'create', '--name', 'chair-console', '--json']);
    expect(created.code, created.stderr).toBe(0);
    key = json<{ key: string }>(created).key;
    child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--simulate', '--environment=dev', '--root', root, '--config', config], { cwd: REPO, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    url = await new Promise<string>((resolve, reject) => {
      child?.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.includes('\n')) resolve((JSON.parse(stdout.split('\n')[0] as string) as { url: string }).url);
      });
      child?.on('close', (code) => reject(new Error(`serve exited (${code}):\n${stderr}`)));
    });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
    await Promise.all([slack?.close(), smtp?.close()]);
  });

  it('a server run stopped at human_review notifies SMTP and Slack once each; approving through POST /api/reviews/{id}/approve resumes it to completion', async () => {
    const invoked = await api('POST', `/api/workflows/workflow_resp_002/invoke`, { input: MEMBER_INPUT, config: { configurable: { exec_automator_fake_responses: RENEWAL } } });
    expect(invoked.status).toBe(200);
    expect(invoked.json).toMatchObject({ status: 'interrupted' });
    const threadId = invoked.json.thread_id as string;

    await until('both notifications', () => (pendingMails().length >= 1 && slackPosts().length >= 1 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pendingMails()).toHaveLength(1);
    expect(slackPosts()).toHaveLength(1);

    const listed = await api('GET', '/api/reviews');
    expect(listed.status).toBe(200);
    const reviews = listed.json.reviews as ReviewJson[];
    expect(reviews).toHaveLength(1);
    const review = reviews[0] as ReviewJson;
    expect(review).toMatchObject({ thread_id: threadId, execution_id: invoked.json.execution_id, workflow: MEMBER, node: 'human_review', status: 'pending', timeout_action: 'expire', actions: ['approve', 'reject', 'edit'] });
    expect(review.value).toMatchObject({ type: 'member_reply_approval', draft: { subject: 'Your membership renewal' } });
    expect(Date.parse(review.deadline) - Date.now()).toBeGreaterThan(3500 * 1000);

    const mail = pendingMails()[0];
    expect(mail?.to).toEqual(['chair@example.org']);
    expect(mail?.text).toContain(review.review_id);
    expect(mail?.text).toContain(`${url}/api/reviews/${review.review_id}`);
    expect(mail?.text).toContain('Your membership renewal');
    expect((slackPosts()[0]?.body as { text: string }).text).toContain(review.review_id);

    const approved = await api('POST', `/api/reviews/${review.review_id}/approve`, { comment: 'Looks right.' });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expect(approved.json).toMatchObject({ status: 'approved' });
    const decision = (approved.json as unknown as ReviewJson).decisions[0];
    expect(decision).toMatchObject({ action: 'approve', by: 'chair-console', via: 'api', payload: { approved: true, edits: '' }, comment: 'Looks right.', resumed_status: 'completed' });
    const state = (await api('GET', `/threads/${threadId}/state`)).json as { values: { status: string; sent_message: { to: string } } };
    expect(state.values).toMatchObject({ status: 'sent', sent_message: { to: 'dana@example.org' } });
    expect((await api('GET', '/api/reviews')).json.reviews).toEqual([]);

    const again = await api('POST', `/api/reviews/${review.review_id}/approve`, {});
    expect([again.status, again.json.code]).toEqual([409, 'REVIEW_ALREADY_DECIDED']);
    const unknown = await api('POST', '/api/reviews/rev-20261202T000000000Z-0000/reject', {});
    expect([unknown.status, unknown.json.code]).toEqual([404, 'REVIEW_NOT_FOUND']);
    const invalid = await api('POST', `/api/reviews/${review.review_id}/edit`, { by: 5 });
    expect([invalid.status, invalid.json.field]).toEqual([422, 'by']);
    const noEdits = await api('POST', `/api/reviews/${review.review_id}/edit`, {});
    expect([noEdits.status, noEdits.json.field]).toEqual([422, 'payload']);
    const one = await api('GET', `/api/reviews/${review.review_id}`);
    expect(one.json).toMatchObject({ review_id: review.review_id, status: 'approved', action_urls: { approve: `/api/reviews/${review.review_id}/approve` } });
    expect((await fetch(`${url}/api/reviews`)).status).toBe(401);

    const shown = json<{ reviews: ReviewJson[] }>(await cli(['executions', decision?.resumed_execution_id as string, '--json']));
    expect(shown.reviews.map((r) => [r.review_id, r.status, r.decisions[0]?.by])).toEqual([[review.review_id, 'approved', 'chair-console']]);
  });

  it('a CLI invoke stopped at human_review notifies both channels; `reviews approve --by` resumes it to completion and `executions <id>` shows the decision', async () => {
    const mails = pendingMails().length;
    const posts = slackPosts().length;
    const run = await cli(['invoke', MEMBER, '--input', JSON.stringify(MEMBER_INPUT), '--fake-responses', JSON.stringify(RENEWAL), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const paused = json<{ execution: { execution_id: string; status: string }; review: ReviewJson }>(run);
    expect(paused.execution.status).toBe('interrupted');
    expect(paused.review).toMatchObject({ status: 'pending', node: 'human_review' });
    // The CLI waits for its notifications before it exits.
    expect(pendingMails()).toHaveLength(mails + 1);
    expect(slackPosts()).toHaveLength(posts + 1);
    expect(paused.review.notifications.map((n) => [n.channel, n.ok]).sort()).toEqual([
      ['review-email', true],
      ['review-slack', true],
    ]);

    const listed = json<{ reviews: ReviewJson[] }>(await cli(['reviews', '--json']));
    expect(listed.reviews.map((r) => r.review_id)).toEqual([paused.review.review_id]);
    const decided = await cli(['reviews', 'approve', paused.review.review_id, '--by', 'dana', '--json']);
    expect(decided.code, decided.stderr).toBe(0);
    const review = json<{ review: ReviewJson }>(decided).review;
    expect(review).toMatchObject({ status: 'approved' });
    expect(review.decisions).toEqual([expect.objectContaining({ action: 'approve', by: 'dana', via: 'cli', resumed_status: 'completed' })]);

    const shown = json<{ execution: { status: string }; reviews: ReviewJson[] }>(await cli(['executions', paused.execution.execution_id, '--json']));
    expect(shown.execution.status).toBe('interrupted');
    expect(shown.reviews[0]?.decisions[0]).toMatchObject({ action: 'approve', by: 'dana', resumed_execution_id: review.decisions[0]?.resumed_execution_id });
    const again = await cli(['reviews', 'reject', paused.review.review_id, '--by', 'dana']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('REVIEW_ALREADY_DECIDED');
  });

  it('a board run left alone past its 2 s timeout is escalated to the director by the server, then expires; the record says so', async () => {
    const invoked = await api('POST', `/api/workflows/workflow_resp_005/invoke`, { input: BOARD_INPUT, config: { configurable: { exec_automator_fake_responses: AGENDA } } });
    expect(invoked.json).toMatchObject({ status: 'interrupted' });
    const expired = await until('the timeout actions', async () => {
      const all = (await api('GET', `/api/reviews?status=all&workflow=${BOARD}`)).json.reviews as ReviewJson[];
      return all.find((r) => r.thread_id === invoked.json.thread_id && r.status !== 'pending');
    });
    expect(expired).toMatchObject({ status: 'expired', node: 'chair_approval' });
    expect(expired.decisions).toEqual([
      expect.objectContaining({ action: 'escalate', by: 'timeout', via: 'timeout', payload: null }),
      expect.objectContaining({ action: 'expire', by: 'timeout', via: 'timeout', payload: null, resumed_execution_id: null }),
    ]);
    const escalations = smtp.messages.filter((m) => m.subject.includes('HumanReviewEscalated'));
    expect(escalations.map((m) => m.to)).toEqual([['director@example.org']]);
    expect(escalations[0]?.text).toContain(expired.review_id);
    const late = await api('POST', `/api/reviews/${expired.review_id}/approve`, {});
    expect([late.status, late.json.code]).toEqual([409, 'REVIEW_ALREADY_DECIDED']);
    const shown = await cli(['executions', invoked.json.execution_id as string]);
    expect(shown.stdout).toContain(`${expired.review_id}`);
    expect(shown.stdout).toMatch(/escalate by timeout \(timeout\)/);
    expect(shown.stdout).toMatch(/expire by timeout \(timeout\)/);
  });

  it('without a server, `reviews sweep` runs an overdue timeout action: the ops run resumes with its default and completes', async () => {
    child?.kill('SIGTERM');
    await new Promise((resolve) => child?.once('close', resolve));
    const run = json<{ execution: { status: string; thread_id: string }; review: ReviewJson }>(await cli(['invoke', OPS_WORKFLOW, '--input', '{"review": true}', '--json']));
    expect(run.execution.status).toBe('interrupted');
    expect(run.review).toMatchObject({ status: 'pending', timeout_action: 'resume' });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const swept = await cli(['reviews', 'sweep', '--json']);
    expect(swept.code, swept.stderr).toBe(0);
    const [review] = json<{ timed_out: ReviewJson[] }>(swept).timed_out;
    expect(review).toMatchObject({ review_id: run.review.review_id, status: 'resumed' });
    expect(review?.decisions).toEqual([expect.objectContaining({ action: 'resume', by: 'timeout', payload: { approved: true }, resumed_status: 'completed' })]);
    expect(json<{ reviews: unknown[] }>(await cli(['reviews', '--json'])).reviews).toEqual([]);
  });

  it('never writes the Slack webhook URL to a file under the root', async () => {
    for (const file of await filesUnder(root, (rel) => rel.split(path.sep).includes('venvs'))) expect(file.content.includes(SLACK_PATH), file.path).toBe(false);
  });
});
