import { existsSync } from 'node:fs';
import path from 'node:path';
import { Deployer, deployError, type Phase } from '@exec-automator/core';
import { CONFIG_FILE_NAME, loadConfigFile } from '@exec-automator/core/config';
import { ObsidianArchiver } from '@exec-automator/phase-rollback';
import { type InstallerChoice } from '@exec-automator/core/python';
import { type PathPolicy } from '@exec-automator/core/source';
import { notifiersForSettings } from '@exec-automator/phase-monitoring';
import { defaultPhases } from './default-phases.js';

/** How a host (the CLI, the MCP server, an embedding app) wants its Deployer built. */
export interface DeployerAssemblyOptions {
  /** Directory holding the environments. */
  root: string;
  /** Configuration file; default `exec-automator.config.json` in `searchDirs` or the working directory. */
  config?: string | undefined;
  /** Directories searched for the configuration file before the working directory. */
  searchDirs?: readonly string[];
  /** Cache for validation venvs. */
  cacheDir?: string | undefined;
  /** Python interpreter for venvs. */
  python?: string | undefined;
  /** `auto`, `uv` or `pip`. */
  installer?: string | undefined;
  /** The pipeline; default {@link defaultPhases}. */
  phases?: readonly Phase[];
  /** Obsidian vault folder real runs archive their reports to; overrides the file's `archive.obsidianVault`. */
  obsidianVault?: string | undefined;
  /** The paths requests may reach (a server's allowed directories); default unrestricted. */
  pathPolicy?: PathPolicy;
}

/**
 * Builds a Deployer the way the CLI and the MCP server do: the default pipeline, the
 * configuration file, and Python options. Throws `INVALID_ARGUMENT` or `CONFIG_INVALID`.
 */
export async function createDeployer(options: DeployerAssemblyOptions): Promise<Deployer> {
  let configFile = options.config;
  if (!configFile) {
    configFile = [...(options.searchDirs ?? []), process.cwd()]
      .map((dir) => path.join(dir, CONFIG_FILE_NAME))
      .find((file) => existsSync(file));
  }
  const config = configFile ? await loadConfigFile(path.resolve(configFile)) : undefined;
  if (options.installer && !['auto', 'uv', 'pip'].includes(options.installer)) {
    throw deployError('INVALID_ARGUMENT', `Unknown installer "${options.installer}". Use auto, uv or pip.`);
  }
  // A vault named in the file is relative to the file, like every path a config file holds.
  const vault = options.obsidianVault
    ? path.resolve(options.obsidianVault)
    : config?.archive?.obsidianVault && configFile
      ? path.resolve(path.dirname(path.resolve(configFile)), config.archive.obsidianVault)
      : undefined;
  const deployer: Deployer = new Deployer({
    root: options.root,
    phases: options.phases ?? defaultPhases(),
    ...(options.pathPolicy ? { pathPolicy: options.pathPolicy } : {}),
    ...(config ? { config } : {}),
    ...(vault ? { archivers: [new ObsidianArchiver({ vault })] } : {}),
    python: {
      ...(options.python ? { python: options.python } : {}),
      ...(options.cacheDir ? { cacheDir: path.resolve(options.cacheDir) } : {}),
      ...(options.installer ? { installer: options.installer as InstallerChoice } : {}),
    },
    // The settings' `notifications` channels; their secret endpoints are read from the
    // environment's secrets backend when an alert is sent.
    notifiers: (environment) => notifiersForSettings(deployer.settings(environment), environment, deployer.secretsBackend(environment)),
  });
  return deployer;
}
