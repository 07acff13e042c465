import { mkdir, readdir, readFile, readlink, rm, lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { DeployError, deployError } from '../errors/deploy-error.js';
import { errors } from '../errors/factories.js';
import { STABLE_PATHS, type EnvironmentLayout } from '../environment/layout.js';
import { replaceSymlink, writeJsonAtomic } from '../util/atomic-fs.js';
import { idProblem, showValue } from '../util/identifiers.js';
import type { ReleaseMeta, ReleaseStatus } from './release-meta.js';

/** What {@link ReleaseStore.prune} removed. */
export interface PruneResult {
  /** Release ids removed. */
  releases: string[];
  /** Venv hashes removed because no kept release uses them. */
  venvs: string[];
}

/** The file beside `release.json` that holds a release's mutable state (status, activation). */
export const RELEASE_STATE_FILE = 'release-state.json';

/** Fields of {@link ReleaseMeta} kept in {@link RELEASE_STATE_FILE}. */
const STATE_KEYS = ['status', 'statusChangedAt', 'statusReason', 'activatedAt'] as const;
type StateKey = (typeof STATE_KEYS)[number];
type ReleaseState = Partial<Pick<ReleaseMeta, StateKey>>;

/**
 * Releases of one environment on the local filesystem: `releases/<id>` directories, the
 * `current` symlink switched by rename, the seed's stable paths as symlinks through `current`,
 * and retention.
 *
 * A release's metadata is two files: `release.json` (what it holds: workflows, venv, source;
 * written while the release is built) and `release-state.json` (status and activation time).
 * Marking and switching write only the small state file, so neither grows with the number of
 * workflows in the release.
 */
export class ReleaseStore {
  readonly #layout: EnvironmentLayout;

  /** @param layout - the environment's paths */
  constructor(layout: EnvironmentLayout) {
    this.#layout = layout;
  }

  /** The id `current` points at, or null before the first release. */
  async currentId(): Promise<string | null> {
    let target: string;
    try {
      target = await readlink(this.#layout.current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      throw deployError('RELEASE_FAILED', `${this.#layout.current} is not a symlink: ${(error as Error).message}`, { cause: error });
    }
    // Only `releases/<id>` is a release: a link anywhere else was not made by this store.
    const id = path.basename(target);
    if (path.normalize(target) !== path.join('releases', id) || idProblem(id) !== null) {
      throw deployError('RELEASE_FAILED', `${this.#layout.current} points at ${showValue(target)}, not at a release under releases/.`, {
        details: { current: this.#layout.current, target: showValue(target) },
      });
    }
    return id;
  }

  /** Path of a release's state file ({@link RELEASE_STATE_FILE}). */
  statePath(id: string): string {
    return path.join(this.#layout.release(id).dir, RELEASE_STATE_FILE);
  }

  /** Reads a release's metadata and state; `RELEASE_NOT_FOUND` if it does not exist. */
  async read(id: string): Promise<ReleaseMeta> {
    await this.#exists(id);
    const meta = await this.#readJson<ReleaseMeta>(this.#layout.release(id).meta, id);
    const state = await this.#readJson<ReleaseState>(this.statePath(id), id).catch((error: unknown) => {
      if (error instanceof DeployError && error.code === 'RELEASE_NOT_FOUND') return {};
      throw error;
    });
    // Releases written before the state file existed keep their status in release.json.
    return { ...meta, ...state } as ReleaseMeta;
  }

  async #readJson<T>(file: string, id: string): Promise<T> {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw errors.releaseNotFound(this.#layout.environment, id);
      throw deployError('RELEASE_FAILED', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Every release with readable metadata, oldest first. */
  async list(): Promise<ReleaseMeta[]> {
    let names: string[];
    try {
      names = await readdir(this.#layout.releasesDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const metas: ReleaseMeta[] = [];
    for (const name of names) {
      if (name.startsWith('.')) continue;
      try {
        metas.push(await this.read(name));
      } catch {
        // a directory without metadata is not a release (e.g. left by a crash); prune removes it
      }
    }
    return metas.sort(compareReleases);
  }

  /** Creates an empty release directory with its metadata and `pending` state. */
  async create(meta: Omit<ReleaseMeta, 'status' | 'createdAt'>): Promise<ReleaseMeta> {
    const paths = this.#layout.release(meta.id);
    await mkdir(this.#layout.releasesDir, { recursive: true });
    try {
      await mkdir(paths.dir);
    } catch (error) {
      throw deployError('RELEASE_FAILED', `Cannot create release directory ${paths.dir}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const full: ReleaseMeta = { ...meta, status: 'pending', createdAt: new Date().toISOString() };
    const { metaPart, statePart } = split(full);
    await writeJsonAtomic(paths.meta, metaPart);
    await writeJsonAtomic(this.statePath(meta.id), statePart);
    return full;
  }

  /**
   * Merges `patch` into a release's metadata: state fields into the state file, the rest into
   * `release.json`; each file is rewritten only when the patch touches it.
   */
  async update(id: string, patch: Partial<Omit<ReleaseMeta, 'id'>>): Promise<ReleaseMeta> {
    await this.#patch(id, patch);
    return this.read(id);
  }

  /** Writes `patch` (see {@link ReleaseStore.update}) without reading the metadata back. */
  async #patch(id: string, patch: Partial<Omit<ReleaseMeta, 'id'>>): Promise<void> {
    const { metaPart, statePart } = split(patch);
    if (Object.keys(metaPart).length > 0) {
      const file = this.#layout.release(id).meta;
      await writeJsonAtomic(file, { ...(await this.#readJson<ReleaseMeta>(file, id)), ...metaPart });
    } else {
      await this.#exists(id);
    }
    if (Object.keys(statePart).length > 0) {
      const current = await this.#readJson<ReleaseState>(this.statePath(id), id).catch(() => ({}));
      await writeJsonAtomic(this.statePath(id), { ...current, ...statePart });
    }
  }

  /**
   * Sets a release's status with the reason. Only the small state file is read and written, so
   * marking costs the same for a release of 10 workflows as for one of 1000.
   */
  async mark(id: string, status: ReleaseStatus, reason?: string): Promise<void> {
    await this.#patch(id, {
      status,
      statusChangedAt: new Date().toISOString(),
      ...(reason === undefined ? {} : { statusReason: reason }),
    });
  }

  /**
   * Makes `id` current: the seed's stable paths are (re)created as links through `current`,
   * then `current` is replaced by one rename. Returns the previous current id.
   */
  async activate(id: string): Promise<string | null> {
    await this.#exists(id);
    const previous = await this.currentId();
    await this.#ensureStableLinks();
    await replaceSymlink(path.join('releases', id), this.#layout.current);
    const state = await this.#readJson<ReleaseState>(this.statePath(id), id).catch(() => ({}));
    await writeJsonAtomic(this.statePath(id), { ...state, activatedAt: new Date().toISOString() });
    return previous;
  }

  /**
   * Throws `RELEASE_NOT_FOUND` unless the release is a real directory of `releases/` (not a
   * symlink out) with metadata (without reading it: O(1)).
   */
  async #exists(id: string): Promise<void> {
    const paths = this.#layout.release(id);
    try {
      if (!(await lstat(paths.dir)).isDirectory()) throw new Error('not a directory');
      await stat(paths.meta);
    } catch {
      throw errors.releaseNotFound(this.#layout.environment, id);
    }
  }

  /** Removes a release that is not current (a partial one after a failure). */
  async discard(id: string): Promise<void> {
    if ((await this.currentId()) === id) {
      throw deployError('INTERNAL', `Refusing to discard ${id}: it is the current release.`);
    }
    await rm(this.#layout.release(id).dir, { recursive: true, force: true });
  }

  /**
   * The release a rollback without an explicit id goes to: the newest `good` release created
   * before the current one. Null when there is none.
   */
  async rollbackTarget(): Promise<ReleaseMeta | null> {
    const current = await this.currentId();
    const releases = await this.list();
    const index = releases.findIndex((r) => r.id === current);
    const before = index === -1 ? releases : releases.slice(0, index);
    return [...before].reverse().find((r) => r.status === 'good') ?? null;
  }

  /**
   * Keeps the newest `keep` releases and removes older ones, except the current release and
   * the newest good one, which are always kept. Then removes venvs no kept release links to,
   * and release directories without metadata (left by a crash).
   */
  async prune(keep: number): Promise<PruneResult> {
    const releases = await this.list();
    const current = await this.currentId();
    const newestGood = [...releases].reverse().find((r) => r.status === 'good')?.id;
    const kept = new Set(releases.slice(-keep).map((r) => r.id));
    if (current) kept.add(current);
    if (newestGood) kept.add(newestGood);
    const removed: string[] = [];
    for (const release of releases) {
      if (kept.has(release.id)) continue;
      await rm(this.#layout.release(release.id).dir, { recursive: true, force: true });
      removed.push(release.id);
    }
    const known = new Set(releases.map((r) => r.id));
    for (const name of await readdir(this.#layout.releasesDir).catch(() => [] as string[])) {
      if (!known.has(name) && !name.startsWith('.')) {
        await rm(path.join(this.#layout.releasesDir, name), { recursive: true, force: true });
      }
    }
    const venvs = await this.#pruneVenvs(releases.filter((r) => kept.has(r.id)));
    return { releases: removed, venvs };
  }

  async #pruneVenvs(kept: ReleaseMeta[]): Promise<string[]> {
    const used = new Set(kept.map((r) => r.venvHash).filter((h): h is string => typeof h === 'string'));
    const removed: string[] = [];
    for (const name of await readdir(this.#layout.venvs).catch(() => [] as string[])) {
      // `.building` / `.lock` siblings belong to a venv being built by this deployment.
      if (used.has(name) || name.includes('.')) continue;
      await rm(path.join(this.#layout.venvs, name), { recursive: true, force: true });
      removed.push(name);
    }
    return removed;
  }

  async #ensureStableLinks(): Promise<void> {
    for (const name of STABLE_PATHS) {
      const link = this.#layout.stable(name);
      const target = path.join('current', name);
      try {
        const info = await lstat(link);
        if (info.isSymbolicLink() && (await readlink(link)) === target) continue;
        if (!info.isSymbolicLink()) {
          throw deployError(
            'RELEASE_FAILED',
            `${link} exists and is not a link into current/. Move it away: exec-automator manages this path.`,
            { details: { path: link } },
          );
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      await replaceSymlink(target, link);
    }
  }
}

/** Splits metadata into what `release.json` holds and what the state file holds. */
function split(value: Partial<ReleaseMeta>): { metaPart: Partial<ReleaseMeta>; statePart: ReleaseState } {
  const metaPart: Record<string, unknown> = {};
  const statePart: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    ((STATE_KEYS as readonly string[]).includes(key) ? statePart : metaPart)[key] = v;
  }
  return { metaPart: metaPart as Partial<ReleaseMeta>, statePart: statePart as ReleaseState };
}

function compareReleases(a: ReleaseMeta, b: ReleaseMeta): number {
  return a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt);
}
