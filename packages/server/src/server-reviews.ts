import { deployError, type EnvironmentLayout, type EnvironmentSettings, type SecretsBackend } from '@exec-automator/core';
import { ExecutionJournal, ReviewInbox, ReviewingWorkflowRunner, type ReviewNotifierFactory, type WorkflowRunnerOptions } from '@exec-automator/executions';
import { findAssistant } from './assistants.js';
import type { RunManager } from './run-manager.js';
import type { ThreadStore } from './thread-store.js';

/** How often the server runs the timeout actions of overdue reviews by default. */
export const REVIEW_SWEEP_MS = 1000;

/** What {@link serverReviews} needs. */
export interface ServerReviewsOptions {
  /** The environment. */
  layout: EnvironmentLayout;
  /** Its settings. */
  settings: EnvironmentSettings;
  /** Its secrets backend. */
  secrets: SecretsBackend;
  /** The runner's options (the runner is built here, so its executions feed the inbox). */
  runner: WorkflowRunnerOptions;
  /** Thread records (a review of a thread the server never saw gets one). */
  threads: ThreadStore;
  /** Builds the notifiers of review channels; without it reviews are listed but nobody is notified. */
  notifiers?: ReviewNotifierFactory | undefined;
  /** The URL reviewers reach the server at (settings `serverUrl`, else the listening URL once known). */
  url: () => string | undefined;
  /** Receives problems that must not fail a run. */
  onWarning?: ((message: string) => void) | undefined;
}

/** The server's review inbox, its runner, and the timer that runs overdue reviews' timeout actions. */
export interface ServerReviews {
  /** The inbox (routes read and decide through it). */
  inbox: ReviewInbox;
  /** The runner whose interrupted executions open reviews. */
  runner: ReviewingWorkflowRunner;
  /** Decisions resume threads through these runs (so thread state and run records stay right). */
  attach(runs: RunManager): void;
  /** Starts the timeout sweep (every `intervalMs`, default {@link REVIEW_SWEEP_MS}). */
  start(intervalMs?: number): void;
  /** Stops the sweep and waits for notifications in flight. */
  stop(): Promise<void>;
}

/**
 * Builds the review side of `serve`: a {@link ReviewingWorkflowRunner} (interrupted runs open
 * reviews and notify in the background, so a run's answer never waits for a mail server), a
 * {@link ReviewInbox} whose decisions resume the thread as a run of this server (queued behind
 * one in flight), and a sweep timer for the timeout actions, so they run while the server is up.
 */
export function serverReviews(options: ServerReviewsOptions): ServerReviews {
  let runs: RunManager | undefined;
  const inbox = new ReviewInbox({
    layout: options.layout,
    settings: options.settings,
    secrets: options.secrets,
    serverUrl: options.url,
    awaitNotifications: false,
    ...(options.notifiers ? { notifiers: options.notifiers } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    resume: async (review, payload) => {
      if (!runs) throw deployError('SERVER_FAILED', 'the server is not ready to resume threads yet');
      const assistant = await findAssistant(options.layout, review.workflow);
      if (!assistant) throw deployError('NOT_DEPLOYED', `Workflow ${review.workflow} is not in the current release of ${options.layout.environment}.`, { details: { workflow: review.workflow } });
      const now = new Date().toISOString();
      const thread =
        (await options.threads.get(review.thread_id)) ??
        (await options.threads.put({ thread_id: review.thread_id, created_at: now, updated_at: now, metadata: { source: 'reviews' }, status: 'interrupted', values: null, interrupts: {}, config: {} }));
      const created = await runs.create(assistant, thread, { assistant_id: assistant.assistant.assistant_id, command: { resume: payload }, multitask_strategy: 'enqueue' });
      await created.finished;
      const record = await new ExecutionJournal(options.layout).find(created.run.run_id).catch(() => undefined);
      return { execution_id: created.run.run_id, status: record?.status ?? created.run.status };
    },
  });
  const runner = new ReviewingWorkflowRunner({ ...options.runner, inbox });
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | undefined;
  return {
    inbox,
    runner,
    attach(manager) {
      runs = manager;
    },
    start(intervalMs = REVIEW_SWEEP_MS) {
      timer = setInterval(() => {
        // One sweep at a time: a resume can take as long as a run.
        sweeping ??= inbox.sweep().finally(() => (sweeping = undefined));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await sweeping;
      await inbox.settled();
    },
  };
}
