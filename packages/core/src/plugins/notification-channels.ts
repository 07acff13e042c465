import { z } from 'zod';

/** Secret names are environment-variable style: the value lives in the secrets backend. */
const secretName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a secret name (UPPER_SNAKE_CASE)');

/** Fields every channel accepts. */
const common = {
  /** Unique channel name (default: its type). Used in dedup state and reports. */
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'letters, digits, "-" and "_"').optional(),
  /** Only these alerts (`HighErrorRate`, `SlowExecution`, `WorkflowFailure`, `HighApiCost`); default all. */
  alerts: z.array(z.string().min(1)).optional(),
  /** Only alerts of at least this severity; default `info` (all). */
  minSeverity: z.enum(['info', 'warning', 'critical']).optional(),
  /** Time limit for one delivery, retries included. Default 20 s. */
  timeoutSeconds: z.number().positive().max(300).optional(),
  /** Retries on HTTP 429 / 5xx, network errors and transient SMTP replies. Default 3. */
  retries: z.number().int().min(0).max(10).optional(),
};

const slack = z
  .object({
    type: z.literal('slack'),
    ...common,
    /** Secret holding the incoming-webhook URL. Default `SLACK_WEBHOOK_URL`. */
    webhookUrlSecret: secretName.optional(),
  })
  .strict();

const email = z
  .object({
    type: z.literal('email'),
    ...common,
    /** Recipients. Default the environment's `adminEmail`. */
    to: z.array(z.string().min(3)).optional(),
    /** Sender. Default `exec-automator@<hostname>`. */
    from: z.string().min(3).optional(),
    /** SMTP host (or give `urlSecret`). */
    host: z.string().min(1).optional(),
    /** SMTP port. Default 587 (465 with `secure`). */
    port: z.number().int().min(1).max(65535).optional(),
    /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().optional(),
    /** SMTP user name. */
    username: z.string().min(1).optional(),
    /** Secret holding the SMTP password. */
    passwordSecret: secretName.optional(),
    /** Secret holding a full `smtp(s)://user:pass@host:port` URL, instead of host/port/credentials. */
    urlSecret: secretName.optional(),
  })
  .strict();

const pagerduty = z
  .object({
    type: z.literal('pagerduty'),
    ...common,
    /** Secret holding the Events API v2 integration (routing) key. Default `PAGERDUTY_ROUTING_KEY`. */
    routingKeySecret: secretName.optional(),
    /** Events API endpoint. Default `https://events.pagerduty.com/v2/enqueue`. */
    url: z.string().url().optional(),
  })
  .strict();

const webhook = z
  .object({
    type: z.literal('webhook'),
    ...common,
    /** Receiver URL (Alertmanager webhook JSON is posted to it). */
    url: z.string().url().optional(),
    /** Secret holding the receiver URL, when the URL itself is a credential. */
    urlSecret: secretName.optional(),
    /** Extra request headers (not secret: use `urlSecret` for credentials). */
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const channel = z.discriminatedUnion('type', [slack, email, pagerduty, webhook]).superRefine((value, ctx) => {
  if (value.type === 'email' && !value.host && !value.urlSecret) {
    ctx.addIssue({ code: 'custom', message: 'an email channel needs "host" or "urlSecret"' });
  }
  if (value.type === 'webhook' && !value.url && !value.urlSecret) {
    ctx.addIssue({ code: 'custom', message: 'a webhook channel needs "url" or "urlSecret"' });
  }
});

/**
 * One notification channel as the configuration file's `notifications` list declares it.
 * Endpoints that are credentials (webhook URLs, routing keys, SMTP passwords) are named by the
 * secret holding them, never written in the file.
 */
export type NotificationChannelConfig = z.infer<typeof channel>;

/** zod schema of one entry of `notifications`. */
export const notificationChannelSchema: z.ZodType<NotificationChannelConfig> = channel;

/** The channel's name: its `name`, else its type. */
export function channelName(config: NotificationChannelConfig): string {
  return config.name ?? config.type;
}
