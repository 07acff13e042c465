import type { AlertNotification, Notifier, NotifyOptions, NotifyResult, SecretsBackend } from '@exec-automator/core';
import { channelName } from '@exec-automator/core/plugins';
import type { NotificationChannelConfig } from '@exec-automator/core/plugins';

const SEVERITY_RANK = { info: 0, warning: 1, critical: 2 } as const;

/** What every built-in notifier is built with. */
export interface ChannelContext {
  /** Where secret endpoints (webhook URLs, routing keys, SMTP passwords) are read from, by name, at send time. */
  secrets: SecretsBackend;
  /** Environment (source of alerts, e-mail subjects). */
  environment: string;
  /** Default e-mail recipient (settings `adminEmail`). */
  adminEmail?: string | undefined;
  /**
   * True for a channel exec-automator added because its default secret is set
   * (e.g. `SLACK_WEBHOOK_URL`): without a value it is skipped instead of failing.
   */
  implicit?: boolean;
}

/**
 * The shared part of the built-in notifiers: name, routing (`alerts`, `minSeverity`), time
 * limit and retries from the channel config, secret lookup, and the rule that a failure is
 * returned, never thrown. Subclasses implement {@link ChannelNotifier.deliver}.
 */
export abstract class ChannelNotifier<C extends NotificationChannelConfig = NotificationChannelConfig> implements Notifier {
  /** Channel name (`name` of the config, else its type). */
  readonly name: string;
  /** Channel type. */
  readonly type: string;
  /** The channel's configuration. */
  protected readonly config: C;
  /** Secrets, environment and defaults. */
  protected readonly context: ChannelContext;

  /**
   * @param config - the channel's entry of `notifications`
   * @param context - secrets backend and environment
   */
  constructor(config: C, context: ChannelContext) {
    this.config = config;
    this.context = context;
    this.name = channelName(config);
    this.type = config.type;
  }

  /** Time limit of one delivery, retries included. */
  protected get timeoutMs(): number {
    return (this.config.timeoutSeconds ?? 20) * 1000;
  }

  /** Retries after the first attempt. */
  protected get retries(): number {
    return this.config.retries ?? 3;
  }

  /** The secrets this channel cannot work without. */
  protected abstract requiredSecrets(): string[];

  /** Sends; may throw (turned into a failed result by {@link ChannelNotifier.notify}). */
  protected abstract deliver(notification: AlertNotification, options: NotifyOptions): Promise<Omit<NotifyResult, 'notifier' | 'durationMs'>>;

  async available(): Promise<boolean> {
    if (!this.context.implicit) return true;
    for (const name of this.requiredSecrets()) if ((await this.secret(name)) === undefined) return false;
    return true;
  }

  accepts(notification: AlertNotification): boolean {
    if (notification.kind === 'test') return true;
    if (this.config.alerts && !this.config.alerts.includes(notification.alert)) return false;
    const min = SEVERITY_RANK[this.config.minSeverity ?? 'info'];
    return SEVERITY_RANK[notification.severity] >= min;
  }

  async notify(notification: AlertNotification, options: NotifyOptions = {}): Promise<NotifyResult> {
    const started = performance.now();
    try {
      const result = await this.deliver(notification, options);
      return { notifier: this.name, ...result, ...(result.error ? { error: await this.scrub(result.error) } : {}), durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      return {
        notifier: this.name,
        ok: false,
        attempts: 1,
        error: await this.scrub((error as Error).message ?? String(error)),
        durationMs: Math.round(performance.now() - started),
      };
    }
  }

  /** A secret's value, or undefined when unset. */
  protected async secret(name: string): Promise<string | undefined> {
    return this.context.secrets.get(name);
  }

  /** The value of a secret the channel needs; throws a message naming (never showing) it. */
  protected async requireSecret(name: string): Promise<string> {
    const value = await this.secret(name);
    if (value === undefined) throw new Error(`secret ${name} is not set in the ${this.context.secrets.name} secrets backend`);
    return value;
  }

  /** Masks the channel's secret values in an error message. */
  private async scrub(text: string): Promise<string> {
    let out = text;
    for (const name of this.requiredSecrets()) {
      const value = await this.secret(name).catch(() => undefined);
      if (value && value.length >= 4) out = out.split(value).join('***');
    }
    return out;
  }
}
