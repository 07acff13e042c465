import type { AlertNotification, NotifyOptions, NotifyResult } from '@exec-automator/core';
import type { NotificationChannelConfig } from '@exec-automator/core/plugins';
import { ChannelNotifier } from './channel-notifier.js';
import { postJson } from './http-delivery.js';
import { detailLines, titleLine } from './notification-text.js';

type SlackConfig = Extract<NotificationChannelConfig, { type: 'slack' }>;

const EMOJI = { firing: ':rotating_light:', resolved: ':white_check_mark:', test: ':test_tube:' } as const;

/** The message posted to a Slack incoming webhook: `text` (notifications, fallback) and blocks. */
export function slackPayload(notification: AlertNotification): Record<string, unknown> {
  const title = titleLine(notification);
  return {
    text: `${EMOJI[notification.kind]} ${title}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${EMOJI[notification.kind]} *${title}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: detailLines(notification).join('\n') } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `exec-automator · ${notification.environment}` }] },
    ],
  };
}

/** Posts alerts to a Slack incoming webhook; its URL is read from a secret (default `SLACK_WEBHOOK_URL`). */
export class SlackNotifier extends ChannelNotifier<SlackConfig> {
  /** The secret holding the webhook URL. */
  get urlSecret(): string {
    return this.config.webhookUrlSecret ?? 'SLACK_WEBHOOK_URL';
  }

  protected requiredSecrets(): string[] {
    return [this.urlSecret];
  }

  protected async deliver(notification: AlertNotification, options: NotifyOptions): Promise<Omit<NotifyResult, 'notifier' | 'durationMs'>> {
    const url = await this.requireSecret(this.urlSecret);
    return postJson(url, slackPayload(notification), { timeoutMs: this.timeoutMs, retries: this.retries, signal: options.signal });
  }
}
