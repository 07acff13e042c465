import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { DeployError, deployError } from '../errors/deploy-error.js';
import { ENVIRONMENTS, type EnvironmentName } from '../environment/environments.js';

/**
 * Grammars of the names exec-automator accepts from a user, a configuration file or an MCP/HTTP
 * client, and the checks that keep them from naming a path outside their directory. A value that
 * breaks its grammar is refused with `INVALID_ARGUMENT`, shown by {@link showValue} (escaped,
 * truncated) so a NUL byte or a terminal escape in it never reaches a terminal or a log raw.
 */

/** Deployment, release and execution ids: one path component (`dep-20261125T031500123Z-3fa2`). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** C0 controls, DEL and the C1 controls: never part of a name. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Longest workflow name or thread id accepted. */
const MAX_NAME = 200;

/** `value` as it may be shown: JSON-escaped (NUL as `\u0000`), at most 80 characters. */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
  return shown;
}

function refuse(what: string, value: unknown, rule: string): DeployError {
  return deployError('INVALID_ARGUMENT', `Invalid ${what} ${showValue(value)}: ${rule}.`, {
    details: { what, value: showValue(value), rule },
  });
}

/** Why `value` is not an id ({@link ID_PATTERN}, no `..`), or null when it is one. */
export function idProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'expected a non-empty string';
  if (value.includes('\u0000')) return 'it holds a NUL byte';
  if (value.includes('..')) return 'it holds ".."';
  if (!ID_PATTERN.test(value)) return 'use letters, digits, ".", "_" and "-" only (at most 128, starting with a letter or digit), no "/"';
  return null;
}

/** Checks a deployment (release) id; `INVALID_ARGUMENT` otherwise. Returns it. */
export function assertDeploymentId(value: unknown, what = 'deployment id'): string {
  const problem = idProblem(value);
  if (problem) throw refuse(what, value, problem);
  return value as string;
}

/** Checks an execution id; `INVALID_ARGUMENT` otherwise. Returns it. */
export function assertExecutionId(value: unknown): string {
  return assertDeploymentId(value, 'execution id');
}

/**
 * Why `value` is not a workflow name, or null when it is one. Workflow names may be LangGraph
 * graph ids verbatim, spaces included (`Deep Researcher`), but never hold a path separator, a
 * NUL or other control character, or `..`, and are at most 200 characters; file names are made
 * from them with `slugOf` only.
 */
export function workflowNameProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim().length === 0) return 'expected a non-empty string';
  if (value.includes('\u0000')) return 'it holds a NUL byte';
  if (CONTROL.test(value)) return 'it holds a control character';
  if (value.includes('..')) return 'it holds ".."';
  if (/[\\/]/.test(value)) return 'it holds a path separator ("/" or "\\")';
  if (value.length > MAX_NAME) return `it is longer than ${MAX_NAME} characters`;
  return null;
}

/** Checks a workflow name (or graph id, or workflow id); `INVALID_ARGUMENT` otherwise. Returns it. */
export function assertWorkflowName(value: unknown, what = 'workflow name'): string {
  const problem = workflowNameProblem(value);
  if (problem) throw refuse(what, value, problem);
  return value as string;
}

/** Checks a thread id (the checkpointer's key, not a path, but held to the workflow-name rules). */
export function assertThreadId(value: unknown): string {
  return assertWorkflowName(value, 'thread id');
}

/** Checks an environment name (`dev`, `staging`, `production`); `INVALID_ARGUMENT` otherwise. */
export function assertEnvironmentName(value: unknown): EnvironmentName {
  if (typeof value !== 'string' || !(ENVIRONMENTS as readonly string[]).includes(value)) {
    throw deployError('INVALID_ARGUMENT', `Unknown environment ${showValue(value)}. Use one of: ${ENVIRONMENTS.join(', ')}.`, {
      details: { what: 'environment', value: showValue(value) },
    });
  }
  return value as EnvironmentName;
}

/** Checks a file-system path given by a user (a source, a root, a config file): no NUL byte. */
export function assertPathArgument(value: unknown, what = 'path'): string {
  if (typeof value !== 'string' || value.length === 0) throw refuse(what, value, 'expected a non-empty path');
  if (value.includes('\u0000')) throw refuse(what, value, 'it holds a NUL byte');
  return value;
}

/**
 * `dir/name` for a name that must stay one entry of `dir`: refused (`INVALID_ARGUMENT`) when the
 * name is absolute, holds `..`, a separator or a NUL, or resolves (through symlinks of what
 * exists) outside `dir`.
 */
export async function resolveInside(dir: string, name: string, what = 'name'): Promise<string> {
  const problem = idProblem(name);
  if (problem && workflowNameProblem(name) !== null) throw refuse(what, name, problem);
  const target = path.resolve(dir, name);
  const relative = path.relative(path.resolve(dir), target);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) throw refuse(what, name, `it leaves ${dir}`);
  const [realDir, realTarget] = await Promise.all([realpath(dir).catch(() => path.resolve(dir)), realpath(target).catch(() => target)]);
  const inside = path.relative(realDir, realTarget);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) throw refuse(what, name, `it resolves outside ${dir} through a symlink`);
  return target;
}

/** True when `child` (a real path) is `parent` or inside it. */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
