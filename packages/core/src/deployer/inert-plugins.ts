import type { Archiver } from '../plugins/archiver.js';
import type { Notifier } from '../plugins/notifier.js';

/** The reason an inert plugin gives for doing nothing. */
const NOT_SENT = 'not sent: this operation writes nothing (dry-run or validate-only)';

/**
 * Notifiers and archivers as phases see them in a dry-run or validate-only operation: the same
 * names (a plan may say which channels a real run would use), but calling them sends and stores
 * nothing. The guarantee lives here, in the Deployer, so it holds for every phase, including
 * third-party ones that forget to check the mode.
 */
export function inertPlugins(plugins: { notifiers: readonly Notifier[]; archivers: readonly Archiver[] }): {
  notifiers: readonly Notifier[];
  archivers: readonly Archiver[];
} {
  return {
    notifiers: plugins.notifiers.map(
      (n): Notifier => ({
        name: n.name,
        notify: async () => ({ notifier: n.name, ok: false, attempts: 0, error: NOT_SENT, durationMs: 0 }),
      }),
    ),
    archivers: plugins.archivers.map(
      (a): Archiver => ({
        name: a.name,
        archive: async () => ({ archiver: a.name, ok: false, error: NOT_SENT }),
      }),
    ),
  };
}
