import type { AlertNotification, Notifier, NotifyOptions, NotifyResult } from '@exec-automator/core';

/** Options of {@link TeamsNotifier}. */
export interface TeamsNotifierOptions {
  /** Name in reports. Default `teams`. */
  name?: string;
  /** Reads the incoming-webhook URL (a secret: keep it in the secrets backend). */
  webhookUrl: () => Promise<string | undefined>;
  /** Time limit per attempt. Default 5 s. */
  timeoutMs?: number;
  /** Attempts on 429 / 5xx / network errors. Default 3. */
  attempts?: number;
}

/** The Teams "MessageCard" for a notification. */
export function teamsCard(n: AlertNotification): Record<string, unknown> {
  const color = n.kind === 'resolved' ? '2EB886' : n.severity === 'critical' ? 'D00000' : n.kind === 'test' ? '439FE0' : 'FFA500';
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    themeColor: color,
    summary: n.summary,
    title: `[${n.kind.toUpperCase()}] ${n.alert} (${n.environment})`,
    sections: [
      {
        text: n.description ?? n.summary,
        facts: [
          { name: 'Severity', value: n.severity },
          ...(n.workflowId ? [{ name: 'Workflow', value: n.workflowId }] : []),
          ...(n.value !== undefined ? [{ name: 'Value', value: String(n.value) }] : []),
          ...(n.threshold !== undefined ? [{ name: 'Threshold', value: String(n.threshold) }] : []),
          { name: 'Started', value: n.startsAt },
        ],
      },
    ],
  };
}

/**
 * An example notifier plugin: posts alerts to a Microsoft Teams incoming webhook. Like every
 * notifier it returns failures instead of throwing (notifications never fail a deployment),
 * retries 429 and 5xx with backoff, and never puts the webhook URL in an error.
 */
export class TeamsNotifier implements Notifier {
  readonly name: string;
  readonly type = 'teams';
  readonly #options: TeamsNotifierOptions;

  /** @param options - webhook URL source, time limit, attempts */
  constructor(options: TeamsNotifierOptions) {
    this.name = options.name ?? 'teams';
    this.#options = options;
  }

  /** False when no webhook URL is configured: the channel is skipped, not failed. */
  async available(): Promise<boolean> {
    return (await this.#options.webhookUrl()) !== undefined;
  }

  async notify(notification: AlertNotification, options: NotifyOptions = {}): Promise<NotifyResult> {
    const started = performance.now();
    const url = await this.#options.webhookUrl();
    const done = (partial: Omit<NotifyResult, 'notifier' | 'durationMs'>): NotifyResult => ({
      notifier: this.name,
      durationMs: Math.round(performance.now() - started),
      ...partial,
    });
    if (!url) return done({ ok: false, attempts: 0, error: 'no webhook URL configured' });
    const attempts = this.#options.attempts ?? 3;
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const signals = [AbortSignal.timeout(this.#options.timeoutMs ?? 5000), ...(options.signal ? [options.signal] : [])];
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(teamsCard(notification)),
          signal: AbortSignal.any(signals),
        });
        if (response.ok) return done({ ok: true, attempts: attempt, status: response.status });
        last = `HTTP ${response.status}`;
        if (response.status !== 429 && response.status < 500) return done({ ok: false, attempts: attempt, status: response.status, error: last });
      } catch (error) {
        // The message of a fetch error can contain the URL: report only its kind.
        last = (error as Error).name === 'TimeoutError' ? 'timed out' : 'network error';
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
    }
    return done({ ok: false, attempts, error: last });
  }
}
