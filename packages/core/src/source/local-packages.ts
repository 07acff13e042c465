import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathExists } from '../util/path-exists.js';
import { hashProjectFiles, listProjectFiles } from './project-tree.js';

/** A local package of the project, copied where the installer builds it from. */
export interface StagedPackage {
  /** The package directory relative to the project root (posix; `''` for the root). */
  relative: string;
  /** Distribution name, when `pyproject.toml` declares one. */
  name?: string;
  /** Content hash of the package's released files. */
  sha256: string;
  /** The content-addressed copy the installer builds from. */
  staged: string;
  /** The requirement line installing it: `name @ file:///…/staged`. */
  requirement: string;
}

/**
 * Copies a local package (a directory with `pyproject.toml` or `setup.py`) to
 * `<cacheDir>/local-packages/<sha>/<dir name>`, keyed by the content of the files a release
 * holds (the same exclusions: no virtualenvs, caches, build output or `.env` files). The
 * installer builds from that copy, so nothing is ever written into the source or the release
 * (`build/`, `*.egg-info`), the install is never editable, and the requirement line — and with
 * it the lock and the venv hash — changes exactly when the package's content changes.
 *
 * @param dir - the package directory (in the source, or in a release: same files, same hash)
 * @param relative - its path relative to the project root
 * @param cacheDir - the cache directory
 * @param exclude - absolute paths never copied (the deployment root)
 */
export async function stageLocalPackage(
  dir: string,
  relative: string,
  name: string | undefined,
  cacheDir: string,
  exclude: readonly string[] = [],
): Promise<StagedPackage> {
  const listing = await listProjectFiles(dir, { exclude });
  const sha256 = await hashProjectFiles(listing.root, listing.files);
  const base = path.join(cacheDir, 'local-packages', sha256.slice(0, 24));
  const staged = path.join(base, path.basename(listing.root) || 'package');
  if (!(await pathExists(path.join(base, '.complete')))) {
    const temp = `${base}.tmp-${process.pid}-${Date.now()}`;
    await rm(temp, { recursive: true, force: true });
    for (const file of listing.files) {
      const target = path.join(temp, path.basename(staged), file);
      await mkdir(path.dirname(target), { recursive: true });
      await cp(path.join(listing.root, file), target, { dereference: true });
    }
    await mkdir(path.join(temp, path.basename(staged)), { recursive: true });
    await writeFile(path.join(temp, '.complete'), `${sha256}\n`);
    await rm(base, { recursive: true, force: true });
    await rename(temp, base).catch(async (error: NodeJS.ErrnoException) => {
      // another deployment staged the same content first: theirs is identical
      await rm(temp, { recursive: true, force: true });
      if (!(await pathExists(path.join(base, '.complete')))) throw error;
    });
  }
  const url = `file://${staged}`;
  return { relative, ...(name ? { name } : {}), sha256, staged, requirement: name ? `${name} @ ${url}` : url };
}
