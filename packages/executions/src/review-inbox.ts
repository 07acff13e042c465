import { type EnvironmentSettings, type EnvironmentLayout, deployError, type Notifier, type SecretsBackend } from '@exec-automator/core';
import type { NotificationChannelConfig } from '@exec-automator/core/plugins';
import { newOperationId } from '@exec-automator/core/util';
import { STATUS_OF_ACTION, type Review, type ReviewAction, type ReviewChannel, type ReviewDecision, type ReviewerTargets, type ReviewNotificationOutcome } from './review-model.js';
import { reviewChannels, reviewNotification } from './review-notification.js';
import { HITL_SLACK_SECRET, reviewPolicy } from './review-policy.js';
import { ReviewStore } from './review-store.js';
import type { ExecutionResult } from './workflow-runner.js';

/** Resumes a review's thread with `payload` and says which execution did it and how it ended. */
export type ReviewResumer = (review: Review, payload: unknown) => Promise<{ execution_id: string; status: string }>;

/** Builds the notifiers of review channels (the CLI passes phase-monitoring's `createNotifiers`). */
export type ReviewNotifierFactory = (channels: NotificationChannelConfig[]) => Notifier[];

/** Options of {@link ReviewInbox}. */
export interface ReviewInboxOptions {
  /** The environment. */
  layout: EnvironmentLayout;
  /** Its settings (`hitlApprovalTimeoutSeconds`, `adminEmail`, the SMTP channel). */
  settings: EnvironmentSettings;
  /** Its secrets backend (to tell whether `HITL_NOTIFICATION_SLACK` is set; values are never read into a review). */
  secrets?: SecretsBackend;
  /** Notifier construction; without it no notification is sent. */
  notifiers?: ReviewNotifierFactory;
  /** Resumes threads on a decision; without it deciding is refused. */
  resume?: ReviewResumer;
  /** Base URL of the server reviewers can reach (links in notifications), or a function answering it when a notification is sent. */
  serverUrl?: string | undefined | (() => string | undefined);
  /** Wait for the notifications before an execution's result is returned. Default true (a CLI process may exit right after). */
  awaitNotifications?: boolean;
  /** Receives problems that must not fail a run (a notification plugin that throws, an unwritable review). */
  onWarning?: (message: string) => void;
}

/** What {@link ReviewInbox.decide} takes besides the action. */
export interface DecideOptions {
  /** Resume value over the action's default (objects merge; an `edit` string becomes `edits`). */
  payload?: unknown;
  /** Who decides (`--by`, the API key's name). */
  by: string;
  /** How. */
  via: ReviewChannel;
  /** A note for the audit trail. */
  comment?: string | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The resume value of `action` with the reviewer's `payload` applied. */
export function resumePayload(review: Pick<Review, 'payloads'>, action: ReviewAction, payload: unknown): unknown {
  const base = review.payloads[action];
  if (action === 'edit') {
    if (payload === undefined || payload === null || payload === '') throw deployError('INVALID_ARGUMENT', 'payload: an edit needs the edited content, e.g. --payload \'{"edits": "new text"}\' (or a JSON string)', { details: { field: 'payload', status: 422 } });
    if (typeof payload === 'string') return isObject(base) ? { ...base, edits: payload } : payload;
  }
  if (payload === undefined) return base;
  return isObject(base) && isObject(payload) ? { ...base, ...payload } : payload;
}

function decision(action: ReviewDecision['action'], by: string, via: ReviewChannel, payload: unknown, comment: string | null = null): ReviewDecision {
  return { action, by, via, at: new Date().toISOString(), payload: payload === undefined ? null : payload, comment, resumed_execution_id: null, resumed_status: null, resume_error: null };
}

/**
 * The human-review inbox of an environment. When an execution stops at an interrupt, it opens
 * a review (what waits, until when, what then), notifies the workflow's reviewers; a decision
 * (approve, reject, edit) resumes the thread with the value the checkpoint expects and is
 * recorded with who, when and what; {@link ReviewInbox.sweep} runs the timeout action of
 * overdue reviews (expire, escalate, resume with a default). Used by CLI `invoke`/`reviews`
 * and the HTTP server alike; the review files are the shared state.
 */
export class ReviewInbox {
  /** The review files. */
  readonly store: ReviewStore;
  readonly #options: ReviewInboxOptions;
  readonly #inFlight = new Set<Promise<unknown>>();

  /** @param options - environment, settings, notifiers, resumer */
  constructor(options: ReviewInboxOptions) {
    this.#options = options;
    this.store = new ReviewStore(options.layout);
  }

  /** Pending reviews (oldest first); `all`: every review. */
  async list(options: { all?: boolean } = {}): Promise<Review[]> {
    const reviews = await this.store.list();
    return options.all ? reviews : reviews.filter((r) => r.status === 'pending');
  }

  /** Reviews of an execution: the one it stopped at and the ones whose decision it resumed. */
  async forExecution(executionId: string): Promise<Review[]> {
    return (await this.store.list()).filter((r) => r.execution_id === executionId || r.decisions.some((d) => d.resumed_execution_id === executionId));
  }

  /**
   * Called before an execution resumes `threadId` outside the inbox (`invoke --resume`, a
   * LangGraph client's `command.resume`): its pending reviews are closed as `resumed`, with the
   * value, so the inbox never offers a thread that moved on. Returns the closed reviews.
   */
  async supersede(threadId: string, payload: unknown): Promise<Review[]> {
    const closed: Review[] = [];
    for (const review of await this.list()) {
      if (review.thread_id !== threadId || !(await this.store.claim(review.review_id, 'decision', 'invoke'))) continue;
      closed.push(await this.store.update(review.review_id, (r) => ({ ...r, status: 'resumed', decisions: [...r.decisions, decision('resume', 'invoke --resume / command.resume', 'invoke', payload)] })));
    }
    return closed;
  }

  /**
   * After an execution: records the outcome on the reviews it resumed, and opens a review when
   * it stopped at an interrupt. Never throws (problems go to `onWarning`).
   */
  async afterExecution(result: ExecutionResult, resumed: readonly Review[] = []): Promise<Review | undefined> {
    try {
      for (const review of resumed) await this.#recordResume(review.review_id, { execution_id: result.record.execution_id, status: result.record.status });
      return result.record.status === 'interrupted' ? await this.open(result) : undefined;
    } catch (error) {
      this.#options.onWarning?.(`human review not recorded: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Opens the review of an interrupted execution and notifies its reviewers. */
  async open(result: ExecutionResult): Promise<Review> {
    const r = result.record;
    const node = r.interrupt_node ?? result.interrupt?.node ?? null;
    const policy = await reviewPolicy(this.#options.layout, r.workflow, node, this.#options.settings);
    const created = new Date();
    const review: Review = {
      review_id: newOperationId('rev', created),
      environment: r.environment,
      workflow: r.workflow,
      workflow_id: r.workflow_id,
      release_id: r.release_id,
      thread_id: r.thread_id,
      execution_id: r.execution_id,
      node,
      value: result.interrupt?.value ?? null,
      description: policy.description,
      simulated: r.simulated,
      created_at: created.toISOString(),
      deadline: new Date(created.getTime() + policy.timeoutSeconds * 1000).toISOString(),
      timeout_seconds: policy.timeoutSeconds,
      timeout_action: policy.timeoutAction,
      timeout_resume: policy.timeoutResume,
      actions: ['approve', 'reject', 'edit'],
      payloads: policy.payloads,
      reviewers: policy.reviewers,
      escalation: policy.escalation,
      status: 'pending',
      decisions: [],
      notifications: [],
    };
    await this.store.write(review);
    const sending = this.#notify(review, 'pending', review.reviewers);
    if (this.#options.awaitNotifications ?? true) await sending;
    else this.#track(sending);
    return review;
  }

  /**
   * Decides a pending review and resumes its thread with the action's value. Throws
   * `REVIEW_NOT_FOUND` (404) or `REVIEW_ALREADY_DECIDED` (409); a failed resume is recorded on the
   * decision (`resume_error`), not thrown.
   */
  async decide(reviewId: string, action: ReviewAction, options: DecideOptions): Promise<Review> {
    const review = await this.store.get(reviewId);
    if (!review.actions.includes(action)) throw deployError('INVALID_ARGUMENT', `action: review ${reviewId} allows ${review.actions.join(', ')}`, { details: { field: 'action', status: 422 } });
    const payload = resumePayload(review, action, options.payload);
    if (review.status !== 'pending' || !(await this.store.claim(reviewId, 'decision', options.by))) throw this.#decided(await this.store.get(reviewId));
    await this.store.update(reviewId, (r) => ({ ...r, status: STATUS_OF_ACTION[action], decisions: [...r.decisions, decision(action, options.by, options.via, payload, options.comment ?? null)] }));
    return this.#resume(reviewId, payload);
  }

  /** Runs the timeout action of every pending review past its deadline; returns the reviews it changed. */
  async sweep(now: Date = new Date()): Promise<Review[]> {
    const changed: Review[] = [];
    for (const review of await this.list()) {
      if (Date.parse(review.deadline) > now.getTime()) continue;
      try {
        const done = await this.#timeout(review);
        if (done) changed.push(done);
      } catch (error) {
        this.#options.onWarning?.(`timeout of review ${review.review_id}: ${(error as Error).message}`);
      }
    }
    return changed;
  }

  /** Resolves once the notifications sent in the background are done. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #timeout(review: Review): Promise<Review | undefined> {
    if (review.timeout_action === 'escalate') {
      if (!(await this.store.claim(review.review_id, 'escalation', 'timeout'))) return undefined;
      const deadline = new Date(Date.now() + review.timeout_seconds * 1000).toISOString();
      // After the escalation the review waits once more, then expires: no endless escalations.
      const escalated = await this.store.update(review.review_id, (r) => ({ ...r, timeout_action: 'expire', deadline, decisions: [...r.decisions, decision('escalate', 'timeout', 'timeout', null)] }));
      await this.#notify(escalated, 'escalation', review.escalation ?? review.reviewers);
      return this.store.get(review.review_id);
    }
    if (!(await this.store.claim(review.review_id, 'decision', 'timeout'))) return undefined;
    if (review.timeout_action === 'expire') {
      return this.store.update(review.review_id, (r) => ({ ...r, status: 'expired', decisions: [...r.decisions, decision('expire', 'timeout', 'timeout', null)] }));
    }
    await this.store.update(review.review_id, (r) => ({ ...r, status: 'resumed', decisions: [...r.decisions, decision('resume', 'timeout', 'timeout', r.timeout_resume)] }));
    return this.#resume(review.review_id, review.timeout_resume);
  }

  async #resume(reviewId: string, payload: unknown): Promise<Review> {
    const review = await this.store.get(reviewId);
    if (!this.#options.resume) return this.#recordResume(reviewId, undefined, 'no resumer is configured: resume the thread yourself with `invoke --resume`');
    try {
      return await this.#recordResume(reviewId, await this.#options.resume(review, payload));
    } catch (error) {
      return this.#recordResume(reviewId, undefined, (error as Error).message);
    }
  }

  async #recordResume(reviewId: string, outcome: { execution_id: string; status: string } | undefined, error?: string): Promise<Review> {
    return this.store.update(reviewId, (r) => {
      const decisions = [...r.decisions];
      const last = decisions[decisions.length - 1];
      if (last) decisions[decisions.length - 1] = { ...last, resumed_execution_id: outcome?.execution_id ?? last.resumed_execution_id, resumed_status: outcome?.status ?? last.resumed_status, resume_error: error ?? null };
      return { ...r, decisions };
    });
  }

  #decided(review: Review): Error {
    const last = review.decisions[review.decisions.length - 1];
    return deployError('REVIEW_ALREADY_DECIDED', `Review ${review.review_id} is already ${review.status}${last ? ` (${last.action} by ${last.by} at ${last.at})` : ''}.`, {
      details: { review_id: review.review_id, review_status: review.status, status: 409 },
    });
  }

  #track(promise: Promise<unknown>): void {
    const tracked = promise.catch(() => undefined).finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  async #notify(review: Review, kind: 'pending' | 'escalation', targets: ReviewerTargets): Promise<void> {
    const factory = this.#options.notifiers;
    if (!factory) return;
    let slack = targets.slack_webhook_secret;
    // The environment's HITL_NOTIFICATION_SLACK, else its alert webhook (the seed uses the same one).
    if (targets.source === 'environment' && slack === HITL_SLACK_SECRET && this.#options.secrets && !(await this.#options.secrets.get(slack).catch(() => undefined))) slack = 'SLACK_WEBHOOK_URL';
    const url = typeof this.#options.serverUrl === 'function' ? this.#options.serverUrl() : this.#options.serverUrl;
    const notification = reviewNotification(review, kind, url);
    const outcomes: ReviewNotificationOutcome[] = [];
    for (const notifier of factory(reviewChannels(targets, this.#options.settings, slack))) {
      const at = new Date().toISOString();
      try {
        if (notifier.available && !(await notifier.available())) {
          outcomes.push({ kind, channel: notifier.name, ok: false, error: 'unavailable', at });
          continue;
        }
        const sent = await notifier.notify(notification);
        outcomes.push({ kind, channel: notifier.name, ok: sent.ok, error: sent.error ?? null, at });
      } catch (error) {
        outcomes.push({ kind, channel: notifier.name, ok: false, error: (error as Error).message, at });
      }
    }
    for (const o of outcomes) if (!o.ok && o.error !== 'unavailable') this.#options.onWarning?.(`review ${review.review_id}: ${o.channel} notification failed: ${o.error}`);
    await this.store.update(review.review_id, (r) => ({ ...r, notifications: [...r.notifications, ...outcomes] }));
  }
}
