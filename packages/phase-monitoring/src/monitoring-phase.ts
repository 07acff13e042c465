import { chmod } from 'node:fs/promises';
import { deployError, type Phase, type PhaseContext, type PlannedAction } from '@exec-automator/core';
import { writeFileAtomic } from '@exec-automator/core/util';
import { hasChannels } from './alert-rules.js';
import { MONITORING_FILE_NAMES, renderMonitoring, type MonitoringPhaseOptions } from './monitoring-files.js';
import { Facts } from './facts.js';

/** The monitoring directory of the release being built (the operation's release in a dry-run). */
function monitoringDir(ctx: PhaseContext): string {
  return (ctx.release?.paths ?? ctx.layout.release(ctx.operationId)).monitoring;
}

/**
 * Seed phase 5, Monitoring Configuration: writes `metrics-config.json`, `alert-rules.yaml` (the
 * seed's format), `prometheus-rules.yml` with its promtool unit tests, `dashboard-config.json`
 * (the seed's) and `grafana-dashboard.json`, and an executable `health-check.py` into the
 * release's `monitoring/` directory (reached through the stable path `<env>/monitoring`), and publishes
 * {@link Facts.monitoring}.
 *
 * Not critical: a failure is reported and the deployment continues (the seed's rule); the
 * health phase then checks without the script.
 *
 * @param options - whether to write the rules' unit tests
 */
export function monitoringPhase(options: MonitoringPhaseOptions = {}): Phase {
  return {
    name: 'monitoring',
    title: 'Monitoring Configuration',
    kind: 'prepare',
    critical: false,

    async plan(ctx: PhaseContext): Promise<PlannedAction[]> {
      const { files } = await renderMonitoring(ctx, monitoringDir(ctx), options);
      return files.map((file) => ({
        kind: 'write-file',
        description: file.description,
        target: file.target,
        bytes: Buffer.byteLength(file.content),
      }));
    },

    async run(ctx: PhaseContext) {
      if (!ctx.release) {
        throw deployError('INTERNAL', 'The monitoring phase ran without a release; it needs the release directory to write into.', {
          phase: 'monitoring',
        });
      }
      const { files, rules, channels } = await renderMonitoring(ctx, ctx.release.paths.monitoring, options);
      for (const file of files) {
        ctx.signal.throwIfAborted();
        await writeFileAtomic(file.target, file.content, { mode: file.mode });
        // The umask may have narrowed the mode given at creation.
        await chmod(file.target, file.mode);
        ctx.log('debug', `${file.description}: ${file.target}`);
      }
      const written = files.map((file) => file.target);
      const script = files.find((file) => file.target.endsWith(MONITORING_FILE_NAMES.healthCheck))?.target as string;
      const alerts = rules.map((rule) => rule.alert_name);
      ctx.set(Facts.monitoring, { files: written, alerts, healthCheckScript: script });
      const warnings = hasChannels(rules)
        ? []
        : ['No notification channel is configured (add "notifications" to the configuration, or set the SLACK_WEBHOOK_URL secret): alerts will only be recorded.'];
      return {
        summary: `Monitoring configured for ${ctx.workflows.length} workflow(s): ${files.length} files, ${rules.length} alert rules, ${channels.length} channel(s)`,
        files: written,
        warnings,
        data: {
          alerts,
          channels: channels.flatMap((c) => c.destinations.map((d) => ({ ...d }))),
        },
      };
    },
  };
}
