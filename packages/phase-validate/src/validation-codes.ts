/**
 * Every finding validation can report has its own code, so tools (CI, editors, the MCP server)
 * can react to a defect without reading message text. Kept as data: the code, the report
 * section it belongs to, and whether it blocks a deployment.
 */

/** A section of the seed's validation report. */
export type ValidationSection = 'workflow' | 'configuration' | 'dependencies' | 'environment' | 'tests';

/** What a code means for a deployment. */
export interface ValidationCodeInfo {
  /** The report section the finding is listed in. */
  readonly section: ValidationSection;
  /** `error` blocks the deployment; `warning` is reported only. */
  readonly severity: 'error' | 'warning';
}

const error = (section: ValidationSection): ValidationCodeInfo => ({ section, severity: 'error' });
const warning = (section: ValidationSection): ValidationCodeInfo => ({ section, severity: 'warning' });

/** Every validation finding code. */
export const VALIDATION_CODES = {
  /** The workflow file cannot be read. */
  WORKFLOW_UNREADABLE: error('workflow'),
  /** The workflow file is not valid Python. */
  PYTHON_SYNTAX_ERROR: error('workflow'),
  /** A name is used but never imported or defined (e.g. `StateGraph` without its import). */
  MISSING_IMPORT: error('workflow'),
  /** No `StateGraph(...)` is instantiated. */
  STATE_GRAPH_MISSING: error('workflow'),
  /** A StateGraph is built without a state schema. */
  STATE_SCHEMA_MISSING: error('workflow'),
  /** The state schema is not a TypedDict, Pydantic model or dataclass defined in the file. */
  STATE_SCHEMA_UNKNOWN: warning('workflow'),
  /** No node is added to the graph. */
  NODES_MISSING: error('workflow'),
  /** The same node name is added twice to one graph. */
  DUPLICATE_NODE: error('workflow'),
  /** An edge starts or ends at a node that is not registered (a dangling edge). */
  EDGE_UNKNOWN_NODE: error('workflow'),
  /** The graph has no entry point (`set_entry_point` or an edge from START). */
  ENTRY_POINT_MISSING: error('workflow'),
  /** The graph is never compiled. */
  COMPILE_MISSING: error('workflow'),
  /** The compiled graph is not bound to a module-level variable LangGraph can load. */
  GRAPH_VARIABLE_MISSING: error('workflow'),
  /** A node cannot be reached from the entry point. */
  NODE_UNREACHABLE: error('workflow'),
  /** A node can never reach END and is not an interrupt point. */
  NODE_DEAD_END: error('workflow'),
  /** A node function has no error handling (try/except). */
  NODE_WITHOUT_ERROR_HANDLING: warning('workflow'),
  /** Importing the workflow in the venv failed (the exception, verbatim). */
  GRAPH_LOAD_FAILED: error('workflow'),
  /** LangGraph refused to build or compile the graph (its message, verbatim). */
  GRAPH_COMPILE_FAILED: error('workflow'),
  /** The compiled graph's `get_graph()` differs from what static analysis found. */
  GRAPH_STRUCTURE_MISMATCH: warning('workflow'),
  /** `langgraph.json` is not valid JSON or not an object. */
  LANGGRAPH_CONFIG_INVALID: error('workflow'),
  /** `langgraph.json` has a key langgraph-cli does not know. */
  LANGGRAPH_CONFIG_UNKNOWN_KEY: warning('workflow'),
  /** A `graphs` entry of `langgraph.json` is not a valid `./path.py:variable` reference. */
  LANGGRAPH_GRAPH_REF_INVALID: error('workflow'),
  /** A `graphs` entry of `langgraph.json` names a file that does not exist (or is a directory). */
  LANGGRAPH_GRAPH_FILE_MISSING: error('workflow'),
  /** Two files of the source would land on the same path of the release (nothing is ever overwritten). */
  RELEASE_PATH_CONFLICT: error('workflow'),
  /** A file of the source is left out of the release (it holds secret values, or is a link out of the source). */
  RELEASE_FILE_EXCLUDED: warning('workflow'),
  /**
   * A file of the source is a link that leads out of it; the release holds a copy of what it
   * points at. Reported in dev only: staging and production refuse the source (`PATH_NOT_ALLOWED`).
   */
  SOURCE_LINK_OUTSIDE: warning('workflow'),
  /** A `langgraph.json` key that means nothing without a Docker image is kept but not applied. */
  LANGGRAPH_KEY_NOT_APPLIED: warning('workflow'),
  /** The agent config file does not exist. */
  AGENT_CONFIG_MISSING: error('configuration'),
  /** The agent config is not valid JSON. */
  AGENT_CONFIG_INVALID_JSON: error('configuration'),
  /**
   * The agent config is larger or nested deeper than every reader of it accepts
   * (`FILE_JSON_LIMITS`: 16 MiB, 100 levels); it is not parsed.
   */
  AGENT_CONFIG_TOO_LARGE: error('configuration'),
  /** A required agent-config field is missing. */
  AGENT_CONFIG_FIELD_MISSING: error('configuration'),
  /** An agent-config field has the wrong type or value. */
  AGENT_CONFIG_FIELD_INVALID: error('configuration'),
  /** The model is not in the supported-model table. */
  MODEL_UNSUPPORTED: error('configuration'),
  /** A model the graph uses (seen when loading it) is not in the model table: no key or cost checks for it. */
  MODEL_UNKNOWN: warning('configuration'),
  /** The model is a deprecated alias or retired name that still resolves (use the current name). */
  MODEL_DEPRECATED: warning('configuration'),
  /** A tool named in the config is not defined in the workflow. */
  TOOL_NOT_DEFINED: error('configuration'),
  /** A human-in-the-loop checkpoint names a node that is not in the graph. */
  HITL_NODE_NOT_IN_GRAPH: error('configuration'),
  /** A human-in-the-loop checkpoint names a node that never stops for a human. */
  HITL_NOT_CONFIGURED: error('configuration'),
  /** No Python >= 3.10 interpreter was found. */
  PYTHON_VERSION_UNSUPPORTED: error('dependencies'),
  /** A declared requirement pins a package below the required minimum. */
  PACKAGE_VERSION_TOO_OLD: error('dependencies'),
  /** A required package is not installed. */
  PACKAGE_MISSING: error('dependencies'),
  /** An installed package does not satisfy its requirement. */
  PACKAGE_VERSION_MISMATCH: error('dependencies'),
  /** A third-party module the workflow imports is provided by no installed requirement. */
  IMPORT_NOT_INSTALLED: error('dependencies'),
  /** A module the workflow imports is declared nowhere (no distribution is ever guessed from an import name). */
  IMPORT_NOT_DECLARED: error('dependencies'),
  /** A project pin contradicts a base requirement: the project's pin wins and the base line is left out. */
  BASE_REQUIREMENT_CONFLICT: warning('dependencies'),
  /** A local dependency (`./pkg`) does not exist or is outside the project. */
  DEPENDENCY_NOT_FOUND: error('dependencies'),
  /** A dependency file (requirements.txt, pyproject.toml, uv.lock) cannot be read. */
  DEPENDENCY_FILE_INVALID: error('dependencies'),
  /** An option of a requirements file is not applied (index URLs, unreadable includes). */
  DEPENDENCY_OPTION_IGNORED: warning('dependencies'),
  /** Installing the requirements into the validation venv failed. */
  REQUIREMENTS_INSTALL_FAILED: error('dependencies'),
  /** A required environment variable or secret is not set (error in staging/production). */
  ENV_VAR_MISSING: error('environment'),
  /** A required environment variable is not set in dev, where tests use fake models. */
  ENV_VAR_MISSING_DEV: warning('environment'),
  /** An environment variable has a value the deployment cannot use. */
  ENV_VAR_INVALID: error('environment'),
  /** The project's `env` file named in langgraph.json does not exist (its variables are not read). */
  ENV_FILE_MISSING: warning('environment'),
  /** Secret values in the project's `env` are not imported (production takes secrets from its store only). */
  ENV_SECRET_NOT_IMPORTED: warning('environment'),
  /** The workflow has no pre-deployment test cases. */
  TESTS_MISSING: warning('tests'),
  /** The test cases file is not valid JSON or does not match the test-case format. */
  TESTS_FILE_INVALID: error('tests'),
  /** A critical pre-deployment test case failed. */
  TEST_FAILED: error('tests'),
  /** A non-critical test case failed. */
  TEST_FAILED_NON_CRITICAL: warning('tests'),
  /** A test case did not finish within its timeout and was killed. */
  TEST_TIMEOUT: error('tests'),
  /** The graph did not stop for a human where the test case expects it to. */
  TEST_HITL_MISMATCH: error('tests'),
  /** Pre-deployment tests were skipped (`--skip-tests`). */
  TESTS_SKIPPED: warning('tests'),
  /** Tests could not run because the workflow failed an earlier check. */
  TESTS_NOT_RUN: warning('tests'),
  /** A check could not run because an earlier one failed (the report names it). */
  CHECK_NOT_RUN: warning('workflow'),
} as const satisfies Record<string, ValidationCodeInfo>;

/** A validation finding code (SCREAMING_SNAKE). Assert on this, not on message text. */
export type ValidationCode = keyof typeof VALIDATION_CODES;

/** The section and severity of `code`. */
export function validationCodeInfo(code: ValidationCode): ValidationCodeInfo {
  return VALIDATION_CODES[code];
}
