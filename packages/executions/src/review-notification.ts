import type { EnvironmentSettings, AlertNotification } from '@exec-automator/core';
import type { NotificationChannelConfig } from '@exec-automator/core/plugins';
import type { Review, ReviewerTargets } from './review-model.js';

/** Alert names of review notifications (channels that route by alert name can pick them). */
export const REVIEW_ALERTS = { pending: 'HumanReviewPending', escalation: 'HumanReviewEscalated' } as const;

/** At most this many characters of the interrupt value go into a notification. */
const VALUE_CHARS = 1500;

/**
 * The notification channels for `targets`: e-mail over the environment's SMTP channel (its
 * first `email` entry of `notifications`, else the `SMTP_URL` secret) to the reviewers'
 * addresses, Slack through the named webhook secret, a webhook URL. Names start with `review-`;
 * routing filters of the alert channels are not copied (a review is not an alert).
 */
export function reviewChannels(targets: ReviewerTargets, settings: EnvironmentSettings, slackSecret: string | null = targets.slack_webhook_secret): NotificationChannelConfig[] {
  const channels: NotificationChannelConfig[] = [];
  if (targets.email.length > 0) {
    const smtp = settings.notifications.find((c): c is Extract<NotificationChannelConfig, { type: 'email' }> => c.type === 'email');
    if (smtp) {
      const { name: _name, alerts: _alerts, minSeverity: _min, to: _to, ...transport } = smtp;
      channels.push({ ...transport, name: 'review-email', to: targets.email });
    } else {
      channels.push({ type: 'email', name: 'review-email', urlSecret: 'SMTP_URL', to: targets.email });
    }
  }
  if (slackSecret) channels.push({ type: 'slack', name: 'review-slack', webhookUrlSecret: slackSecret });
  if (targets.webhook_url) channels.push({ type: 'webhook', name: 'review-webhook', url: targets.webhook_url });
  return channels;
}

/** Where a reviewer acts: the server's review URL when a server is known, and the CLI commands. */
export function reviewLinks(review: Pick<Review, 'review_id' | 'environment'>, serverUrl: string | undefined): string[] {
  const env = `--environment=${review.environment}`;
  return [
    ...(serverUrl ? [`Review: ${serverUrl.replace(/\/+$/, '')}/api/reviews/${review.review_id} (POST …/approve, …/reject or …/edit)`] : []),
    `Approve: exec-automator reviews approve ${review.review_id} ${env} --by <your name>`,
    `Reject:  exec-automator reviews reject ${review.review_id} ${env} --by <your name> --payload '{"edits": "<notes>"}'`,
    `List:    exec-automator reviews ${env}`,
  ];
}

function shown(value: unknown): string {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  return text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS - 1)}…` : text;
}

/**
 * The notification of a review: what waits (workflow, node, the interrupt's value), until when,
 * what happens then, and where to decide. Built from the review file only, which holds no secret.
 */
export function reviewNotification(review: Review, kind: 'pending' | 'escalation', serverUrl: string | undefined): AlertNotification {
  const where = review.node ? ` at ${review.node}` : '';
  const summary =
    kind === 'pending'
      ? `${review.workflow} waits for a human review${where} (review ${review.review_id})`
      : `Nobody decided review ${review.review_id} of ${review.workflow}${where} in time: escalated`;
  const description = [
    ...(review.description ? [review.description, ''] : []),
    `Thread: ${review.thread_id}   Execution: ${review.execution_id}${review.simulated ? '   (SIMULATED: fake chat models)' : ''}`,
    `Deadline: ${review.deadline}; then: ${review.timeout_action}`,
    '',
    'What waits:',
    shown(review.value),
    '',
    ...reviewLinks(review, serverUrl),
  ].join('\n');
  return {
    kind: 'firing',
    alert: REVIEW_ALERTS[kind],
    severity: kind === 'pending' ? 'info' : 'warning',
    environment: review.environment,
    workflowId: review.workflow_id,
    summary,
    description,
    dedupKey: `exec-automator/${review.environment}/review/${review.review_id}/${kind}`,
    startsAt: kind === 'pending' ? review.created_at : new Date().toISOString(),
    labels: { alertname: REVIEW_ALERTS[kind], review_id: review.review_id, workflow: review.workflow, node: review.node ?? '', thread_id: review.thread_id, environment: review.environment },
  };
}
