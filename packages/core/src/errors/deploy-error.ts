import { ERROR_CATALOGUE, errorClassOf, type BuiltinErrorCode, type DeployErrorCode, type ErrorClass, type PluginErrorCode } from './catalogue.js';

/**
 * Every built-in error code with its exit class (derived from {@link ERROR_CATALOGUE}, which
 * also holds each code's meaning and fix).
 */
export const ERROR_CODES = Object.fromEntries(Object.entries(ERROR_CATALOGUE).map(([code, d]) => [code, d.class])) as Readonly<Record<BuiltinErrorCode, ErrorClass>>;

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
  /** The code of the error this one wraps, when it had one (`ENOENT`, a plugin's own code, an inner DeployError's code). */
  causeCode?: string;
  /** The wrapped error as `Name: message` (at most 500 characters; hosts redact secrets from it like from the message). */
  cause?: string;
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

  /** The code of the wrapped error, when it has one (see {@link SerializedDeployError.causeCode}). */
  get causeCode(): string | undefined {
    const code = (this.cause as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' && code !== this.code ? code : undefined;
  }

  /** The JSON shape used in reports and `--json` output. */
  toJSON(): SerializedDeployError {
    const causeCode = this.causeCode;
    const cause = this.cause instanceof Error && this.cause.message !== this.message ? `${this.cause.name}: ${this.cause.message}`.slice(0, 500) : undefined;
    return {
      code: this.code,
      message: this.message,
      ...(this.phase === undefined ? {} : { phase: this.phase }),
      ...(Object.keys(this.details).length === 0 ? {} : { details: this.details }),
      ...(causeCode === undefined ? {} : { causeCode }),
      ...(cause === undefined ? {} : { cause }),
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

/**
 * Creates a {@link DeployError}: the one way errors are made (a lint rule forbids
 * `new DeployError` outside `errors/`). The code's meaning, exit class and general fix are in
 * {@link ERROR_CATALOGUE}; `message` says what went wrong here and how to fix it.
 *
 * @param code - a built-in code or a plugin's `PLUGIN_<NAME>`
 * @param message - what went wrong and how to fix it, for this case
 * @param options - phase, details and cause
 */
export function deployError(code: DeployErrorCode, message: string, options: DeployErrorOptions = {}): DeployError {
  return new DeployError(code, message, options);
}

export { errorClassOf, type BuiltinErrorCode, type DeployErrorCode, type ErrorClass, type PluginErrorCode };
