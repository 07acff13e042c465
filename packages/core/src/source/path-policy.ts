import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EnvironmentName } from '../environment/environments.js';
import { deployError } from '../errors/deploy-error.js';
import { assertPathArgument, isInside } from '../util/identifiers.js';
import { realDeepest, sourcePathRefs, type SourcePathKind, type SourcePathRef } from './source-paths.js';

/** Options of {@link PathPolicy}. */
export interface PathPolicyOptions {
  /**
   * Directories every path must resolve into (through symlinks). Default: none, i.e. any path
   * (the CLI and the SDK act for the user who runs them); a server for remote clients (MCP,
   * HTTP) passes the directories it was started with.
   */
  allowedDirs?: readonly string[];
  /** Directory relative paths are resolved against. Default: the first allowed directory, else the working directory. */
  baseDir?: string;
  /** Name of the setting that widens the allowed directories, for messages. Default `--allow <dir>`. */
  allowHint?: string;
}

/** What {@link PathPolicy.checkSource} found that is allowed but worth a word. */
export interface SourcePathCheck {
  /** The source directory, absolute. */
  source: string;
  /** Links that leave the source (accepted in dev only; the release holds a copy of what they point at). */
  linksOutside: SourcePathRef[];
}

/** How a link leaving the source is treated: warned about in dev, refused in staging and production. */
export function linkOutsideRule(environment: EnvironmentName): 'warn' | 'refuse' {
  return environment === 'dev' ? 'warn' : 'refuse';
}

const WHAT: Record<SourcePathKind, string> = {
  symlink: 'link',
  graph: 'graph file',
  dependency: 'local dependency',
  'env-file': 'env file',
  requirement: 'local requirement',
};

/**
 * The one path policy of every entry point (CLI, MCP server, HTTP server, SDK): which paths a
 * request — and the files it names — may reach. Every path is resolved through symlinks (the
 * deepest existing ancestor) before it is compared, so a link cannot lead out; a violation is a
 * `PATH_NOT_ALLOWED` `DeployError` naming the path and where it leads, raised before
 * anything at that path is read or imported.
 *
 * - {@link PathPolicy.check}: one path argument (a source, a root, a workflow file).
 * - {@link PathPolicy.checkSource}: a source directory and everything it names — its symlinks,
 *   `langgraph.json` graph files, local dependencies and env file, local requirements. With
 *   allowed directories, each must resolve inside them; in staging and production a link that
 *   leaves the source is refused too (dev accepts it and reports it, see {@link linkOutsideRule}).
 * - {@link PathPolicy.checkConfigFile}: the paths a configuration file from a source names.
 * - {@link PathPolicy.checkReleaseTarget}: a rollback target, which must resolve inside the
 *   allowed directories before its id is even checked.
 *
 * @example
 * ```ts
 * const policy = new PathPolicy({ allowedDirs: ['/srv/workflows', '/srv/exec-automator'] });
 * const source = await policy.check(request.source, 'source directory');
 * await policy.checkSource(source, 'staging'); // PATH_NOT_ALLOWED for a graph in ../../elsewhere
 * ```
 */
export class PathPolicy {
  readonly #allowed: string[] | undefined;
  readonly #base: string;
  readonly #hint: string;

  /** @param options - allowed directories (none: unrestricted), base directory, hint */
  constructor(options: PathPolicyOptions = {}) {
    if (options.allowedDirs !== undefined) {
      if (options.allowedDirs.length === 0) throw deployError('INVALID_ARGUMENT', 'A path policy with allowed directories needs at least one (--allow <dir>).');
      for (const dir of options.allowedDirs) assertPathArgument(dir, 'allowed directory');
    }
    this.#allowed = options.allowedDirs?.map((d) => path.resolve(d));
    this.#base = path.resolve(options.baseDir ?? this.#allowed?.[0] ?? process.cwd());
    this.#hint = options.allowHint ?? '--allow <dir>';
  }

  /** The allowed directories (absolute), or undefined when every path is allowed. */
  get allowed(): readonly string[] | undefined {
    return this.#allowed;
  }

  /** True when paths are confined to allowed directories. */
  get restricted(): boolean {
    return this.#allowed !== undefined;
  }

  /**
   * `candidate` made absolute (against the base directory) after checking it: no NUL byte
   * (`INVALID_ARGUMENT`), and — when restricted — resolving inside an allowed directory
   * (`PATH_NOT_ALLOWED`). `what` names the argument in messages (`source directory`).
   */
  async check(candidate: unknown, what: string): Promise<string> {
    const value = assertPathArgument(candidate, what);
    const absolute = path.resolve(this.#base, value);
    await this.#confine(absolute, `The ${what} ${absolute}`, { path: absolute });
    return absolute;
  }

  /**
   * Checks a source directory and every path it names (see the class description) for a
   * deployment to `environment`. Resolves with the links that leave the source when they are
   * accepted (dev); throws `PATH_NOT_ALLOWED` naming the first offending path otherwise.
   * `options.exclude`: directories inside the source that are not its files (the deployment
   * root, the cache).
   */
  async checkSource(sourceDir: unknown, environment: EnvironmentName, options: { exclude?: readonly string[] } = {}): Promise<SourcePathCheck> {
    const source = await this.check(sourceDir, 'source directory');
    let refs: SourcePathRef[];
    try {
      refs = await sourcePathRefs(source, options);
    } catch {
      return { source, linksOutside: [] }; // a missing source is reported by discovery (SOURCE_NOT_FOUND)
    }
    for (const ref of refs) {
      const where = ref.kind === 'symlink' ? `The link ${ref.at}` : `The ${WHAT[ref.kind]} ${JSON.stringify(ref.ref)} of ${ref.at}`;
      await this.#confine(ref.target, `${where} (resolving to ${ref.target})`, { path: ref.at, ref: ref.ref, target: ref.target, kind: ref.kind });
    }
    const linksOutside = refs.filter((r) => r.kind === 'symlink' && !r.insideSource);
    const first = linksOutside[0];
    if (first && linkOutsideRule(environment) === 'refuse') {
      throw deployError(
        'PATH_NOT_ALLOWED',
        `The link ${first.at} leads out of the source directory ${source} (to ${first.target}); links that leave the source are refused in ${environment}. Copy the file into the source instead${linksOutside.length > 1 ? ` (${linksOutside.length - 1} more such link(s): ${linksOutside.slice(1, 4).map((l) => l.at).join(', ')})` : ''}.`,
        { details: { path: first.at, target: first.target, source, environment, reason: 'link-leaves-source', links: linksOutside.map((l) => l.at) } },
      );
    }
    return { source, linksOutside };
  }

  /**
   * Checks a rollback target as a path below `releasesDir` (`<env>/releases`): when restricted,
   * `releasesDir/<to>` must resolve inside an allowed directory (`PATH_NOT_ALLOWED`), whatever
   * the id grammar later says of it (`INVALID_ARGUMENT` for `..` or `/` inside the directories).
   */
  async checkReleaseTarget(releasesDir: string, to: unknown): Promise<void> {
    if (!this.#allowed) return; // unrestricted: the id grammar alone decides
    const value = assertPathArgument(to, 'release id');
    const target = path.resolve(releasesDir, value);
    await this.#confine(target, `The rollback target ${JSON.stringify(value)} (${target})`, { path: target, to: value });
  }

  /**
   * Checks the paths a configuration file that came with a request (an
   * `exec-automator.config.json` in a source) names: `archive.obsidianVault` (relative to the
   * file) and each `secrets.file` / `secrets.keyFile` of `defaults` and `environments.*`
   * (relative to the working directory, as the tool resolves them) must resolve inside the
   * allowed directories (`PATH_NOT_ALLOWED`), or a source could make a server write its reports
   * or read a secrets store elsewhere. A missing or unparsable file is left to the
   * configuration loader (`CONFIG_INVALID`). Nothing to check when unrestricted.
   */
  async checkConfigFile(file: string): Promise<void> {
    if (!this.#allowed) return;
    let config: unknown;
    try {
      const text = await readFile(file, 'utf8');
      if (Buffer.byteLength(text) > 1024 * 1024) return;
      config = JSON.parse(text);
    } catch {
      return;
    }
    if (config === null || typeof config !== 'object') return;
    const named: Array<{ key: string; value: unknown; base: string }> = [];
    const { archive, defaults, environments } = config as { archive?: { obsidianVault?: unknown }; defaults?: unknown; environments?: unknown };
    named.push({ key: 'archive.obsidianVault', value: archive?.obsidianVault, base: path.dirname(path.resolve(file)) });
    const sections: Array<[string, unknown]> = [['defaults', defaults]];
    if (environments !== null && typeof environments === 'object') for (const [env, section] of Object.entries(environments)) sections.push([`environments.${env}`, section]);
    for (const [where, section] of sections) {
      const secrets = section !== null && typeof section === 'object' ? (section as { secrets?: { file?: unknown; keyFile?: unknown } }).secrets : undefined;
      named.push({ key: `${where}.secrets.file`, value: secrets?.file, base: process.cwd() }, { key: `${where}.secrets.keyFile`, value: secrets?.keyFile, base: process.cwd() });
    }
    for (const { key, value, base } of named) {
      if (typeof value !== 'string' || value === '' || value.includes('\u0000')) continue;
      const absolute = path.resolve(base, value);
      await this.#confine(absolute, `The ${key} ${JSON.stringify(value)} of ${file} (${absolute})`, { path: file, key, target: absolute });
    }
  }

  async #confine(absolute: string, subject: string, details: Record<string, unknown>): Promise<void> {
    if (!this.#allowed) return;
    const real = await realDeepest(absolute);
    const roots = await Promise.all(this.#allowed.map(realDeepest));
    if (roots.some((root) => isInside(root, real))) return;
    throw deployError(
      'PATH_NOT_ALLOWED',
      `${subject} is outside the allowed directories (${this.#allowed.join(', ')}). Move it inside one of them, or start the server with ${this.#hint} to permit it.`,
      { details: { ...details, real, allowed: this.#allowed } },
    );
  }
}
