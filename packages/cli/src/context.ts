import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  CONFIG_FILE_NAME,
  Deployer,
  DeployError,
  isEnvironmentName,
  loadConfigFile,
  ENVIRONMENTS,
  type EnvironmentName,
  type InstallerChoice,
} from '@exec-automator/core';
import { defaultPhases } from './default-phases.js';

/** Options every command shares. */
export interface CommonOptions {
  environment: string;
  root: string;
  config?: string;
  cacheDir?: string;
  python?: string;
  installer?: string;
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
 * Builds a Deployer for a command: the default pipeline, the configuration file (`--config`,
 * else `exec-automator.config.json` in `searchDirs` or the working directory), Python options.
 */
export async function createDeployer(options: CommonOptions, searchDirs: string[] = []): Promise<Deployer> {
  let configFile = options.config;
  if (!configFile) {
    configFile = [...searchDirs, process.cwd()].map((dir) => path.join(dir, CONFIG_FILE_NAME)).find((file) => existsSync(file));
  }
  const config = configFile ? await loadConfigFile(path.resolve(configFile)) : undefined;
  if (options.installer && !['auto', 'uv', 'pip'].includes(options.installer)) {
    throw new DeployError('INVALID_ARGUMENT', `Unknown installer "${options.installer}". Use auto, uv or pip.`);
  }
  return new Deployer({
    root: options.root,
    phases: defaultPhases(),
    ...(config ? { config } : {}),
    python: {
      ...(options.python ? { python: options.python } : {}),
      ...(options.cacheDir ? { cacheDir: path.resolve(options.cacheDir) } : {}),
      ...(options.installer ? { installer: options.installer as InstallerChoice } : {}),
    },
  });
}
