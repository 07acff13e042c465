import { createHash } from 'node:crypto';
import type { AlertNotification, NotifyOptions, NotifyResult } from '@exec-automator/core';
import type { NotificationChannelConfig } from '@exec-automator/core/plugins';
import { ChannelNotifier } from './channel-notifier.js';
import { postJson } from './http-delivery.js';

type WebhookConfig = Extract<NotificationChannelConfig, { type: 'webhook' }>;

/** Alertmanager's "zero" time, its `endsAt` of an alert that is still firing. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * The Alertmanager webhook payload (version 4) for one notification, so any receiver written
 * for Alertmanager (alerta, a chat bridge, a ticketing hook) accepts ours unchanged. A test
 * notification is sent as `firing` with the label `test="true"`.
 */
export function alertmanagerPayload(notification: AlertNotification, receiver: string): Record<string, unknown> {
  const status = notification.kind === 'resolved' ? 'resolved' : 'firing';
  const labels: Record<string, string> = {
    alertname: notification.alert,
    severity: notification.severity,
    environment: notification.environment,
    ...(notification.workflowId ? { workflow_id: notification.workflowId } : {}),
    ...notification.labels,
    ...(notification.kind === 'test' ? { test: 'true' } : {}),
  };
  const annotations: Record<string, string> = {
    summary: notification.summary,
    ...(notification.description ? { description: notification.description } : {}),
    ...(notification.value !== undefined ? { value: String(notification.value) } : {}),
    ...(notification.threshold !== undefined ? { threshold: String(notification.threshold) } : {}),
  };
  return {
    version: '4',
    groupKey: `{}:{alertname="${notification.alert}"}`,
    truncatedAlerts: 0,
    status,
    receiver,
    groupLabels: { alertname: notification.alert },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: '',
    alerts: [
      {
        status,
        labels,
        annotations,
        startsAt: notification.startsAt,
        endsAt: notification.endsAt ?? ZERO_TIME,
        generatorURL: '',
        fingerprint: createHash('sha256').update(notification.dedupKey).digest('hex').slice(0, 16),
      },
    ],
  };
}

/** Posts alerts as Alertmanager webhook JSON to a URL (given, or read from a secret). */
export class WebhookNotifier extends ChannelNotifier<WebhookConfig> {
  protected requiredSecrets(): string[] {
    return this.config.urlSecret ? [this.config.urlSecret] : [];
  }

  protected async deliver(notification: AlertNotification, options: NotifyOptions): Promise<Omit<NotifyResult, 'notifier' | 'durationMs'>> {
    const url = this.config.urlSecret ? await this.requireSecret(this.config.urlSecret) : (this.config.url as string);
    return postJson(url, alertmanagerPayload(notification, this.name), {
      timeoutMs: this.timeoutMs,
      retries: this.retries,
      signal: options.signal,
      headers: this.config.headers,
    });
  }
}
