import type { AlertNotification, Notifier, NotifyResult } from '@exec-automator/core';

/** What {@link notifyAll} did per channel. */
export interface FanOutResult {
  /** One result per channel that was sent to. */
  results: NotifyResult[];
  /** Channels left out: not set up (`unavailable`) or not routed this alert (`filtered`). */
  skipped: Array<{ notifier: string; reason: 'unavailable' | 'filtered' }>;
}

/**
 * Sends one notification to every channel at once. A channel that is not set up or does not
 * take this alert is skipped; a plugin that throws is reported as a failed result. Never throws.
 *
 * @param options - `only`: send only to these channel names; `routed: false`: ignore the
 *   channels' routing (a resolve goes to every channel that took the firing alert)
 */
export async function notifyAll(
  notifiers: readonly Notifier[],
  notification: AlertNotification,
  options: { signal?: AbortSignal; only?: ReadonlySet<string>; routed?: boolean } = {},
): Promise<FanOutResult> {
  const skipped: FanOutResult['skipped'] = [];
  const targets: Notifier[] = [];
  for (const notifier of notifiers) {
    if (options.only && !options.only.has(notifier.name)) continue;
    if ((options.routed ?? true) && notifier.accepts && !notifier.accepts(notification)) {
      skipped.push({ notifier: notifier.name, reason: 'filtered' });
      continue;
    }
    const available = notifier.available ? await notifier.available().catch(() => false) : true;
    if (!available) {
      skipped.push({ notifier: notifier.name, reason: 'unavailable' });
      continue;
    }
    targets.push(notifier);
  }
  const results = await Promise.all(
    targets.map(async (notifier): Promise<NotifyResult> => {
      const started = performance.now();
      try {
        return await notifier.notify(notification, options.signal ? { signal: options.signal } : {});
      } catch (error) {
        return { notifier: notifier.name, ok: false, attempts: 1, error: (error as Error).message ?? String(error), durationMs: Math.round(performance.now() - started) };
      }
    }),
  );
  return { results, skipped };
}
