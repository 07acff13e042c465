/**
 * Wire types of the bundled Python runner (`python/exec_automator_runner.py`). Field names are
 * the runner's (snake_case): these are its JSON formats.
 */

/** A syntax error found by static analysis. */
export interface SyntaxErrorInfo {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** Python's message. */
  message: string;
}

/** A StateGraph construction found in a file. */
export interface StateGraphInfo {
  /** The variable it is assigned to. */
  variable: string | null;
  /** Line of the call. */
  line: number;
  /** Name of the state schema passed as first argument. */
  state_schema: string | null;
  /** What the schema class is. */
  schema_kind: 'TypedDict' | 'pydantic' | 'dataclass' | 'unknown' | null;
}

/** An `add_node` call. */
export interface NodeInfo {
  /** Node name, null when not resolvable statically. */
  name: string | null;
  /** Function bound to the node, when a plain name. */
  function: string | null;
  /** Line of the call. */
  line: number;
  /** Variable of the graph the node was added to. */
  graph_variable: string | null;
}

/** An edge (plain or one target of a conditional edge). */
export interface EdgeInfo {
  /** Source node (`__start__` for the entry); null when not resolvable statically. */
  source: string | null;
  /** Target node (`__end__` for the finish); null when a router's targets are unknown. */
  target: string | null;
  /** Line of the call. */
  line: number;
  /** True for a target of `add_conditional_edges`. */
  conditional: boolean;
  /** Variable of the graph. */
  graph_variable?: string | null;
}

/** A `compile()` call. */
export interface CompiledInfo {
  /** Variable the compiled graph is assigned to. */
  variable: string | null;
  /** Variable of the graph compiled. */
  graph_variable: string | null;
  /** Line of the call. */
  line: number;
  /** Literal `interrupt_before` nodes. */
  interrupt_before: string[];
  /** Literal `interrupt_after` nodes. */
  interrupt_after: string[];
  /** True when a checkpointer argument was given. */
  has_checkpointer: boolean;
}

/** Static analysis of one workflow file (runner op `analyze`). */
export interface FileAnalysis {
  /** Absolute path. */
  file: string;
  /** Set when the file does not parse. */
  syntax_error: SyntaxErrorInfo | null;
  /** Set when the file could not be read. */
  error?: string;
  /** Top-level modules imported. */
  imports: string[];
  /** Imports that are neither stdlib nor local modules. */
  third_party_imports: string[];
  /** First line each module is imported on. */
  import_lines: Record<string, number>;
  /** StateGraph constructions. */
  state_graphs: StateGraphInfo[];
  /** Nodes added. */
  nodes: NodeInfo[];
  /** Node names added more than once. */
  duplicate_nodes: string[];
  /** Edges. */
  edges: EdgeInfo[];
  /** Targets of edges from `__start__`. */
  entry_points: string[];
  /** compile() calls. */
  compiled: CompiledInfo[];
  /** Nodes whose function calls `interrupt()`. */
  interrupt_nodes: string[];
  /** Nodes whose function has no try/except. */
  nodes_without_error_handling: string[];
  /** Module-level names bound to compiled graphs. */
  graph_variables: string[];
  /** Functions defined in the module: line, whether they handle errors, whether they interrupt. */
  functions: Record<string, { line: number; has_try: boolean; calls_interrupt: boolean }>;
}

/** Result of runner op `inspect`: the compiled graph's real structure. */
export interface GraphInspection {
  /** Variable the graph was read from. */
  variable: string;
  /** How it was defined. */
  kind: 'compiled' | 'state_graph' | 'factory';
  /** Node ids (without `__start__` / `__end__`). */
  nodes: string[];
  /** Edges from `get_graph()`. */
  edges: Array<{ source: string; target: string; conditional: boolean }>;
  /** Nodes the graph interrupts before. */
  interrupt_before: string[];
  /** Nodes the graph interrupts after. */
  interrupt_after: string[];
  /** Installed LangGraph version. */
  langgraph_version: string;
}

/** A recorded chat-model response for simulated runs. */
export type RecordedResponse =
  | string
  | {
      content: string;
      tool_calls?: Array<{ name: string; args: Record<string, unknown>; id?: string }>;
      usage?: { input_tokens: number; output_tokens: number };
    };

/** Checkpointer used by an invocation. */
export type CheckpointerSpec = { type: 'memory' } | { type: 'none' } | { type: 'sqlite'; path: string };

/** Parameters of runner op `invoke`. */
export interface InvokeParams {
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
  /** Replace chat models with fakes fed these responses. */
  fake_models?: { responses: RecordedResponse[] } | null;
  /** LangGraph recursion limit. */
  recursion_limit?: number;
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
export interface RunnerOps {
  /** Liveness and versions. */
  ping: { params: Record<string, never>; result: { python: string; executable: string; langgraph: string | null; pid: number } };
  /** Static analysis (stdlib only). */
  analyze: { params: { files: string[] }; result: { files: FileAnalysis[] } };
  /** Load and compile a graph, read its structure. */
  inspect: { params: { ref: string }; result: GraphInspection };
  /** Run a graph. */
  invoke: { params: InvokeParams; result: InvokeResult };
  /** Check installed versions against requirement lines. */
  check_requirements: { params: { requirements: string[] }; result: RequirementsCheck };
  /** Installed distributions. */
  list_packages: { params: Record<string, never>; result: InstalledPackage[] };
}

/** A runner operation name. */
export type RunnerOp = keyof RunnerOps;
