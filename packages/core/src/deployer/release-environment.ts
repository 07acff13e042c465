import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EnvironmentLayout } from '../environment/layout.js';
import { requiredSecretsForModels } from '../models/model-families.js';
import type { EnvironmentSetup } from '../phase/well-known-facts.js';
import type { PythonBridge } from '../python/python-bridge.js';
import { VENV_MARKER } from '../python/venv-manager.js';
import type { ReleaseMeta } from '../release/release-meta.js';
import type { ReleaseStore } from '../release/release-store.js';
import { replaceSymlink } from '../util/atomic-fs.js';
import { stageLocalPackage } from '../source/local-packages.js';
import { pathExists } from '../util/path-exists.js';

/**
 * Parses the `KEY=value` lines of a release's `.env` (values the environment phase quoted are
 * JSON strings). Comments and blank lines are skipped.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    try {
      vars[key] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
    } catch {
      vars[key] = value;
    }
  }
  return vars;
}

/**
 * The environment setup a restored release was deployed with, read back from its own `.env` and
 * agent configs, so its verification runs with its settings (not the newer release's) and gets
 * the secrets its models need. Undefined when the release has no `.env`.
 */
export async function releaseEnvironmentSetup(layout: EnvironmentLayout, meta: ReleaseMeta): Promise<EnvironmentSetup | undefined> {
  const paths = layout.release(meta.id);
  const envFile = path.join(paths.dir, '.env');
  let text: string;
  try {
    text = await readFile(envFile, 'utf8');
  } catch {
    return undefined;
  }
  const variables = parseEnvFile(text);
  return {
    envFile,
    variables,
    checkpointConfigFile: path.join(paths.configs, 'checkpoint-config.json'),
    loggingConfigFile: path.join(paths.configs, 'logging-config.json'),
    checkpointPath: variables.CHECKPOINT_STORAGE_PATH ?? layout.checkpoints,
    secretNames: meta.secretNames ?? (await secretNamesFromConfigs(paths.dir, meta)),
  };
}

/** The secrets a release's models need, from its agent configs (releases that did not record them). */
async function secretNamesFromConfigs(releaseDir: string, meta: ReleaseMeta): Promise<string[]> {
  const models: string[] = [];
  for (const workflow of meta.workflows) {
    if (!workflow.agentConfig) continue;
    try {
      const config = JSON.parse(await readFile(path.join(releaseDir, workflow.agentConfig), 'utf8')) as { model?: unknown };
      if (typeof config.model === 'string') models.push(config.model);
    } catch {
      // an unreadable config is reported by the verification itself
    }
  }
  return requiredSecretsForModels(models);
}

/**
 * Makes sure the venv a release links to exists, rebuilding it from the release's own
 * `requirements.lock` (else `requirements.txt`) when its directory is gone (removed by hand, or a disk cleanup): the venv
 * comes back with the release. Runs before the switch, so a failed rebuild changes nothing.
 * Returns the rebuilt venv's hash, or undefined when nothing had to be done.
 */
export async function ensureReleaseVenv(
  layout: EnvironmentLayout,
  store: ReleaseStore,
  meta: ReleaseMeta,
  python: PythonBridge,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  if (!meta.venvHash) return undefined; // a release built without a venv (a custom pipeline)
  if (await pathExists(path.join(layout.venvs, meta.venvHash, VENV_MARKER))) return undefined;
  const paths = layout.release(meta.id);
  // The release's lock pins exactly what it ran with; older releases have requirements only.
  const source = (await readOptional(path.join(paths.dir, 'requirements.lock')).then((lock) => (lock ? { text: lock, exact: true } : undefined))) ??
    (await readOptional(path.join(paths.dir, 'requirements.txt')).then((text) => (text ? { text, exact: false } : undefined)));
  if (!source) return undefined; // nothing to rebuild from; verification reports the missing interpreter
  // The lock installs local packages from content-addressed copies in the cache: copy them again
  // from the release's own files (same content, same path) when the cache lost them.
  for (const pkg of meta.project?.localPackages ?? []) {
    await stageLocalPackage(path.join(paths.workflows, pkg.relative), pkg.relative, pkg.name, python.cacheDir);
  }
  const constraintsFile = await readOptional(path.join(paths.dir, 'constraints.txt'));
  const venv = await python.ensureVenv(source.text, {
    baseDir: layout.venvs,
    exact: source.exact,
    ...(constraintsFile && !source.exact ? { constraints: constraintsFile } : {}),
    ...(signal ? { signal } : {}),
  });
  if (venv.hash !== meta.venvHash) {
    // Another interpreter version gives another hash: point the release at what was built.
    await replaceSymlink(path.relative(path.dirname(paths.venv), venv.path), paths.venv);
    await store.update(meta.id, { venvHash: venv.hash });
  }
  return venv.hash;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

