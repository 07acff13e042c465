import path from 'node:path';
import { assertDeploymentId, assertEnvironmentName, assertPathArgument } from '../util/identifiers.js';
import type { EnvironmentName } from './environments.js';

/** Paths inside one release directory (`<env>/releases/<id>`). */
export interface ReleasePaths {
  /** The release directory. */
  readonly dir: string;
  /** Deployed workflow files. */
  readonly workflows: string;
  /** Agent configs, registry, manifests, checkpoint and logging config. */
  readonly configs: string;
  /** Metrics config, alert rules, dashboard, health-check script. */
  readonly monitoring: string;
  /** Test cases shipped with the release (smoke tests after a rollback use them). */
  readonly tests: string;
  /** Symlink to the venv this release runs with (`../../venvs/<hash>`). */
  readonly venv: string;
  /** The release's own metadata (status, workflows, venv). */
  readonly meta: string;
}

/**
 * Every path of one environment on the local filesystem target. The stable paths of the seed
 * (`<env>/workflows`, `<env>/configs`, ...) are symlinks that resolve through `current`.
 */
export class EnvironmentLayout {
  /** The root holding all environments. */
  readonly root: string;
  /** The environment name. */
  readonly environment: EnvironmentName;
  /** `<root>/<env>`. */
  readonly dir: string;

  /**
   * @param root - directory holding all environments (created on first deploy)
   * @param environment - the environment
   */
  constructor(root: string, environment: EnvironmentName) {
    // Checked here too (not only by the CLI): an SDK caller's value becomes a path below.
    this.root = path.resolve(assertPathArgument(root, 'root directory'));
    this.environment = assertEnvironmentName(environment);
    this.dir = path.join(this.root, environment);
  }

  /** `<env>/releases`. */
  get releasesDir(): string {
    return path.join(this.dir, 'releases');
  }
  /** `<env>/current`, the symlink switched atomically. */
  get current(): string {
    return path.join(this.dir, 'current');
  }
  /** `<env>/checkpoints`: survives rollbacks. */
  get checkpoints(): string {
    return path.join(this.dir, 'checkpoints');
  }
  /** `<env>/logs`: survives rollbacks. */
  get logs(): string {
    return path.join(this.dir, 'logs');
  }
  /** `<env>/metrics`: survives rollbacks. */
  get metrics(): string {
    return path.join(this.dir, 'metrics');
  }
  /** `<env>/venvs`: one venv per requirements hash. */
  get venvs(): string {
    return path.join(this.dir, 'venvs');
  }
  /** `<env>/history.jsonl`, the audit journal. */
  get history(): string {
    return path.join(this.dir, 'history.jsonl');
  }
  /** `<env>/.lock`. */
  get lock(): string {
    return path.join(this.dir, '.lock');
  }

  /** Paths inside release `id`; `INVALID_ARGUMENT` unless `id` is one path component (no `..`, `/`, NUL). */
  release(id: string): ReleasePaths {
    const dir = path.join(this.releasesDir, assertDeploymentId(id, 'release id'));
    return {
      dir,
      workflows: path.join(dir, 'workflows'),
      configs: path.join(dir, 'configs'),
      monitoring: path.join(dir, 'monitoring'),
      tests: path.join(dir, 'tests'),
      venv: path.join(dir, 'venv'),
      meta: path.join(dir, 'release.json'),
    };
  }

  /** The stable seed path for `name` (e.g. `workflows`), which resolves through `current`. */
  stable(name: StablePath): string {
    return path.join(this.dir, name);
  }
}

/**
 * Names under `<env>/` that are symlinks into `current/`, so the seed's paths
 * (`<env>/workflows/<file>.py`, `<env>/configs/workflow-registry.json`,
 * `<env>/monitoring/health-check.py`) always show the current release.
 */
export const STABLE_PATHS = [
  'workflows',
  'configs',
  'monitoring',
  'tests',
  'venv',
  '.env',
  'langgraph.json',
  'requirements.txt',
  'installed-packages.json',
  'RUNBOOK.md',
] as const;

/** One of {@link STABLE_PATHS}. */
export type StablePath = (typeof STABLE_PATHS)[number];
