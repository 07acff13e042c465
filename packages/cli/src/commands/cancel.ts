import type { Command } from 'commander';
import { cancelExecution } from '@exec-automator/executions';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { withExamples } from '../help-examples.js';
import { environmentOptions, jsonOption } from './common.js';

/** Registers `cancel`. */
export function registerCancel(program: Command): void {
  const command = jsonOption(
    environmentOptions(
      program
        .command('cancel')
        .description('Stop a running execution (its runner process group is terminated); it is recorded as cancelled.')
        .argument('<execution-id>', 'the id printed by invoke, or listed by executions'),
    ),
  );
  withExamples(command, [
    { description: 'stop a run (ids: exec-automator executions)', command: 'exec-automator cancel exe-20261125T031500123Z-3fa2 --environment=staging' },
  ]);
  command.action(async (executionId: string, options: CommonOptions) => {
    const environment = parseEnvironment(options.environment);
    const deployer = await createDeployer(options);
    const result = await cancelExecution(deployer.layout(environment), executionId);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    const recorded =
      result.recorded_by === null
        ? 'the invoking process has not recorded it yet'
        : `recorded as ${result.record?.status ?? 'cancelled'}${result.recorded_by === 'cancel' ? ' (its invoking process had stopped)' : ''}`;
    process.stdout.write(`Execution ${result.execution_id} (${result.workflow}): ${result.signalled ? 'runner stopped' : 'no runner process was left'}; ${recorded}.\n`);
  });
}
