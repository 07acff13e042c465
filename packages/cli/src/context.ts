import { DeployError, isEnvironmentName, ENVIRONMENTS, type Deployer, type EnvironmentName } from '@exec-automator/core';
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
    throw new DeployError('INVALID_ARGUMENT', `Unknown environment "${value}".${suggestion ? ` Did you mean --environment=${suggestion}?` : ''} Use one of: ${ENVIRONMENTS.join(', ')}.`, {
      details: { environment: value, allowed: [...ENVIRONMENTS] },
    });
  }
  return value;
}

/**
 * Builds a Deployer for a command from its options (the assembly itself is shared with the
 * MCP server: `@exec-automator/pipeline`'s `createDeployer`).
 */
export async function createDeployer(options: CommonOptions, searchDirs: string[] = []): Promise<Deployer> {
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
