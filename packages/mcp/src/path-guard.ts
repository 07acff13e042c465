import { deployError } from '@exec-automator/core';
import { PathPolicy } from '@exec-automator/core/source';

/**
 * The MCP server's {@link PathPolicy}: paths (and what the files at them name) must resolve
 * inside the directories the server was started with (`--allow`), else `PATH_NOT_ALLOWED`.
 * Relative paths are resolved against the first allowed directory.
 */
export class PathGuard extends PathPolicy {
  readonly #dirs: readonly string[];

  /** @param allowedDirs - directories (made absolute; compared through symlinks) */
  constructor(allowedDirs: readonly string[]) {
    if (allowedDirs.length === 0) throw deployError('INVALID_ARGUMENT', 'The MCP server needs at least one allowed directory (--allow <dir>).');
    super({ allowedDirs, allowHint: '--allow <dir>' });
    this.#dirs = super.allowed as readonly string[];
  }

  /** The allowed directories (absolute). */
  override get allowed(): readonly string[] {
    return this.#dirs;
  }
}
