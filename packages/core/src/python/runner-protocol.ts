/**
 * Wire types of the bundled Python runner (`python/exec_automator_runner.py`). Field names are
 * the runner's (snake_case): these are its JSON formats.
 */

export type * from './runner-protocol-analysis.js';
import type { FileAnalysis, GraphInspection } from './runner-protocol-analysis.js';

/** Where a project's modules are loaded from, for `inspect` and `invoke`. */
export interface ProjectLoading {
  /** Directories put on `sys.path` for the operation (after the workflow file's own directory). */
  sys_path?: string[];
  /** Working directory of the operation. */
  cwd?: string;
}

/** LangGraph run configuration passed through to the graph. */
export interface RunConfig {
  /** `configurable` values (the thread id is set by the runner). */
  configurable?: Record<string, unknown>;
  /** Run tags. */
  tags?: string[];
  /** Run metadata. */
  metadata?: Record<string, unknown>;
  /** Recursion limit. */
  recursion_limit?: number;
}

/** A recorded chat-model response for simulated runs. */
export type RecordedResponse =
  | string
  | {
      content: string;
      tool_calls?: Array<{ name: string; args: Record<string, unknown>; id?: string }>;
      usage?: { input_tokens: number; output_tokens: number };
    };

/** How a persistent checkpointer serializes: compression and LangGraph's EncryptedSerializer. */
export interface CheckpointSerdeOptions {
  /** zlib-compress serialized values (still readable when off). Default false. */
  compression?: boolean;
  /** Encrypt with AES (LangGraph's `EncryptedSerializer`), key read from the variable `key_env`. */
  encryption?: { key_env: string } | null;
}

/**
 * Checkpointer used by an invocation. Secrets (passwords, the encryption key) are never part of
 * the spec: it names the environment variables the runner reads them from.
 */
export type CheckpointerSpec =
  | { type: 'memory' }
  | { type: 'none' }
  | ({ type: 'sqlite'; path: string } & CheckpointSerdeOptions)
  | ({
      type: 'postgres';
      /** libpq connection string without a password (`host=… port=… dbname=… user=…`). */
      conninfo: string;
      /** Variable holding the password. */
      password_env?: string;
    } & CheckpointSerdeOptions)
  | ({
      type: 'redis';
      /** `redis://host:port/db` without credentials. */
      url: string;
      /** Variable holding the password (unset variable: no AUTH). */
      password_env?: string;
      /** Connection timeout in seconds. Default 5. */
      connect_timeout?: number;
    } & CheckpointSerdeOptions);

/** Result of runner op `checkpoint_check`: can the store be reached and set up? */
export interface CheckpointCheck {
  /** `ok`; `unreachable` (connection, authentication, missing key); `unsupported` (server lacks what the saver needs). */
  status: 'ok' | 'unreachable' | 'unsupported';
  /** The store type checked. */
  type: string;
  /** What was found or went wrong (never a secret value). */
  message: string;
  /** Server version, when connected. */
  server_version?: string | null;
  /** True when the saver's `setup()` ran (tables/indexes exist). */
  setup: boolean;
}

/** Result of runner op `checkpoint_prune`. */
export interface CheckpointPrune {
  /** Threads whose newest checkpoint is older than the cutoff (deleted unless dry-run). */
  threads_deleted: string[];
  /** Threads kept. */
  threads_kept: number;
  /** The cutoff (ISO 8601). */
  cutoff: string;
  /** True when nothing was deleted. */
  dry_run: boolean;
}

/** Logging of an invocation: the environment's logging-config.json and the ids every line carries. */
export interface InvokeLogging {
  /** logging-config.json (a `logging.config.dictConfig` document). */
  config: string;
  /** Workflow id on every line (`workflow_id`). */
  workflow_id: string;
  /** Deployment id on every line (`deployment_id`). */
  deployment_id: string;
}

/**
 * Secret values the runner itself needs (the checkpoint store's password, `LANGGRAPH_AES_KEY`),
 * by the names the checkpointer spec uses (`password_env`, `encryption.key_env`). They travel in
 * the request and stay in the runner's memory: never in `os.environ`, where graph code reads.
 */
export type RunnerSecrets = Record<string, string>;

/** Parameters of runner op `invoke`. */
export interface InvokeParams extends ProjectLoading {
  /** `path/file.py:variable`. */
  ref: string;
  /** Graph input. */
  input?: unknown;
  /** Resume value for an interrupted thread. */
  resume?: unknown;
  /** Thread id (default: a fresh one). */
  thread_id?: string;
  /** Checkpointer (default memory). */
  checkpointer?: CheckpointerSpec;
  /** Values of the secrets the checkpointer names (see {@link RunnerSecrets}). */
  runner_secrets?: RunnerSecrets;
  /**
   * Names of environment variables holding secret values, masked as `***` in log records,
   * stored exceptions and the result's error before they leave the runner (variables whose
   * names look like secrets, `*_API_KEY`, `*_TOKEN`, …, and `runner_secrets` are masked anyway).
   */
  redact_env?: string[];
  /**
   * Replace chat models with fakes fed these responses; with `default_response`, an exhausted
   * queue answers with it instead of failing (smoke runs of graphs without recorded responses).
   */
  fake_models?: { responses: RecordedResponse[]; default_response?: string } | null;
  /** The runtime context (`Runtime[Context]`); default: the context schema's defaults. */
  context?: Record<string, unknown>;
  /** Run configuration (`configurable`, tags, metadata). */
  config?: RunConfig;
  /** LangGraph recursion limit. */
  recursion_limit?: number;
  /** Apply the environment's logging config; log lines carry these ids and the node. */
  logging?: InvokeLogging | null;
  /**
   * LangGraph stream modes whose chunks the runner sends as {@link RunnerStreamChunk} lines
   * before its reply (the HTTP server streams them to clients). Default none.
   */
  stream_mode?: RunnerStreamMode[];
  /**
   * The workflow file does not change (a served release): import it once per worker and reuse
   * the module and its compiled graph (not with `fake_models`). Default false: a fresh import.
   */
  reuse_module?: boolean;
}

/** One chat-model call made during an invocation. */
export interface ModelCall {
  /** Model name. */
  model: string | null;
  /** LangGraph node that made the call. */
  node: string | null;
  /** Input tokens. */
  input_tokens: number;
  /** Output tokens. */
  output_tokens: number;
}

/** Result of runner op `invoke`. */
export interface InvokeResult {
  /** How the run ended. */
  status: 'completed' | 'interrupted' | 'error';
  /** Thread id used. */
  thread_id: string;
  /** Final state values. */
  output: unknown;
  /** Where and with what the graph stopped for a human. */
  interrupt: { node: string | null; value: unknown } | null;
  /** Next nodes (empty when completed). */
  next: string[];
  /** The exception the graph raised. */
  error: { type: string; message: string; node?: string | null; traceback?: string } | null;
  /** Wall time of the run. */
  duration_ms: number;
  /** Chat-model calls. */
  model_calls: ModelCall[];
}

/** One package as `pip list --format=json` prints it. */
export interface InstalledPackage {
  /** Distribution name. */
  name: string;
  /** Version. */
  version: string;
}

/** Result of runner op `check_requirements`. */
export interface RequirementsCheck {
  /** Interpreter version. */
  python: string;
  /** One result per requirement. */
  results: Array<{ requirement: string; name: string; installed: string | null; satisfied: boolean; reason: string | null }>;
}

/** One declared requirement compared with the required minimum for its project. */
export interface MinimumCheck {
  /** The declared line. */
  requirement: string;
  /** Normalized project name. */
  name: string;
  /** The required line (`langgraph>=0.2.0`). */
  minimum: string;
  /** True when some version satisfies both. */
  compatible: boolean;
  /** Why not, when incompatible. */
  reason: string | null;
}

/** An error answered by the runner. */
export interface RunnerErrorInfo {
  /** Python exception class. */
  type: string;
  /** Runner error code (`GRAPH_LOAD_FAILED`, ...). */
  code: string;
  /** Message. */
  message: string;
  /** File where it happened. */
  file: string | null;
  /** Line where it happened. */
  line: number | null;
  /** Python traceback. */
  traceback: string;
}

/** Every runner operation with its parameters and result. */
/** LangGraph stream modes the runner can send chunks of while a graph runs. */
export type RunnerStreamMode = 'values' | 'updates' | 'custom' | 'messages' | 'debug' | 'tasks' | 'checkpoints';

/** One chunk of a graph's stream, sent by the runner before the reply of a streaming `invoke`. */
export interface RunnerStreamChunk {
  /** The LangGraph stream mode it belongs to. */
  mode: RunnerStreamMode;
  /** The chunk, JSON-safe (messages as dicts). */
  data: unknown;
}

/** A checkpoint's address in the Agent Server's shape. */
export interface ThreadCheckpoint {
  /** Thread id. */
  thread_id: string;
  /** Namespace (`""` for the root graph). */
  checkpoint_ns: string;
  /** Checkpoint id, `null` for a thread without checkpoints. */
  checkpoint_id: string | null;
  /** Subgraph checkpoint ids, when any. */
  checkpoint_map?: Record<string, unknown> | null;
}

/** A thread's state at one checkpoint, in the shape of the Agent Server's `ThreadState`. */
export interface ThreadStateSnapshot {
  /** State values. */
  values: unknown;
  /** Nodes that run next (empty when done). */
  next: string[];
  /** Pending tasks with their interrupts and errors. */
  tasks: Array<{ id: string; name: string; error: string | null; interrupts: Array<{ value: unknown; id: string | null }>; checkpoint: null; state: null; result: unknown }>;
  /** Where this snapshot is. */
  checkpoint: ThreadCheckpoint;
  /** Checkpoint metadata (`source`, `step`, `parents`, ...). */
  metadata: Record<string, unknown>;
  /** When the checkpoint was written (ISO time), `null` without one. */
  created_at: string | null;
  /** The previous checkpoint. */
  parent_checkpoint: ThreadCheckpoint | null;
  /** Pending interrupts of all tasks. */
  interrupts: Array<{ value: unknown; id: string | null }>;
}

/** What the `describe` op answers: the Agent Server's `/graph` and `/schemas` payloads. */
export interface GraphDescription {
  /** `{nodes: [{id, type, data}], edges: [{source, target, conditional?, data?}]}`. */
  graph: { nodes: unknown[]; edges: unknown[] };
  /** JSON schemas; a schema that cannot be rendered is `null`. */
  schemas: { input_schema: unknown; output_schema: unknown; state_schema: unknown; config_schema: unknown; context_schema: unknown };
}

/** Params of the `thread` op: read (`get`, `history`) or write (`update`) a thread's checkpointed state. */
export interface ThreadParams extends ProjectLoading {
  /** Graph reference (the graph's state schema reads the checkpoints). */
  ref: string;
  /** The thread. */
  thread_id: string;
  /** The environment's checkpointer. */
  checkpointer: CheckpointerSpec;
  /** Default `get`. */
  action?: 'get' | 'history' | 'update';
  /** A past checkpoint instead of the newest. */
  checkpoint_id?: string;
  /** History: at most this many snapshots, newest first. Default 10. */
  limit?: number;
  /** Update: the values to write. */
  values?: unknown;
  /** Update: write as if this node had returned them. */
  as_node?: string;
  /** Reuse the imported module (see {@link InvokeParams.reuse_module}). */
  reuse_module?: boolean;
  /** Checkpoint store secrets (see {@link InvokeParams}). */
  runner_secrets?: RunnerSecrets;
}

export interface RunnerOps {
  /** Liveness and versions. */
  ping: { params: Record<string, never>; result: { python: string; executable: string; langgraph: string | null; pid: number } };
  /** Static analysis (stdlib only). */
  analyze: { params: { files: string[]; roots?: string[] }; result: { files: FileAnalysis[] } };
  /** Load and compile a graph, read its structure. */
  inspect: {
    /** `fake_models: true` loads the graph with fake chat-model providers, so a module-level `ChatOpenAI()` needs no key. */
    params: { ref: string; fake_models?: boolean } & ProjectLoading;
    result: GraphInspection;
  };
  /** Run a graph. */
  invoke: { params: InvokeParams; result: InvokeResult };
  /** The graph's drawable structure (`get_graph().to_json()`) and JSON schemas (input, output, state, config, context). */
  describe: { params: { ref: string; reuse_module?: boolean } & ProjectLoading; result: GraphDescription };
  /** Read or write a thread's checkpointed state (the result depends on `action`). */
  thread: { params: ThreadParams; result: ThreadStateSnapshot | ThreadStateSnapshot[] | { checkpoint: ThreadCheckpoint | null } };
  /** Check installed versions against requirement lines. */
  check_requirements: { params: { requirements: string[] }; result: RequirementsCheck };
  /** Do declared requirement lines leave room for the required minimums (PEP 440, nothing installed)? */
  check_minimums: { params: { declared: string[]; minimums: string[] }; result: { results: MinimumCheck[] } };
  /** Top-level modules the interpreter cannot import (found without importing them). */
  find_modules: { params: { modules: string[] }; result: { missing: string[] } };
  /** Installed distributions. */
  list_packages: { params: Record<string, never>; result: InstalledPackage[] };
  /** Connect to a checkpoint store and run the saver's `setup()`. */
  checkpoint_check: { params: { checkpointer: CheckpointerSpec; runner_secrets?: RunnerSecrets }; result: CheckpointCheck };
  /** Delete threads whose newest checkpoint is older than `retention_days`. */
  checkpoint_prune: { params: { checkpointer: CheckpointerSpec; retention_days: number; dry_run?: boolean; runner_secrets?: RunnerSecrets }; result: CheckpointPrune };
}

/** A runner operation name. */
export type RunnerOp = keyof RunnerOps;
