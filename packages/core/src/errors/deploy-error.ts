/**
 * Every error code exec-automator raises, with the CLI exit class it maps to.
 *
 * Kept as data so that hosts (CLI, MCP server, embedding apps) translate codes the same way.
 */
export const ERROR_CODES = {
  /** A command-line or API argument is missing or malformed. */
  INVALID_ARGUMENT: 'usage',
  /** `skipTests` was requested for production without `force`. */
  SKIP_TESTS_REQUIRES_FORCE: 'usage',
  /** The configuration file or an option object failed its schema. */
  CONFIG_INVALID: 'usage',
  /** A path given to the MCP server is outside the directories it was allowed to use. */
  PATH_NOT_ALLOWED: 'usage',
  /** The source directory does not exist or holds no workflow. */
  SOURCE_NOT_FOUND: 'validation',
  /** A named workflow is not in the source directory. */
  WORKFLOW_NOT_FOUND: 'validation',
  /** Pre-deployment validation found errors; nothing was written. */
  VALIDATION_FAILED: 'validation',
  /** The source's `langgraph.json` is invalid and declares no usable graph. */
  LANGGRAPH_CONFIG_INVALID: 'validation',
  /** Another deployment holds the environment's lock. */
  DEPLOY_LOCKED: 'locked',
  /** The lock file could not be read, written or released. */
  LOCK_ERROR: 'failure',
  /** No Python >= 3.10 interpreter was found. */
  PYTHON_NOT_FOUND: 'failure',
  /** Creating a virtual environment failed. */
  VENV_CREATE_FAILED: 'failure',
  /** Installing the requirements into a virtual environment failed. */
  DEPENDENCY_INSTALL_FAILED: 'failure',
  /** An installed package does not satisfy the required version. */
  DEPENDENCY_VERSION_MISMATCH: 'failure',
  /** The Python runner process failed or answered with an error. */
  RUNNER_FAILED: 'failure',
  /** A runner request exceeded its time limit; the process was killed. */
  RUNNER_TIMEOUT: 'failure',
  /** A workflow graph could not be loaded or compiled. */
  GRAPH_LOAD_FAILED: 'failure',
  /** Writing or switching a release failed. */
  RELEASE_FAILED: 'failure',
  /** The named release does not exist in the environment. */
  RELEASE_NOT_FOUND: 'failure',
  /** Rollback has no good release to go back to. */
  NO_ROLLBACK_TARGET: 'failure',
  /** Post-deployment health checks failed. */
  HEALTH_CHECK_FAILED: 'failure',
  /** Post-deployment smoke tests failed. */
  SMOKE_TEST_FAILED: 'failure',
  /** A phase failed with an error that was not a DeployError. */
  PHASE_FAILED: 'failure',
  /** The operation was cancelled through its AbortSignal. */
  ABORTED: 'failure',
  /** A secret could not be read or written. */
  SECRETS_ERROR: 'failure',
  /**
   * A plaintext secret was offered where it is refused: production with a secrets backend that
   * keeps values unencrypted (environment variables), or a secret value given on the command line.
   */
  SECRETS_PLAINTEXT_REFUSED: 'usage',
  /** The checkpoint store (Postgres, Redis, the SQLite directory) cannot be reached or opened. */
  CHECKPOINT_STORE_UNREACHABLE: 'failure',
  /** The checkpoint store is reachable but cannot hold LangGraph checkpoints (e.g. Redis without RedisJSON/RediSearch). */
  CHECKPOINT_STORE_UNSUPPORTED: 'failure',
  /** A tool a workflow declares (`required_tools` in its agent config) is not installed; nothing is downloaded. */
  WORKFLOW_TOOL_MISSING: 'failure',
  /** Resolving the requirements into a lock (uv pip compile, or pip's resolver) failed. */
  DEPENDENCY_LOCK_FAILED: 'failure',
  /** Nothing is deployed in the environment, or the current release does not hold the named workflow. */
  NOT_DEPLOYED: 'failure',
  /** An invoked workflow execution ended in error, timeout or cancellation (the execution is recorded). */
  EXECUTION_FAILED: 'failure',
  /** No execution with that id is running (it finished, or never existed). */
  EXECUTION_NOT_FOUND: 'failure',
  /** A notification channel did not accept an alert after its retries (the alert is retried on the next run). */
  NOTIFICATION_FAILED: 'failure',
  /**
   * A deploy or rollback was killed before it recorded its outcome; the next operation on the
   * environment recorded it (history entries carry this code).
   */
  OPERATION_INTERRUPTED: 'failure',
  /**
   * `serve` refused to start as asked: `--no-auth` outside `dev` or on a non-loopback address,
   * or auth required and no API key exists.
   */
  SERVE_REFUSED: 'usage',
  /** The HTTP server could not listen on its address (in use, not permitted). */
  SERVER_FAILED: 'failure',
  /** No API key with that id or name exists in the environment (or it was revoked already). */
  API_KEY_NOT_FOUND: 'failure',
  /** A bug in exec-automator itself. */
  INTERNAL: 'failure',
} as const;

/** A machine-readable error code (SCREAMING_SNAKE). Assert on this, not on message text. */
export type DeployErrorCode = BuiltinErrorCode | PluginErrorCode;

/** A code exec-automator itself raises (a key of {@link ERROR_CODES}). */
export type BuiltinErrorCode = keyof typeof ERROR_CODES;

/**
 * A code raised by a plugin (a phase, notifier or secrets backend from another package):
 * `PLUGIN_` followed by the plugin's own SCREAMING_SNAKE name, e.g. `PLUGIN_APPROVAL_TIMEOUT`.
 * Its exit class is `failure`.
 */
export type PluginErrorCode = `PLUGIN_${string}`;

/** The exit class of an error code: how a host such as the CLI reports it. */
export type ErrorClass = (typeof ERROR_CODES)[BuiltinErrorCode];

/** The exit class of any code: a plugin code (or an unknown one) is a `failure`. */
export function errorClassOf(code: string): ErrorClass {
  return (ERROR_CODES as Record<string, ErrorClass>)[code] ?? 'failure';
}

/** Options accepted by {@link DeployError}'s constructor. */
export interface DeployErrorOptions {
  /** The phase that raised the error, when raised inside the pipeline. */
  phase?: string | undefined;
  /** Structured facts about the failure (never secret values). */
  details?: Record<string, unknown> | undefined;
  /** The underlying error. */
  cause?: unknown;
}

/** The JSON shape of a {@link DeployError}, as written to reports and `--json` output. */
export interface SerializedDeployError {
  /** The error code. */
  code: DeployErrorCode;
  /** What went wrong and how to fix it. */
  message: string;
  /** The phase that raised it, if any. */
  phase?: string;
  /** Structured details. */
  details?: Record<string, unknown>;
}

/**
 * The one error type exec-automator throws. Carries a {@link DeployErrorCode}, the phase
 * that raised it and structured details; its message says what to fix.
 */
export class DeployError extends Error {
  /** The machine-readable code. */
  readonly code: DeployErrorCode;
  /** The phase that raised the error, if any. */
  readonly phase: string | undefined;
  /** Structured details about the failure. */
  readonly details: Record<string, unknown>;

  /**
   * @param code - the error code
   * @param message - what went wrong and how to fix it
   * @param options - phase, details and cause
   */
  constructor(code: DeployErrorCode, message: string, options: DeployErrorOptions = {}) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) throw new TypeError(`Expected a SCREAMING_SNAKE error code, got ${JSON.stringify(code)}.`);
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeployError';
    this.code = code;
    this.phase = options.phase;
    this.details = options.details ?? {};
  }

  /** The exit class of this error's code. */
  get errorClass(): ErrorClass {
    return errorClassOf(this.code);
  }

  /** A copy of this error attributed to `phase` (keeps the code, details and cause). */
  withPhase(phase: string): DeployError {
    if (this.phase === phase) return this;
    const copy = new DeployError(this.code, this.message, { phase, details: this.details, cause: this.cause });
    copy.stack = this.stack;
    return copy;
  }

  /** The JSON shape used in reports and `--json` output. */
  toJSON(): SerializedDeployError {
    return {
      code: this.code,
      message: this.message,
      ...(this.phase === undefined ? {} : { phase: this.phase }),
      ...(Object.keys(this.details).length === 0 ? {} : { details: this.details }),
    };
  }
}

/** True when `value` is a {@link DeployError} (also across package copies). */
export function isDeployError(value: unknown): value is DeployError {
  return (
    value instanceof DeployError ||
    (value instanceof Error && value.name === 'DeployError' && typeof (value as { code?: unknown }).code === 'string')
  );
}

/**
 * Wraps anything thrown into a {@link DeployError} exactly once: a DeployError keeps its own
 * code (and gains `phase` if it had none); anything else becomes `fallback`.
 */
export function toDeployError(error: unknown, fallback: DeployErrorCode = 'INTERNAL', phase?: string): DeployError {
  if (isDeployError(error)) {
    return phase === undefined || error.phase !== undefined ? error : error.withPhase(phase);
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new DeployError('ABORTED', 'The operation was cancelled.', { phase, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DeployError(fallback, message, { phase, cause: error });
}
