import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { deployError } from '@exec-automator/core';
import { assertPathArgument } from '@exec-automator/core/util';

/**
 * Accepts only paths inside the directories the server was started with, so an assistant
 * cannot deploy from or write to anywhere else. Paths are resolved through symlinks (the
 * deepest existing ancestor), so a link cannot point outside.
 */
export class PathGuard {
  readonly #allowed: string[];

  /** @param allowedDirs - directories (made absolute and resolved) */
  constructor(allowedDirs: readonly string[]) {
    if (allowedDirs.length === 0) throw deployError('INVALID_ARGUMENT', 'The MCP server needs at least one allowed directory (--allow <dir>).');
    this.#allowed = allowedDirs.map((d) => path.resolve(d));
  }

  /** The allowed directories. */
  get allowed(): readonly string[] {
    return this.#allowed;
  }

  /**
   * `candidate` made absolute (relative to the first allowed directory) and checked.
   * Throws `PATH_NOT_ALLOWED` naming the allowed directories.
   */
  async check(candidate: string, what: string): Promise<string> {
    assertPathArgument(candidate, what);
    const absolute = path.resolve(this.#allowed[0] as string, candidate);
    const real = await realDeepest(absolute);
    const roots = await Promise.all(this.#allowed.map(realDeepest));
    if (!roots.some((root) => real === root || real.startsWith(`${root}${path.sep}`))) {
      throw deployError(
        'PATH_NOT_ALLOWED',
        `The ${what} ${absolute} is outside the directories this MCP server may use (${this.#allowed.join(', ')}). Start the server with --allow <dir> to permit it.`,
        { details: { path: absolute, allowed: this.#allowed } },
      );
    }
    return absolute;
  }
}

/** realpath of the deepest existing ancestor, with the rest of the path appended. */
async function realDeepest(target: string): Promise<string> {
  let rest = '';
  let current = target;
  for (;;) {
    try {
      return path.join(await realpath(current), rest);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return target;
      rest = path.join(path.basename(current), rest);
      current = parent;
    }
  }
}
