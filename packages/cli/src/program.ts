import { Command, CommanderError } from 'commander';
import { endChildGroups, isDeployError } from '@exec-automator/core';
import { registerDeploy } from './commands/deploy.js';
import { registerCheckpoints } from './commands/checkpoints.js';
import { registerSecrets } from './commands/secrets.js';
import { registerHistory } from './commands/history.js';
import { registerMcp } from './commands/mcp.js';
import { registerCancel } from './commands/cancel.js';
import { registerExecutions } from './commands/executions.js';
import { registerInvoke } from './commands/invoke.js';
import { registerMonitor } from './commands/monitor.js';
import { registerRollback } from './commands/rollback.js';
import { registerStatus } from './commands/status.js';
import { EXIT_CODES, exitCodeFor } from './exit-codes.js';

/** The version printed by `--version`. */
export const VERSION = '0.1.0';

/** Builds the `exec-automator` command tree (also used to generate the CLI reference). */
export function buildProgram(): Command {
  const program = new Command('exec-automator')
    .description('Deploy LangGraph workflows to dev, staging and production: validate, release, verify, report, roll back.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerDeploy(program);
  registerRollback(program);
  registerStatus(program);
  registerHistory(program);
  registerSecrets(program);
  registerCheckpoints(program);
  registerInvoke(program);
  registerExecutions(program);
  registerCancel(program);
  registerMonitor(program);
  registerMcp(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

const SIGNAL_NUMBERS: Readonly<Partial<Record<NodeJS.Signals, number>>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * Ends every process group the CLI started (runners, installers) when it is stopped by a signal
 * that no command handles itself (deploy and invoke turn the first Ctrl-C into a cancel): the
 * groups are killed and the CLI exits 128 + N. On a normal exit or an error core's exit hook
 * ends them; a SIGKILL is seen by the children's own parent-death watches.
 */
function endChildrenOnSignals(): void {
  for (const [signal, number] of Object.entries(SIGNAL_NUMBERS) as Array<[NodeJS.Signals, number]>) {
    process.on(signal, () => {
      if (process.listenerCount(signal) > 1) return; // a command cancels gracefully
      endChildGroups();
      process.exit(128 + number);
    });
  }
}

/** Runs the CLI with `argv` (as `process.argv`); returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  endChildrenOnSignals();
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version end with code 0; usage errors were already printed by commander
      return error.exitCode === 0 ? 0 : EXIT_CODES.usage;
    }
    if (isDeployError(error)) {
      process.stderr.write(`error [${error.code}]: ${error.message}\n`);
      return exitCodeFor(error.code);
    }
    process.stderr.write(`internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT_CODES.failure;
  }
}
