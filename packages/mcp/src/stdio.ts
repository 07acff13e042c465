import { parseArgs } from 'node:util';
import { isDeployError } from '@exec-automator/core';
import { type InstallerChoice } from '@exec-automator/core/python';
import { BoundedStdioServerTransport } from './bounded-stdio.js';
import { createExecAutomatorServer } from './server.js';

/** `exec-automator-mcp --help`. */
export const USAGE = `Usage: exec-automator-mcp [--allow <dir>]... [--root <dir>] [--config <file>]
                          [--python <path>] [--installer auto|uv|pip] [--cache-dir <dir>]

Runs the exec-automator MCP server on stdio.

  --allow <dir>      directory the tools may read sources from and write environments to
                     (repeatable; default: the working directory)
  --root <dir>       default environment root (default: <first allowed dir>/.exec-automator)
  --config <file>    exec-automator.config.json for every deployment
  --python <path>    Python >= 3.10 for venvs (default: EXEC_AUTOMATOR_PYTHON, else the first
                     >= 3.10 of python3.13 ... python3, python on PATH)
  --installer <name> auto, uv or pip
  --cache-dir <dir>  cache for validation and simulation venvs
`;

/**
 * Starts the MCP server on stdin/stdout (stdout carries only protocol messages; diagnostics go
 * to stderr). Resolves when the client disconnects.
 */
export async function runStdio(argv: readonly string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        allow: { type: 'string', multiple: true },
        root: { type: 'string' },
        config: { type: 'string' },
        python: { type: 'string' },
        installer: { type: 'string' },
        'cache-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  try {
    const app = createExecAutomatorServer({
      allowedDirs: values.allow?.length ? values.allow : [process.cwd()],
      ...(values.root ? { root: values.root } : {}),
      ...(values.config ? { config: values.config } : {}),
      python: {
        ...(values.python ? { python: values.python } : {}),
        ...(values.installer ? { installer: values.installer as InstallerChoice } : {}),
        ...(values['cache-dir'] ? { cacheDir: values['cache-dir'] } : {}),
      },
    });
    const transport = new BoundedStdioServerTransport(app.context.limits);
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
    });
    await app.server.connect(transport);
    process.stderr.write(`exec-automator MCP server ready (allowed: ${app.context.guard.allowed.join(', ')})\n`);
    await closed;
    await app.context.close();
  } catch (error) {
    process.stderr.write(`${isDeployError(error) ? `error [${error.code}]` : 'error'}: ${(error as Error).message}\n`);
    process.exitCode = isDeployError(error) && error.errorClass === 'usage' ? 2 : 1;
  }
}
