import type { Command } from 'commander';
import { deployError } from '@exec-automator/core';
import { assertExecutionId } from '@exec-automator/core/util';
import { ExecutionJournal, ExecutionRegistry, listExecutions, ReviewStore } from '@exec-automator/executions';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { withExamples } from '../help-examples.js';
import { environmentOptions, jsonOption } from './common.js';
import { decisionLines, reviewLine } from './reviews.js';

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
        .description('List running executions and the most recent finished ones (from <env>/metrics/executions.jsonl); with an id, show that execution and its human reviews (who decided what, when).')
        .argument('[execution-id]', 'show this execution: its record and the reviews it opened or resumed')
        .option('-w, --workflow <name>', 'only this workflow (name or workflow id)')
        .option('-n, --limit <count>', 'finished executions to show (newest)', (v) => Number.parseInt(v, 10), 20)
        .option('--status <status...>', 'only these statuses: completed, interrupted, error, cancelled, timeout'),
    ),
  );
  withExamples(command, [
    { description: 'running and recent executions in dev', command: 'exec-automator executions' },
    { description: 'failed runs of one workflow in production', command: 'exec-automator executions --environment=production --workflow workflow_resp_002 --status error timeout' },
    { description: 'one execution with its review decisions', command: 'exec-automator executions exe-20261125T031500123Z-3fa2' },
  ]);
  command.action(async (executionId: string | undefined, options: ExecutionsOptions) => {
    const environment = parseEnvironment(options.environment);
    const deployer = await createDeployer(options);
    if (executionId !== undefined) {
      assertExecutionId(executionId);
      const layout = deployer.layout(environment);
      const record = (await new ExecutionJournal(layout).find(executionId)) ?? null;
      const running = record ? null : ((await new ExecutionRegistry(layout).read(executionId)) ?? null);
      if (!record && !running) throw deployError('EXECUTION_NOT_FOUND', `No execution "${executionId}" in ${environment}: \`exec-automator executions\` lists them.`, { details: { execution_id: executionId } });
      const reviews = (await new ReviewStore(layout).list()).filter((r) => r.execution_id === executionId || r.decisions.some((d) => d.resumed_execution_id === executionId));
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ execution: record, running, reviews }, null, 2)}\n`);
        return;
      }
      const lines = record
        ? [`Execution ${record.execution_id}: ${record.status} (${record.workflow}, thread ${record.thread_id}, release ${record.release_id}, ${record.timestamp})`]
        : [`Execution ${executionId}: ${running?.state ?? 'running'} (${running?.workflow}, thread ${running?.thread_id})`];
      lines.push(`Reviews (${reviews.length}):`, ...reviews.flatMap((r) => [reviewLine(r), ...decisionLines(r)]));
      process.stdout.write(`${lines.join('\n')}\n`);
      return;
    }
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
