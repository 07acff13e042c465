import type { Command } from 'commander';

/** Adds the options every command shares. */
export function commonOptions(command: Command): Command {
  return command
    .option('-e, --environment <env>', 'target environment: dev, staging or production', 'dev')
    .option('-r, --root <dir>', 'directory holding the environments', '.exec-automator')
    .option('-c, --config <file>', 'configuration file (default: exec-automator.config.json in the source or working directory)')
    .option('--python <path>', 'Python >= 3.10 interpreter for venvs (default: EXEC_AUTOMATOR_PYTHON or python3 on PATH)')
    .option('--installer <name>', 'auto, uv or pip (default auto: uv when available)')
    .option('--cache-dir <dir>', 'cache for validation venvs (default ~/.cache/exec-automator)')
    .option('--json', 'print exactly one JSON object (the result) on stdout')
    .option('-q, --quiet', 'no progress on stderr')
    .option('-v, --verbose', 'also show phase log lines on stderr');
}
