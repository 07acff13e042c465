import type { Command } from 'commander';
import { PYTHON_CANDIDATES } from '@exec-automator/core/python';

/** Which environment a command works on: `--environment`, `--root`, `--config`. Every command but `mcp` and `completion` has them. */
export function environmentOptions(command: Command): Command {
  return command
    .option('-e, --environment <env>', 'target environment: dev, staging or production', 'dev')
    .option('-r, --root <dir>', 'directory holding the environments', '.exec-automator')
    .option('-c, --config <file>', 'configuration file (default: exec-automator.config.json in the source or working directory)');
}

/**
 * The interpreter and installer venvs are built with: for commands that build venvs (`deploy`,
 * and `rollback` when a release's venv must be rebuilt). The `--python` text states the search
 * order `findPython` really uses.
 */
export function pythonOptions(command: Command, options: { cacheDir: boolean } = { cacheDir: true }): Command {
  command
    .option(
      '--python <path>',
      `Python >= 3.10 to build venvs with (default: $EXEC_AUTOMATOR_PYTHON, else the first >= 3.10 of ${PYTHON_CANDIDATES.join(', ')} on PATH; a named interpreter that is missing or older than 3.10 is an error, nothing else is tried)`,
    )
    .option('--installer <name>', 'auto, uv or pip (default: $EXEC_AUTOMATOR_INSTALLER, else auto: uv when available)');
  if (options.cacheDir) command.option('--cache-dir <dir>', 'cache for validation venvs (default: $EXEC_AUTOMATOR_CACHE, else $XDG_CACHE_HOME/exec-automator, else ~/.cache/exec-automator)');
  return command;
}

/** `--json`: stdout holds exactly one JSON object, the result. */
export function jsonOption(command: Command): Command {
  return command.option('--json', 'print exactly one JSON object (the result) on stdout');
}

/** `--quiet` (and `--verbose` for commands that show phase progress) for commands that report progress on stderr. */
export function progressOptions(command: Command, options: { verbose: boolean } = { verbose: true }): Command {
  command.option('-q, --quiet', 'no progress on stderr');
  if (options.verbose) command.option('-v, --verbose', 'also show phase log lines on stderr');
  return command;
}
