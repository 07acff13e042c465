import { DeployError, isEnvironmentName, ENVIRONMENTS, type Deployer, type EnvironmentName } from '@exec-automator/core';
import { createDeployer as assemble } from '@exec-automator/pipeline';

/** Options every command shares. */
export interface CommonOptions {
  environment: string;
  root: string;
  config?: string;
  cacheDir?: string;
  python?: string;
  installer?: string;
  /** Obsidian vault folder to archive reports to (deploy). */
  obsidianVault?: string;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** Checks `--environment`; `INVALID_ARGUMENT` names the allowed values. */
export function parseEnvironment(value: string): EnvironmentName {
  if (!isEnvironmentName(value)) {
    throw new DeployError('INVALID_ARGUMENT', `Unknown environment "${value}". Use one of: ${ENVIRONMENTS.join(', ')}.`);
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
