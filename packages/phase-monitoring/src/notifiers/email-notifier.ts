import os from 'node:os';
import { createTransport, type SMTPTransportOptions } from 'nodemailer';
import type { AlertNotification, NotifyOptions, NotifyResult } from '@exec-automator/core';
import type { NotificationChannelConfig } from '@exec-automator/core/plugins';
import { ChannelNotifier } from './channel-notifier.js';
import { backoffMs } from './http-delivery.js';
import { detailLines, titleLine } from './notification-text.js';

type EmailConfig = Extract<NotificationChannelConfig, { type: 'email' }>;

/** Error codes of nodemailer that mean "the connection failed", worth another attempt. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET']);

/** True for a failure worth retrying: a connection problem or an SMTP 4xx (temporary) reply. */
function isTransient(error: { code?: string; responseCode?: number }): boolean {
  if (error.responseCode !== undefined) return error.responseCode >= 400 && error.responseCode < 500;
  return error.code !== undefined && TRANSIENT_CODES.has(error.code);
}

/** Sends alerts by e-mail over SMTP (nodemailer), with retries on connection errors and 4xx replies. */
export class EmailNotifier extends ChannelNotifier<EmailConfig> {
  protected requiredSecrets(): string[] {
    return [this.config.urlSecret, this.config.passwordSecret].filter((s): s is string => s !== undefined);
  }

  /** Recipients: the configured ones, else the environment's admin e-mail. */
  get recipients(): string[] {
    return this.config.to ?? (this.context.adminEmail ? [this.context.adminEmail] : []);
  }

  protected async deliver(notification: AlertNotification, options: NotifyOptions): Promise<Omit<NotifyResult, 'notifier' | 'durationMs'>> {
    const to = this.recipients;
    if (to.length === 0) return { ok: false, attempts: 0, error: 'no recipient: set "to" on the channel or adminEmail in the settings' };
    const transport = createTransport(await this.#transportOptions());
    const deadline = Date.now() + this.timeoutMs;
    const message = {
      from: this.config.from ?? `exec-automator@${os.hostname()}`,
      to,
      subject: titleLine(notification),
      text: `${detailLines(notification).join('\n')}\n\n-- \nexec-automator (${notification.environment})\n`,
      headers: { 'X-Exec-Automator-Dedup-Key': notification.dedupKey, 'X-Exec-Automator-State': notification.kind },
    };
    let attempts = 0;
    try {
      for (;;) {
        attempts += 1;
        try {
          const info = await transport.sendMail(message);
          const code = Number(/^(\d{3})/.exec(String(info.response))?.[1] ?? 250);
          return { ok: true, attempts, status: code };
        } catch (caught) {
          const error = caught as Error & { code?: string; responseCode?: number };
          const failure = { ok: false, attempts, ...(error.responseCode ? { status: error.responseCode } : {}), error: error.message };
          if (!isTransient(error) || attempts > this.retries || options.signal?.aborted) return failure;
          const wait = backoffMs(attempts, 500, null);
          if (Date.now() + wait >= deadline) return { ...failure, error: `${error.message}; no time left to retry` };
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    } finally {
      transport.close();
    }
  }

  /** SMTP transport options: a URL from a secret, or host/port and a password from a secret. */
  async #transportOptions(): Promise<SMTPTransportOptions> {
    const timeouts = { connectionTimeout: this.timeoutMs, greetingTimeout: this.timeoutMs, socketTimeout: this.timeoutMs };
    if (this.config.urlSecret) return { url: await this.requireSecret(this.config.urlSecret), ...timeouts };
    const secure = this.config.secure ?? false;
    const password = this.config.passwordSecret ? await this.requireSecret(this.config.passwordSecret) : undefined;
    return {
      ...(this.config.host ? { host: this.config.host } : {}),
      port: this.config.port ?? (secure ? 465 : 587),
      secure,
      ...(this.config.username ? { auth: { user: this.config.username, pass: password ?? '' } } : {}),
      ...timeouts,
    };
  }
}
