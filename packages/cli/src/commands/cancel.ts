import type { Command } from 'commander';
import { cancelExecution } from '@exec-automator/core';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { commonOptions } from './common.js';

/** Registers `cancel`. */
export function registerCancel(program: Command): void {
  commonOptions(
    program
      .command('cancel')
      .description('Stop a running execution (its runner process group is terminated); it is recorded as cancelled.')
      .argument('<execution-id>', 'the id printed by invoke, or listed by executions'),
  ).action(async (executionId: string, options: CommonOptions) => {
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
