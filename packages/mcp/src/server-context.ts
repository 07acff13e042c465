import path from 'node:path';
import { type Deployer } from '@exec-automator/core';
import { CONFIG_FILE_NAME } from '@exec-automator/core/config';
import { PythonBridge, type PythonBridgeOptions, type RunnerWorker } from '@exec-automator/core/python';
import { Redactor } from '@exec-automator/core/secrets';
import { createDeployer } from '@exec-automator/pipeline';
import { DEFAULT_MCP_LIMITS, type McpLimits } from './bounded-stdio.js';
import { PathGuard } from './path-guard.js';

/** Options of {@link createExecAutomatorServer}. */
export interface ServerOptions {
  /** Directories the tools may read sources from and write environments to. */
  allowedDirs: readonly string[];
  /** Environment root used when a tool call names none. Default `<first allowed dir>/.exec-automator`. */
  root?: string;
  /** Configuration file for every Deployer (default: looked up beside the source). */
  config?: string;
  /** Python options (interpreter, installer, cache directory for validation and simulation venvs). */
  python?: PythonBridgeOptions;
  /** Request and reply limits (default {@link DEFAULT_MCP_LIMITS}); the stdio transport enforces the request limits. */
  limits?: Partial<McpLimits>;
  /** Builds the Deployer for a root; default: the CLI's default pipeline. */
  createDeployer?: (root: string, sourceDir: string | undefined) => Promise<Deployer>;
}

/** What every tool handler shares: the path guard, Deployers, and warm simulation workers. */
export class ServerContext {
  readonly guard: PathGuard;
  readonly options: ServerOptions;
  readonly python: PythonBridge;
  /** The limits in force. */
  readonly limits: McpLimits;
  /**
   * Masks every secret value the server knows (its environment's secret-looking variables) in
   * every reply: simulation output, logs and errors included.
   */
  readonly redactor: Redactor;
  readonly #workers = new Map<string, { worker: RunnerWorker; sink: { current: (line: string) => void } }>();

  /** @param options - allowed directories, default root, Python options */
  constructor(options: ServerOptions) {
    this.guard = new PathGuard(options.allowedDirs);
    this.options = options;
    this.python = new PythonBridge(options.python);
    this.limits = { ...DEFAULT_MCP_LIMITS, ...options.limits };
    this.redactor = Redactor.fromEnvironment();
  }

  /** The checked root for a tool call. */
  async root(requested: string | undefined): Promise<string> {
    const fallback = this.options.root ?? path.join(this.guard.allowed[0] as string, '.exec-automator');
    return this.guard.check(requested ?? fallback, 'root directory');
  }

  /** A Deployer for `root`. */
  async deployer(root: string, sourceDir?: string): Promise<Deployer> {
    // A configuration file that came with the source is the request's: the paths it names are checked too.
    if (sourceDir && !this.options.config) await this.guard.checkConfigFile(path.join(sourceDir, CONFIG_FILE_NAME));
    if (this.options.createDeployer) return this.options.createDeployer(root, sourceDir);
    return createDeployer({
      root,
      pathPolicy: this.guard,
      config: this.options.config,
      searchDirs: sourceDir ? [sourceDir] : [],
      ...(this.options.python?.cacheDir ? { cacheDir: this.options.python.cacheDir } : {}),
      ...(this.options.python?.python ? { python: this.options.python.python } : {}),
      ...(this.options.python?.installer ? { installer: this.options.python.installer } : {}),
    });
  }

  /**
   * A warm runner worker for a venv interpreter, kept across simulations; its stderr goes to
   * `onStderr` until the next call replaces it (simulations run one at a time per worker).
   */
  worker(python: string, onStderr: (line: string) => void): RunnerWorker {
    let entry = this.#workers.get(python);
    if (!entry) {
      const sink = { current: onStderr };
      entry = { worker: this.python.worker({ python, onStderr: (line) => sink.current(line) }), sink };
      this.#workers.set(python, entry);
    }
    entry.sink.current = onStderr;
    return entry.worker;
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.#workers.clear();
    await this.python.closeAll();
  }
}
