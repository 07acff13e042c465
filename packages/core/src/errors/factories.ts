import { DeployError } from './deploy-error.js';

/** Who holds a deploy lock, as recorded in `<env>/.lock`. */
export interface LockHolder {
  /** Deployment or operation id that took the lock. */
  operationId: string;
  /** `deploy` or `rollback`. */
  operation: string;
  /** Process id of the holder. */
  pid: number;
  /** Host name of the holder. */
  host: string;
  /** User name of the holder. */
  user: string;
  /** ISO time the lock was taken. */
  startedAt: string;
  /** The holder's start time (`/proc/<pid>/stat` field 22): tells a reused pid apart. */
  startTime?: string;
  /** The boot id when the lock was taken: a reboot frees every lock. */
  bootId?: string;
}

/**
 * One factory per error code whose message has a fixed shape, so messages stay consistent
 * and always say what to do next.
 */
export const errors = {
  /** `INVALID_ARGUMENT`: an argument is wrong. */
  invalidArgument(message: string, details?: Record<string, unknown>): DeployError {
    return new DeployError('INVALID_ARGUMENT', message, { details });
  },

  /** `SKIP_TESTS_REQUIRES_FORCE`: production deploy asked to skip tests without force. */
  skipTestsRequiresForce(environment: string): DeployError {
    return new DeployError(
      'SKIP_TESTS_REQUIRES_FORCE',
      `Skipping pre-deployment tests is refused for ${environment}. Run the tests (drop --skip-tests), or add --force to the same command to skip them anyway (the report will say so).`,
      { details: { environment } },
    );
  },

  /** `DEPLOY_LOCKED`: the environment is locked by another operation. */
  deployLocked(environment: string, holder: LockHolder, lockPath: string): DeployError {
    return new DeployError(
      'DEPLOY_LOCKED',
      `Environment ${environment} is locked by ${holder.operation} ${holder.operationId} (pid ${holder.pid} on ${holder.host}, user ${holder.user}, since ${holder.startedAt}). Wait for it to finish (\`exec-automator status --environment=${environment}\` shows the lock); if that process is gone from another host, remove the lock: \`rm ${lockPath}\`.`,
      { details: { environment, holder, lockPath } },
    );
  },

  /** `WORKFLOW_NOT_FOUND`: a named workflow is not in the source. */
  workflowNotFound(name: string, source: string, available: readonly string[]): DeployError {
    const list = available.length === 0 ? 'none' : available.join(', ');
    return new DeployError(
      'WORKFLOW_NOT_FOUND',
      `Workflow "${name}" was not found in ${source}. Available: ${list}. Use one of these names or "all".`,
      { details: { name, source, available } },
    );
  },

  /** `SOURCE_NOT_FOUND`: the source directory is missing or empty. */
  sourceNotFound(source: string, reason: string): DeployError {
    return new DeployError('SOURCE_NOT_FOUND', `Source ${source}: ${reason}`, { details: { source } });
  },

  /** `PYTHON_NOT_FOUND`: no Python >= 3.10 found. */
  pythonNotFound(tried: readonly string[]): DeployError {
    return new DeployError(
      'PYTHON_NOT_FOUND',
      `No Python >= 3.10 found (tried ${tried.join(', ')}). Install Python 3.10 or newer, or name one: \`--python /usr/bin/python3.12\` or \`export EXEC_AUTOMATOR_PYTHON=/usr/bin/python3.12\`.`,
      { details: { tried } },
    );
  },

  /** `RELEASE_NOT_FOUND`: no such release in the environment. */
  releaseNotFound(environment: string, id: string): DeployError {
    return new DeployError(
      'RELEASE_NOT_FOUND',
      `Release ${id} does not exist in ${environment}. Run \`exec-automator status --environment=${environment}\` to list releases.`,
      { details: { environment, id } },
    );
  },

  /** `NO_ROLLBACK_TARGET`: nothing to roll back to. */
  noRollbackTarget(environment: string, reason: string): DeployError {
    return new DeployError('NO_ROLLBACK_TARGET', `Cannot roll back ${environment}: ${reason}`, {
      details: { environment },
    });
  },
} as const;
