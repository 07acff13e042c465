import { type Deployer, deployError, type EnvironmentName, ENVIRONMENTS } from '@exec-automator/core';
import { isEnvironmentName } from '@exec-automator/core/config';
import { assertPathArgument, showValue } from '@exec-automator/core/util';
import { createDeployer as assemble } from '@exec-automator/pipeline';
import { closest } from './suggest.js';

/** The options of the commands that work on an environment (each command has those that apply to it). */
export interface CommonOptions {
  /** `--environment`. */
  environment: string;
  /** `--root`. */
  root: string;
  /** `--config`. */
  config?: string;
  /** `--cache-dir` (deploy). */
  cacheDir?: string;
  /** `--python` (deploy, rollback). */
  python?: string;
  /** `--installer` (deploy, rollback). */
  installer?: string;
  /** Obsidian vault folder to archive reports to (deploy). */
  obsidianVault?: string;
  /** `--json`. */
  json?: boolean;
  /** `--quiet` (deploy, rollback, invoke). */
  quiet?: boolean;
  /** `--verbose` (deploy, rollback). */
  verbose?: boolean;
}

/** Checks `--environment`; `INVALID_ARGUMENT` names the allowed values. */
export function parseEnvironment(value: string): EnvironmentName {
  if (!isEnvironmentName(value)) {
    const suggestion = closest(value, ENVIRONMENTS);
    throw deployError('INVALID_ARGUMENT', `Unknown environment ${showValue(value)}.${suggestion ? ` Did you mean --environment=${suggestion}?` : ''} Use one of: ${ENVIRONMENTS.join(', ')}.`, {
      details: { environment: showValue(value), allowed: [...ENVIRONMENTS] },
    });
  }
  return value;
}

/**
 * Builds a Deployer for a command from its options (the assembly itself is shared with the
 * MCP server: `@exec-automator/pipeline`'s `createDeployer`).
 */
export async function createDeployer(options: CommonOptions, searchDirs: string[] = []): Promise<Deployer> {
  // A NUL byte in a path would surface as Node's raw TypeError from deep inside a phase.
  assertPathArgument(options.root, '--root');
  for (const [flag, value] of [['--config', options.config], ['--cache-dir', options.cacheDir], ['--python', options.python], ['--obsidian-vault', options.obsidianVault]] as const) {
    if (value !== undefined) assertPathArgument(value, flag);
  }
  for (const dir of searchDirs) assertPathArgument(dir, '--source');
  return assemble({
    root: options.root,
    config: options.config,
    searchDirs,
    cacheDir: options.cacheDir,
    python: options.python,
    installer: options.installer,
    obsidianVault: options.obsidianVault,
  });
}
