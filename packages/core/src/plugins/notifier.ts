/** One alert event sent to a notification channel. */
export interface AlertNotification {
  /** `firing` when an alert starts, `resolved` when it clears, `test` for the post-deploy check. */
  kind: 'firing' | 'resolved' | 'test';
  /** Alert name (`HighErrorRate`, ...). */
  alert: string;
  /** Severity. */
  severity: 'critical' | 'warning' | 'info';
  /** Environment. */
  environment: string;
  /** Workflow the alert concerns, if any. */
  workflowId?: string;
  /** One-line summary. */
  summary: string;
  /** Longer text. */
  description?: string;
  /** Stable key: the same alert for the same subject always has the same key (dedup, resolve). */
  dedupKey: string;
  /** ISO time the alert started. */
  startsAt: string;
  /** ISO time it resolved. */
  endsAt?: string;
  /** Labels (Prometheus-style). */
  labels: Record<string, string>;
  /** The observed value, when the alert compares a value with a threshold. */
  value?: number;
  /** The threshold. */
  threshold?: number;
}

/** What one delivery attempt sequence returned. */
export interface NotifyResult {
  /** Notifier name. */
  notifier: string;
  /** True when the channel accepted the notification. */
  ok: boolean;
  /** Attempts made (retries on 429 / 5xx). */
  attempts: number;
  /** Last HTTP status or SMTP code, when there was one. */
  status?: number;
  /** Why it failed (never a secret value). */
  error?: string;
  /** Time spent. */
  durationMs: number;
}

/** Per-call options of {@link Notifier.notify}. */
export interface NotifyOptions {
  /** Cancels the delivery (and its retries). */
  signal?: AbortSignal;
}

/**
 * A notification channel (Slack, e-mail, PagerDuty, a webhook, or a plugin's own). A failure
 * is returned, never thrown: notifications are not critical to a deployment. Callers that
 * send to many channels still guard against a plugin that throws.
 */
export interface Notifier {
  /** Unique name, e.g. `slack` or `ops-webhook`. */
  readonly name: string;
  /** The channel type (`slack`, `email`, `pagerduty`, `webhook`, or a plugin's own). */
  readonly type?: string;
  /**
   * False when the channel is not set up (e.g. the secret holding its endpoint has no value):
   * it is skipped, not counted as failed. Default: available.
   */
  available?(): Promise<boolean>;
  /** False when the channel does not want this alert (routing by alert name or severity). Default: all. */
  accepts?(notification: AlertNotification): boolean;
  /** Sends one notification. */
  notify(notification: AlertNotification, options?: NotifyOptions): Promise<NotifyResult>;
}
