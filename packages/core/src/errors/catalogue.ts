/**
 * Every error code exec-automator raises, in one place: what it means, its exit class and what
 * to do about it. Errors are created through {@link deployError} (a lint rule forbids
 * `new DeployError` elsewhere), `docs/errors.md` is generated from this table, and hosts (CLI,
 * MCP server, HTTP server, embedding apps) translate codes the same way.
 */

/** How a host reports an error: the CLI exits 2 (usage), 3 (validation), 4 (locked) or 1 (failure). */
export type ErrorClass = 'usage' | 'validation' | 'locked' | 'failure';

/** One entry of {@link ERROR_CATALOGUE}. */
export interface ErrorDefinition {
  /** The exit class. */
  readonly class: ErrorClass;
  /** What the code means, in one sentence. */
  readonly summary: string;
  /** What the user does next, in general (the message of each error says it for the case at hand). */
  readonly fix: string;
}

/** Every built-in error code with its definition. */
export const ERROR_CATALOGUE = {
  INVALID_ARGUMENT: {
    class: 'usage',
    summary: 'A command-line or API argument is missing or malformed.',
    fix: 'Correct the argument the message names; `--help` lists what each command accepts.',
  },
  SKIP_TESTS_REQUIRES_FORCE: {
    class: 'usage',
    summary: '`skipTests` was requested for production without `force`.',
    fix: 'Run the tests (drop `--skip-tests`), or add `--force` to skip them anyway; the report says so.',
  },
  CONFIG_INVALID: {
    class: 'usage',
    summary: 'The configuration file or an option object failed its schema.',
    fix: 'Fix the setting at the path the message names; docs/configuration.md lists every setting.',
  },
  PATH_NOT_ALLOWED: {
    class: 'usage',
    summary: 'A path a request reaches (an argument, or a link, graph reference or dependency of a source it names) is outside the allowed directories, or a link leaves the source in staging/production.',
    fix: 'Use a path inside the allowed directories, or start the server with another `--allow` directory.',
  },
  REQUEST_TOO_LARGE: {
    class: 'usage',
    summary: 'A request (an MCP tool call, an HTTP body) is larger or nested deeper than the documented limits; it was not parsed, and the server keeps serving.',
    fix: 'Send less: give large inputs as files inside the allowed directories, or split the request (docs/mcp.md and docs/server.md list the limits; `serve --max-body-bytes` and `--max-body-depth` raise the HTTP ones).',
  },
  SOURCE_NOT_FOUND: {
    class: 'validation',
    summary: 'The source directory does not exist or holds no workflow.',
    fix: 'Point `--source` at a directory with `workflow-*.py` files or a `langgraph.json`.',
  },
  WORKFLOW_NOT_FOUND: {
    class: 'validation',
    summary: 'A named workflow is not in the source directory.',
    fix: 'Use a name the source holds (the message lists them), or `all`.',
  },
  VALIDATION_FAILED: {
    class: 'validation',
    summary: 'Pre-deployment validation found errors; nothing was written.',
    fix: 'Fix each error of the validation report (every one names its file, line and fix), then deploy again.',
  },
  LANGGRAPH_CONFIG_INVALID: {
    class: 'validation',
    summary: "The source's `langgraph.json` is invalid and declares no usable graph.",
    fix: 'Fix `langgraph.json` as the message says; `langgraph validate` reports the same problems.',
  },
  DEPLOY_LOCKED: {
    class: 'locked',
    summary: "Another deployment or rollback holds the environment's lock.",
    fix: 'Wait for the other operation to finish; a lock whose holder died is taken over by the next operation.',
  },
  LOCK_ERROR: {
    class: 'failure',
    summary: 'The lock file could not be read, written or released.',
    fix: 'Check the permissions of the environment directory; the message names the file.',
  },
  PYTHON_NOT_FOUND: {
    class: 'failure',
    summary: 'No Python >= 3.10 interpreter was found.',
    fix: 'Install Python 3.10 or newer, or name one with `--python` (or `EXEC_AUTOMATOR_PYTHON`).',
  },
  VENV_CREATE_FAILED: {
    class: 'failure',
    summary: 'Creating a virtual environment failed.',
    fix: "Read the installer's output in the message; check disk space and the Python installation (`python -m venv` must work).",
  },
  DEPENDENCY_INSTALL_FAILED: {
    class: 'failure',
    summary: 'Installing the requirements into a virtual environment failed.',
    fix: "Read the installer's output in the message; fix the requirement it names, or the package index settings.",
  },
  DEPENDENCY_VERSION_MISMATCH: {
    class: 'failure',
    summary: 'An installed package does not satisfy the required version.',
    fix: 'Raise the pin in the requirements to the version the message names.',
  },
  RUNNER_FAILED: {
    class: 'failure',
    summary: 'The Python runner process failed or answered with an error.',
    fix: "Read the runner's error in the message; it is usually an exception in the workflow's own code.",
  },
  RUNNER_TIMEOUT: {
    class: 'failure',
    summary: 'A runner request exceeded its time limit; the process was killed.',
    fix: 'Make the workflow (or the test case) finish sooner, or raise the time limit the message names.',
  },
  GRAPH_LOAD_FAILED: {
    class: 'failure',
    summary: 'A workflow graph could not be loaded or compiled.',
    fix: 'Fix the import or compile error the message shows, at the file and line it names.',
  },
  RELEASE_FAILED: {
    class: 'failure',
    summary: 'Writing or switching a release failed.',
    fix: 'Check disk space and permissions under the root; `current` still points at the previous release.',
  },
  RELEASE_NOT_FOUND: {
    class: 'failure',
    summary: 'The named release does not exist in the environment.',
    fix: '`exec-automator history` and `status` list the releases the environment keeps.',
  },
  NO_ROLLBACK_TARGET: {
    class: 'failure',
    summary: 'Rollback has no good release to go back to.',
    fix: 'Name a release with `--to`, or deploy a fixed version instead.',
  },
  HEALTH_CHECK_FAILED: {
    class: 'failure',
    summary: 'Post-deployment health checks failed.',
    fix: 'Read the health report; in staging and production the previous release was restored.',
  },
  SMOKE_TEST_FAILED: {
    class: 'failure',
    summary: 'Post-deployment smoke tests failed.',
    fix: 'Run the failing case locally (`exec-automator deploy --validate-only` runs the tests), fix the workflow, deploy again.',
  },
  PHASE_FAILED: {
    class: 'failure',
    summary: 'A phase failed with an error that was not a DeployError (its own code, if any, is kept as `causeCode`).',
    fix: "Read the message and `causeCode`; a plugin phase should raise a `PLUGIN_<NAME>` code of its own.",
  },
  ABORTED: {
    class: 'failure',
    summary: 'The operation was cancelled through its AbortSignal (or SIGINT/SIGTERM).',
    fix: 'Nothing to fix: run the operation again; an interrupted switch is reconciled by the next operation.',
  },
  SECRETS_ERROR: {
    class: 'failure',
    summary: 'A secret could not be read or written.',
    fix: 'Check the secrets backend the message names (its key file, its permissions, its command).',
  },
  SECRETS_PLAINTEXT_REFUSED: {
    class: 'usage',
    summary: 'A plaintext secret was offered where it is refused (production with environment-variable secrets, or a value on the command line).',
    fix: 'Store the secret with `exec-automator secrets set` (it prompts or reads stdin) in an encrypted backend.',
  },
  CHECKPOINT_STORE_UNREACHABLE: {
    class: 'failure',
    summary: 'The checkpoint store (Postgres, Redis, the SQLite directory) cannot be reached or opened.',
    fix: 'Start the store or fix its address and credentials in the settings; the message names the address.',
  },
  CHECKPOINT_STORE_UNSUPPORTED: {
    class: 'failure',
    summary: 'The checkpoint store is reachable but cannot hold LangGraph checkpoints (e.g. Redis without RedisJSON/RediSearch).',
    fix: 'Use a store with the modules LangGraph needs (Redis Stack), Postgres, or SQLite.',
  },
  WORKFLOW_TOOL_MISSING: {
    class: 'failure',
    summary: 'A tool a workflow declares (`required_tools` in its agent config) is not installed; nothing is downloaded.',
    fix: 'Install the tool on the host, or remove it from `required_tools`.',
  },
  DEPENDENCY_LOCK_FAILED: {
    class: 'failure',
    summary: "Resolving the requirements into a lock (uv pip compile, or pip's resolver) failed.",
    fix: "Read the resolver's output in the message; loosen or fix the conflicting requirements.",
  },
  NOT_DEPLOYED: {
    class: 'failure',
    summary: 'Nothing is deployed in the environment, or the current release does not hold the named workflow.',
    fix: 'Deploy first (`exec-automator deploy`), or name a workflow the current release holds (`status` lists them).',
  },
  EXECUTION_FAILED: {
    class: 'failure',
    summary: 'An invoked workflow execution ended in error, timeout or cancellation (the execution is recorded).',
    fix: "Read the execution's error; `exec-automator executions` shows the record.",
  },
  EXECUTION_NOT_FOUND: {
    class: 'failure',
    summary: 'No execution with that id is running (it finished, or never existed).',
    fix: '`exec-automator executions` lists the recorded executions and their ids.',
  },
  REVIEW_NOT_FOUND: {
    class: 'failure',
    summary: 'No human review with that id exists in the environment.',
    fix: '`exec-automator reviews --all` lists the reviews of the environment and their ids.',
  },
  REVIEW_ALREADY_DECIDED: {
    class: 'failure',
    summary: 'The human review was already decided (approved, rejected, edited, expired or resumed): a review is decided once.',
    fix: '`exec-automator reviews --all` shows who decided it and when; a thread that waits again has a new review.',
  },
  NOTIFICATION_FAILED: {
    class: 'failure',
    summary: 'A notification channel did not accept an alert after its retries (the alert is retried on the next run).',
    fix: "Check the channel's URL or credentials; `monitor` retries the alert on its next run.",
  },
  OPERATION_INTERRUPTED: {
    class: 'failure',
    summary: 'A deploy or rollback was killed before it recorded its outcome; the next operation on the environment recorded it.',
    fix: 'Nothing to fix: the environment was reconciled; deploy or roll back again if the outcome is not the one you want.',
  },
  SERVE_REFUSED: {
    class: 'usage',
    summary: '`serve` refused to start as asked: `--no-auth` outside `dev` or on a non-loopback address, or auth required and no API key exists.',
    fix: 'Create a key with `exec-automator api-keys create --environment=<env>`, or use `--no-auth` only in dev on 127.0.0.1.',
  },
  SERVER_FAILED: {
    class: 'failure',
    summary: 'The HTTP server could not listen on its address (in use, not permitted).',
    fix: 'Choose another `--port` or `--host`, or stop what listens there.',
  },
  API_KEY_NOT_FOUND: {
    class: 'failure',
    summary: 'No API key with that id or name exists in the environment (or it was revoked already).',
    fix: '`exec-automator api-keys list --environment=<env>` shows the keys that exist.',
  },
  INTERNAL: {
    class: 'failure',
    summary: 'A bug in exec-automator itself.',
    fix: 'Report it with the command you ran and the message; `--verbose` shows more.',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** A code exec-automator itself raises (a key of {@link ERROR_CATALOGUE}). */
export type BuiltinErrorCode = keyof typeof ERROR_CATALOGUE;

/**
 * A code raised by a plugin (a phase, notifier or secrets backend from another package):
 * `PLUGIN_` followed by the plugin's own SCREAMING_SNAKE name, e.g. `PLUGIN_APPROVAL_TIMEOUT`.
 * Its exit class is `failure`.
 */
export type PluginErrorCode = `PLUGIN_${string}`;

/** A machine-readable error code (SCREAMING_SNAKE). Assert on this, not on message text. */
export type DeployErrorCode = BuiltinErrorCode | PluginErrorCode;

/** The definition of `code`: a plugin code (or an unknown one) is a `failure` without a catalogue entry. */
export function errorDefinition(code: string): ErrorDefinition | undefined {
  return (ERROR_CATALOGUE as Record<string, ErrorDefinition>)[code];
}

/** The exit class of any code: a plugin code (or an unknown one) is a `failure`. */
export function errorClassOf(code: string): ErrorClass {
  return errorDefinition(code)?.class ?? 'failure';
}

/** The anchor of `code` in `docs/errors.md` (`docs/errors.md#deploy_locked`). */
export function errorDocsAnchor(code: string): string {
  return `docs/errors.md#${code.toLowerCase()}`;
}
