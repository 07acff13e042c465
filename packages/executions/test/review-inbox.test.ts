import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentLayout } from '@exec-automator/core';
import { defaultSettings } from '@exec-automator/core/config';
import {
  DEFAULT_REVIEW_PAYLOADS,
  environmentReviewers,
  resumePayload,
  reviewChannels,
  ReviewInbox,
  reviewNotification,
  type Review,
} from '@exec-automator/executions';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function layout(): Promise<EnvironmentLayout> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-reviews-'));
  dirs.push(dir);
  return new EnvironmentLayout(dir, 'dev');
}

function review(overrides: Partial<Review> = {}): Review {
  const now = Date.now();
  return {
    review_id: `rev-${now}-${Math.random().toString(16).slice(2, 6)}`,
    environment: 'dev',
    workflow: 'workflow-resp_002-member-communication',
    workflow_id: 'workflow_resp_002',
    release_id: 'dep-20261202T000000000Z-0000',
    thread_id: 't-1',
    execution_id: 'exe-1',
    node: 'human_review',
    value: { type: 'member_reply_approval', draft: { subject: 'Renewal' } },
    description: 'A staff member approves the reply.',
    simulated: true,
    created_at: new Date(now).toISOString(),
    deadline: new Date(now - 1000).toISOString(),
    timeout_seconds: 60,
    timeout_action: 'expire',
    timeout_resume: DEFAULT_REVIEW_PAYLOADS.reject,
    actions: ['approve', 'reject', 'edit'],
    payloads: { ...DEFAULT_REVIEW_PAYLOADS },
    reviewers: environmentReviewers({ ...defaultSettings('dev'), adminEmail: 'chair@example.org' }),
    escalation: null,
    status: 'pending',
    decisions: [],
    notifications: [],
    ...overrides,
  };
}

describe('review resume values', () => {
  it("merges a reviewer's object over the action's default, and turns an edit's string into edits", () => {
    const r = review();
    expect(resumePayload(r, 'approve', undefined)).toEqual({ approved: true, edits: '' });
    expect(resumePayload(r, 'reject', { edits: 'Shorter, please.' })).toEqual({ approved: false, edits: 'Shorter, please.' });
    expect(resumePayload(r, 'edit', 'New body')).toEqual({ approved: true, edits: 'New body' });
    expect(resumePayload(r, 'approve', true)).toBe(true);
  });

  it('refuses an edit without content (INVALID_ARGUMENT naming payload)', () => {
    expect(() => resumePayload(review(), 'edit', undefined)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'payload' }) }));
  });
});

describe('review notifications', () => {
  it('e-mail goes over the environment SMTP channel to the reviewers, without its routing filters; Slack through the named secret', () => {
    const settings = { ...defaultSettings('dev'), notifications: [{ type: 'email' as const, host: '127.0.0.1', port: 2525, to: ['oncall@example.org'], alerts: ['HighErrorRate'] }] };
    expect(reviewChannels({ email: ['chair@example.org'], slack_webhook_secret: 'HITL_NOTIFICATION_SLACK', webhook_url: null, source: 'environment' }, settings)).toEqual([
      { type: 'email', host: '127.0.0.1', port: 2525, name: 'review-email', to: ['chair@example.org'] },
      { type: 'slack', name: 'review-slack', webhookUrlSecret: 'HITL_NOTIFICATION_SLACK' },
    ]);
  });

  it('says what waits and links the server when one is known, else only the CLI commands', () => {
    const r = review();
    const withServer = reviewNotification(r, 'pending', 'http://127.0.0.1:8123/');
    expect(withServer).toMatchObject({ alert: 'HumanReviewPending', kind: 'firing', workflowId: 'workflow_resp_002', labels: { review_id: r.review_id } });
    expect(withServer.description).toContain(`http://127.0.0.1:8123/api/reviews/${r.review_id}`);
    expect(withServer.description).toContain('member_reply_approval');
    const cliOnly = reviewNotification(r, 'pending', undefined);
    expect(cliOnly.description).not.toContain('/api/reviews/');
    expect(cliOnly.description).toContain(`exec-automator reviews approve ${r.review_id} --environment=dev`);
  });
});

describe('ReviewInbox (real files)', () => {
  it('decides once: a second decision is REVIEW_ALREADY_DECIDED (409), an unknown id REVIEW_NOT_FOUND (404), a malformed one INVALID_ARGUMENT', async () => {
    const env = await layout();
    const inbox = new ReviewInbox({ layout: env, settings: defaultSettings('dev'), resume: async () => ({ execution_id: 'exe-2', status: 'completed' }) });
    const r = review();
    await inbox.store.write(r);
    const decided = await inbox.decide(r.review_id, 'reject', { by: 'dana', via: 'cli', payload: { edits: 'warmer' } });
    expect(decided).toMatchObject({ status: 'rejected', decisions: [{ action: 'reject', by: 'dana', payload: { approved: false, edits: 'warmer' }, resumed_execution_id: 'exe-2', resumed_status: 'completed' }] });
    await expect(inbox.decide(r.review_id, 'approve', { by: 'eve', via: 'api' })).rejects.toMatchObject({ code: 'REVIEW_ALREADY_DECIDED', details: { status: 409 } });
    await expect(inbox.decide('rev-20261202T000000000Z-ffff', 'approve', { by: 'eve', via: 'api' })).rejects.toMatchObject({ code: 'REVIEW_NOT_FOUND', details: { status: 404 } });
    await expect(inbox.decide('../rev', 'approve', { by: 'eve', via: 'api' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('two inboxes (two processes) racing for one review: exactly one decides', async () => {
    const env = await layout();
    const r = review();
    const make = () => new ReviewInbox({ layout: env, settings: defaultSettings('dev'), resume: async () => ({ execution_id: 'exe-2', status: 'completed' }) });
    const [a, b] = [make(), make()];
    await a.store.write(r);
    const outcomes = await Promise.allSettled([a.decide(r.review_id, 'approve', { by: 'a', via: 'cli' }), b.sweep(), b.decide(r.review_id, 'reject', { by: 'b', via: 'api' })]);
    const final = await a.store.get(r.review_id);
    expect(final.decisions).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code)).toEqual(expect.arrayContaining(['REVIEW_ALREADY_DECIDED']));
  });

  it('a failed resume is recorded on the decision, not thrown; a resume from elsewhere closes the pending review', async () => {
    const env = await layout();
    const inbox = new ReviewInbox({ layout: env, settings: defaultSettings('dev') });
    const first = review({ deadline: new Date(Date.now() + 60_000).toISOString() });
    await inbox.store.write(first);
    expect((await inbox.sweep()).length).toBe(0);
    const approved = await inbox.decide(first.review_id, 'approve', { by: 'dana', via: 'cli' });
    expect(approved.decisions[0]?.resume_error).toContain('no resumer');
    const second = review({ thread_id: 't-2', deadline: new Date(Date.now() + 60_000).toISOString() });
    await inbox.store.write(second);
    const closed = await inbox.supersede('t-2', { approved: true });
    expect(closed.map((r) => [r.review_id, r.status, r.decisions[0]?.via])).toEqual([[second.review_id, 'resumed', 'invoke']]);
    expect(await inbox.list()).toEqual([]);
  });
});
