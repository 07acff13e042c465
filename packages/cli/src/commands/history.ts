import type { Command } from 'commander';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { withExamples } from '../help-examples.js';
import { styleFor } from '../style.js';
import { environmentOptions, jsonOption } from './common.js';

/** Registers `history`. */
export function registerHistory(program: Command): void {
  const command = jsonOption(
    environmentOptions(
      program
        .command('history')
        .description('List deployments, rollbacks and failures of an environment, oldest first.')
        .option('-n, --limit <count>', 'only the last <count> entries', (v) => Number.parseInt(v, 10)),
    ),
  );
  withExamples(command, [
    { description: 'the last ten operations on production', command: 'exec-automator history --environment=production --limit 10' },
  ]);
  command.action(async (options: CommonOptions & { limit?: number }) => {
    const environment = parseEnvironment(options.environment);
    const deployer = await createDeployer(options);
    let entries = await deployer.history(environment);
    if (options.limit !== undefined && options.limit > 0) entries = entries.slice(-options.limit);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      return;
    }
    if (entries.length === 0) {
      process.stdout.write(`No history for ${environment}.\n`);
      return;
    }
    const arrow = styleFor(process.stdout).symbols.arrow;
    for (const e of entries) {
      const move = e.from || e.to ? ` ${e.from ?? '(none)'} ${arrow} ${e.to ?? '(unchanged)'}` : '';
      process.stdout.write(`${e.timestamp}  ${e.event.padEnd(8)} ${e.status.padEnd(7)} ${e.operationId}${move}${e.automatic ? ' (automatic)' : ''}${e.reason ? `  ${e.reason}` : ''}\n`);
    }
  });
}
