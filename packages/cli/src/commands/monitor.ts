import type { Command } from 'commander';
import { runMonitor, type MonitorResult } from '@exec-automator/phase-monitoring';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { exitCodeFor } from '../exit-codes.js';
import { withExamples } from '../help-examples.js';
import { styleFor } from '../style.js';
import { environmentOptions, jsonOption } from './common.js';

interface MonitorCliOptions extends CommonOptions {
  dryRun?: boolean;
  windowExecutions: number;
  windowMinutes: number;
  minExecutions: number;
}

function printHuman(result: MonitorResult): void {
  const arrow = styleFor(process.stdout).symbols.arrow;
  const lines = [`Monitor ${result.environment} at ${result.evaluated_at}: ${result.executions} recorded execution(s), ${result.firing.length} alert(s) firing${result.dry_run ? ' (dry run: nothing sent)' : ''}`];
  for (const a of result.firing) lines.push(`  FIRING  ${a.alert.padEnd(16)} ${a.workflow_id}  ${a.summary} (${a.description})`);
  for (const d of result.deliveries) {
    lines.push(`  sent    ${d.kind.padEnd(8)} ${d.alert} (${d.workflow_id}) ${arrow} ${d.channel}: ${d.ok ? 'ok' : `FAILED after ${d.attempts} attempt(s): ${d.error ?? 'not accepted'}`}`);
  }
  for (const key of result.resolved) lines.push(`  resolved ${key}`);
  if (!result.dry_run && result.deliveries.length === 0 && result.firing.length > 0) lines.push('  (already notified: nothing re-sent)');
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Registers `monitor`. */
export function registerMonitor(program: Command): void {
  const int = (v: string): number => Number.parseInt(v, 10);
  const command = jsonOption(
    environmentOptions(
      program
        .command('monitor')
        .description('Evaluate the alert thresholds over the recorded executions (no Prometheus needed) and notify: once per firing alert, and a resolve when it clears.')
        .option('--dry-run', 'evaluate and print only: send nothing, keep the dedup state')
        .option('--window-executions <count>', 'newest executions per workflow the rate and duration alerts look at', int, 20)
        .option('--window-minutes <minutes>', '...that finished within this many minutes', int, 60)
        .option('--min-executions <count>', 'rate and duration alerts need at least this many executions in the window', int, 3),
    ),
  );
  withExamples(command, [
    { description: 'evaluate the alerts of production and notify (e.g. from cron every 5 minutes)', command: 'exec-automator monitor --environment=production' },
    { description: 'see what would fire, send nothing', command: 'exec-automator monitor --environment=staging --dry-run' },
  ]);
  command.action(async (options: MonitorCliOptions) => {
    const environment = parseEnvironment(options.environment);
    const deployer = await createDeployer(options);
    const result = await runMonitor({
      layout: deployer.layout(environment),
      settings: deployer.settings(environment),
      notifiers: deployer.notifiers(environment),
      window: { executions: options.windowExecutions, minutes: options.windowMinutes, minExecutions: options.minExecutions },
      dryRun: options.dryRun ?? false,
    });
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else printHuman(result);
    const failed = result.deliveries.filter((d) => !d.ok);
    if (failed.length > 0) {
      process.stderr.write(`error [NOTIFICATION_FAILED]: ${failed.length} notification(s) were not delivered; they are retried on the next run.\n`);
      process.exitCode = exitCodeFor('NOTIFICATION_FAILED');
    }
  });
}
