import { deployError, type EnvironmentSettings, type Notifier, type SecretsBackend } from '@exec-automator/core';
import { type NotificationChannelConfig } from '@exec-automator/core/plugins';
import type { ChannelContext } from './channel-notifier.js';
import { EmailNotifier } from './email-notifier.js';
import { PagerDutyNotifier } from './pagerduty-notifier.js';
import { SlackNotifier } from './slack-notifier.js';
import { WebhookNotifier } from './webhook-notifier.js';

/** What {@link createNotifiers} needs besides the channel list. */
export interface CreateNotifiersOptions {
  /** Secrets backend of the environment (secret endpoints are read from it at send time). */
  secrets: SecretsBackend;
  /** Environment name. */
  environment: string;
  /** Default e-mail recipient. */
  adminEmail?: string | undefined;
  /**
   * Add the channels whose default secret is set even when not configured: Slack
   * (`SLACK_WEBHOOK_URL`), PagerDuty (`PAGERDUTY_ROUTING_KEY`), and e-mail to `adminEmail`
   * over `SMTP_URL`. Each is skipped while its secret has no value. Default true.
   */
  implicitChannels?: boolean;
}

/** The implicit channels (see {@link CreateNotifiersOptions.implicitChannels}) not already configured by type. */
export function implicitChannelConfigs(configured: readonly NotificationChannelConfig[], adminEmail: string | undefined): NotificationChannelConfig[] {
  const types = new Set(configured.map((c) => c.type));
  const names = new Set(configured.map((c) => c.name ?? c.type));
  const implicit: NotificationChannelConfig[] = [];
  if (!types.has('slack') && !names.has('slack')) implicit.push({ type: 'slack' });
  if (!types.has('pagerduty') && !names.has('pagerduty')) implicit.push({ type: 'pagerduty' });
  if (!types.has('email') && !names.has('email') && adminEmail) implicit.push({ type: 'email', urlSecret: 'SMTP_URL' });
  return implicit;
}

/** One built-in notifier for a channel config. */
export function createNotifier(config: NotificationChannelConfig, context: ChannelContext): Notifier {
  switch (config.type) {
    case 'slack':
      return new SlackNotifier(config, context);
    case 'email':
      return new EmailNotifier(config, context);
    case 'pagerduty':
      return new PagerDutyNotifier(config, context);
    case 'webhook':
      return new WebhookNotifier(config, context);
  }
}

/**
 * The built-in notifiers for an environment's `notifications` channels (Slack, e-mail,
 * PagerDuty, Alertmanager-style webhook), plus the implicit ones. Throws `CONFIG_INVALID` when
 * two channels share a name (dedup state is kept per channel name).
 */
export function createNotifiers(channels: readonly NotificationChannelConfig[], options: CreateNotifiersOptions): Notifier[] {
  const context: ChannelContext = { secrets: options.secrets, environment: options.environment, adminEmail: options.adminEmail };
  const notifiers = channels.map((config) => createNotifier(config, context));
  if (options.implicitChannels ?? true) {
    for (const config of implicitChannelConfigs(channels, options.adminEmail)) notifiers.push(createNotifier(config, { ...context, implicit: true }));
  }
  const seen = new Set<string>();
  for (const notifier of notifiers) {
    if (seen.has(notifier.name)) {
      throw deployError('CONFIG_INVALID', `Two notification channels are named "${notifier.name}": give one of them another "name".`, {
        details: { channel: notifier.name },
      });
    }
    seen.add(notifier.name);
  }
  return notifiers;
}

/** The notifiers for resolved settings: `settings.notifications` plus the implicit channels. */
export function notifiersForSettings(settings: EnvironmentSettings, environment: string, secrets: SecretsBackend): Notifier[] {
  return createNotifiers(settings.notifications, { secrets, environment, adminEmail: settings.adminEmail });
}
