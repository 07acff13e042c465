import { assertEnvironmentName, assertPathArgument, type Deployer, type EnvironmentName } from '@exec-automator/core';
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
  return assertEnvironmentName(value);
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
