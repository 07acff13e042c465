import type { AlertNotification, NotifyOptions, NotifyResult } from '@exec-automator/core';
import type { NotificationChannelConfig } from '@exec-automator/core/plugins';
import { ChannelNotifier } from './channel-notifier.js';
import { postJson } from './http-delivery.js';

type PagerDutyConfig = Extract<NotificationChannelConfig, { type: 'pagerduty' }>;

/** The Events API v2 endpoint. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/**
 * An Events API v2 event. `trigger` carries the payload; `resolve` needs only the routing key
 * and the `dedup_key` of the incident it closes (the same key the trigger used).
 */
export function pagerDutyEvent(notification: AlertNotification, routingKey: string, action: 'trigger' | 'resolve'): Record<string, unknown> {
  const base = { routing_key: routingKey, event_action: action, dedup_key: notification.dedupKey };
  if (action === 'resolve') return base;
  return {
    ...base,
    payload: {
      summary: notification.summary.slice(0, 1024),
      source: `exec-automator/${notification.environment}`,
      severity: notification.severity,
      timestamp: notification.startsAt,
      component: notification.workflowId ?? 'exec-automator',
      group: notification.environment,
      class: notification.alert,
      custom_details: {
        ...(notification.description ? { description: notification.description } : {}),
        ...(notification.value !== undefined ? { value: notification.value } : {}),
        ...(notification.threshold !== undefined ? { threshold: notification.threshold } : {}),
        labels: notification.labels,
        ...(notification.kind === 'test' ? { test: true } : {}),
      },
    },
  };
}

/**
 * Triggers and resolves PagerDuty incidents (Events API v2) with the alert's `dedup_key`, so a
 * re-sent alert joins its open incident and a resolve closes it. A test alert is triggered with
 * severity `info` and resolved at once, leaving no incident open.
 */
export class PagerDutyNotifier extends ChannelNotifier<PagerDutyConfig> {
  /** The secret holding the routing key. */
  get routingKeySecret(): string {
    return this.config.routingKeySecret ?? 'PAGERDUTY_ROUTING_KEY';
  }

  protected requiredSecrets(): string[] {
    return [this.routingKeySecret];
  }

  protected async deliver(notification: AlertNotification, options: NotifyOptions): Promise<Omit<NotifyResult, 'notifier' | 'durationMs'>> {
    const key = await this.requireSecret(this.routingKeySecret);
    const url = this.config.url ?? PAGERDUTY_EVENTS_URL;
    const send = (action: 'trigger' | 'resolve') =>
      postJson(url, pagerDutyEvent(notification, key, action), { timeoutMs: this.timeoutMs, retries: this.retries, signal: options.signal });
    if (notification.kind === 'resolved') return send('resolve');
    const triggered = await send('trigger');
    if (notification.kind !== 'test' || !triggered.ok) return triggered;
    const resolved = await send('resolve');
    return { ...resolved, attempts: triggered.attempts + resolved.attempts };
  }
}
