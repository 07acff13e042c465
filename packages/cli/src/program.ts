import { Command, CommanderError } from 'commander';
import { isDeployError } from '@exec-automator/core';
import { endChildGroups } from '@exec-automator/core/python';
import { registerDeploy } from './commands/deploy.js';
import { registerCheckpoints } from './commands/checkpoints.js';
import { registerCompletion } from './commands/completion.js';
import { registerSecrets } from './commands/secrets.js';
import { registerHistory } from './commands/history.js';
import { registerMcp } from './commands/mcp.js';
import { registerCancel } from './commands/cancel.js';
import { registerExecutions } from './commands/executions.js';
import { registerInvoke } from './commands/invoke.js';
import { registerMonitor } from './commands/monitor.js';
import { registerRollback } from './commands/rollback.js';
import { registerStatus } from './commands/status.js';
import { registerServe } from './commands/serve.js';
import { registerApiKeys } from './commands/api-keys.js';
import { registerReviews } from './commands/reviews.js';
import { printError } from './error-output.js';
import { EXIT_CODES, exitCodeFor } from './exit-codes.js';
import { withExamples } from './help-examples.js';
import { VERSION } from './version.js';

export { VERSION } from './version.js';

/** `exec-automator secrets set` for `command` (its names from the root). */
function fullName(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * After a usage error commander prints the error and, for a mistyped command or option, its
 * "Did you mean …?"; then one line says where the help is, instead of the whole help text.
 */
function helpHintAfterErrors(command: Command): void {
  command.exitOverride();
  command.showSuggestionAfterError(true);
  command.showHelpAfterError(`Run \`${fullName(command)} --help\` for ${command.parent ? "its options" : "the commands"} and examples.`);
  for (const sub of command.commands) helpHintAfterErrors(sub);
}

/** Builds the `exec-automator` command tree (also used to generate the CLI reference and the completion scripts). */
export function buildProgram(): Command {
  const program = new Command('exec-automator')
    .description('Deploy LangGraph workflows to dev, staging and production: validate, release, verify, report, roll back.')
    .version(VERSION, '-V, --version', 'print the version');
  registerDeploy(program);
  registerRollback(program);
  registerStatus(program);
  registerHistory(program);
  registerSecrets(program);
  registerCheckpoints(program);
  registerInvoke(program);
  registerExecutions(program);
  registerCancel(program);
  registerReviews(program);
  registerMonitor(program);
  registerServe(program);
  registerApiKeys(program);
  registerMcp(program);
  registerCompletion(program);
  withExamples(program, [
    { description: 'deploy the workflows of a directory to dev', command: 'exec-automator deploy all --source ./workflows' },
    { description: 'what is deployed, and what happened', command: 'exec-automator status --environment=staging && exec-automator history --environment=staging' },
    { description: 'the options and examples of one command', command: 'exec-automator deploy --help' },
  ]);
  helpHintAfterErrors(program);
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

/** True when `--json` is among the options of `argv` (before a `--` that ends them). */
function wantsJson(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--json');
}

/**
 * Runs the CLI with `argv` (as `process.argv`); returns the exit code. With `--json`, stdout
 * holds exactly one JSON object whatever happens: a command's result, or — for a usage error,
 * a refused argument or an internal error, when the command printed nothing —
 * `{ "error": { "code", "message", "details"? }, "exitCode" }` (the message is on stderr too).
 */
export async function main(argv: readonly string[]): Promise<number> {
  endChildrenOnSignals();
  const program = buildProgram();
  const json = wantsJson(argv);
  let printed = false;
  if (json) {
    const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
    process.stdout.write = ((...args: unknown[]) => {
      printed = true;
      return write(...args);
    }) as typeof process.stdout.write;
  }
  const fail = (code: string, message: string, exitCode: number, details?: Record<string, unknown>): number => {
    if (json && !printed) process.stdout.write(`${JSON.stringify({ error: { code, message, ...(details ? { details } : {}) }, exitCode })}\n`);
    return exitCode;
  };
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version end with code 0; usage errors were already printed by commander (stderr)
      if (error.exitCode === 0) return 0;
      return fail('INVALID_ARGUMENT', error.message.replace(/^error: /, ''), EXIT_CODES.usage, { reason: error.code });
    }
    if (isDeployError(error)) {
      printError(error.code, error.message);
      return fail(error.code, error.message, exitCodeFor(error.code), Object.keys(error.details).length > 0 ? error.details : undefined);
    }
    process.stderr.write(`internal error: ${(error as Error).stack ?? String(error)}\n`);
    return fail('INTERNAL', `internal error: ${(error as Error).message ?? String(error)}`, EXIT_CODES.failure);
  }
}
