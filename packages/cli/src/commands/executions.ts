import type { Command } from 'commander';
import { listExecutions } from '@exec-automator/executions';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { withExamples } from '../help-examples.js';
import { environmentOptions, jsonOption } from './common.js';

interface ExecutionsOptions extends CommonOptions {
  workflow?: string;
  limit: number;
  status?: string[];
}

/** Registers `executions`. */
export function registerExecutions(program: Command): void {
  const command = jsonOption(
    environmentOptions(
      program
        .command('executions')
        .description('List running executions and the most recent finished ones (from <env>/metrics/executions.jsonl).')
        .option('-w, --workflow <name>', 'only this workflow (name or workflow id)')
        .option('-n, --limit <count>', 'finished executions to show (newest)', (v) => Number.parseInt(v, 10), 20)
        .option('--status <status...>', 'only these statuses: completed, interrupted, error, cancelled, timeout'),
    ),
  );
  withExamples(command, [
    { description: 'running and recent executions in dev', command: 'exec-automator executions' },
    { description: 'failed runs of one workflow in production', command: 'exec-automator executions --environment=production --workflow workflow_resp_002 --status error timeout' },
  ]);
  command.action(async (options: ExecutionsOptions) => {
    const environment = parseEnvironment(options.environment);
    const deployer = await createDeployer(options);
    const listing = await listExecutions(deployer.layout(environment), {
      limit: options.limit > 0 ? options.limit : 20,
      ...(options.workflow ? { workflow: options.workflow } : {}),
      ...(options.status ? { status: options.status } : {}),
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
      return;
    }
    const lines: string[] = [`Running (${listing.running.length}):`];
    for (const e of listing.running) {
      lines.push(`  ${e.execution_id}  ${e.state.padEnd(7)} ${e.workflow}  since ${e.started_at}  thread ${e.thread_id}${e.cancel_requested_at ? '  (cancelling)' : ''}`);
    }
    lines.push(`Recent (${listing.recent.length}):`);
    for (const r of [...listing.recent].reverse()) {
      const error = r.error_type ? `  ${r.error_type}${r.error_node ? ` in ${r.error_node}` : ''}` : '';
      lines.push(`  ${r.execution_id}  ${r.status.padEnd(11)} ${r.duration_seconds.toFixed(2).padStart(8)} s  ${r.workflow}  ${r.timestamp}${r.simulated ? '  [simulated]' : ''}${error}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
