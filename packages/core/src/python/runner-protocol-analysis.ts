/**
 * Wire types of the runner's `analyze` and `inspect` operations: what static analysis finds in a
 * workflow file and what loading and compiling its graph shows. Field names are the runner's
 * (snake_case): these are its JSON formats.
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
  /**
   * What declared it: the builder method (`add_edge`, `add_conditional_edges`, `add_sequence`,
   * `set_entry_point`, ...), `destinations` (of `add_node`) or `command` (a node returning
   * `Command(goto=...)`).
   */
  via?: string;
  /**
   * True when LangGraph's `compile()` validates this target (add_edge, add_sequence, a path map, a
   * `Literal` hint); false for targets read from a router's `return`, `Command(goto=…)` or `Send`.
   */
  compile_checked?: boolean;
}

/** A node found by reachability analysis (unreachable, or unable to reach END). */
export interface NodeFinding {
  /** Node name. */
  name: string;
  /** Line of its `add_node` call. */
  line: number;
  /** Variable of the graph. */
  graph_variable: string | null;
}

/** A name the module uses but never imports or defines. */
export interface UndefinedName {
  /** The name. */
  name: string;
  /** Line of its first use. */
  line: number;
  /** Column of its first use (1-based). */
  column: number;
  /** The import that provides it, for names LangGraph workflows commonly use. */
  suggestion: string | null;
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
  /** Names used but never imported or defined ("missing import"). */
  undefined_names: UndefinedName[];
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
  /** Nodes no path from the entry point reaches (only when the graph is statically known). */
  unreachable_nodes: NodeFinding[];
  /** Nodes that can never reach END and do not stop for a human (where the trap closes). */
  dead_end_nodes: NodeFinding[];
  /** Module-level names bound to compiled graphs. */
  graph_variables: string[];
  /** Functions defined in the module: line, whether they handle errors, whether they interrupt. */
  functions: Record<string, { line: number; has_try: boolean; calls_interrupt: boolean }>;
  /** Local modules imported (found under the import roots or beside the file), with their path. */
  local_imports?: Array<{ module: string; file: string | null }>;
  /** Functions and tools defined in the file or in any local module it imports (transitively). */
  project_functions?: Record<string, { file: string; line: number }>;
  /** False when some tool names cannot be read statically (toolkits, `get_tools()`, unparsable modules). */
  project_functions_complete?: boolean;
  /** Why static reading is unsure about parts of the graph (`loop`, `factory`, `prebuilt`, …). */
  static_unknowns?: Array<{ reason: string; line: number; graph_variable: string | null }>;
  /**
   * False when static reading cannot know the graph (prebuilt agents, the functional API,
   * subgraphs, nodes added in loops or with computed names, factories): structure is then left to
   * the dynamic check.
   */
  static_complete?: boolean;
  /** Graphs made by prebuilt constructors or the functional API. */
  prebuilt_graphs?: Array<{ variable: string | null; kind: string; line: number }>;
}

/** A chat model a graph uses, as loading it shows (no LLM is called). */
export interface InspectedModel {
  /** Model name (`claude-sonnet-4-5`). */
  name: string;
  /** Provider, when known (`anthropic`). */
  provider: string | null;
  /** How it was seen: `init_chat_model("provider:model")`, a model class, or a context default. */
  via: 'init_chat_model' | 'class' | 'context_default';
}

/** A field of a graph's input or context schema. */
export interface SchemaField {
  /** Field name. */
  name: string;
  /** True when it has no default. */
  required: boolean;
  /** Its default, when it has one and it is JSON-safe. */
  default?: unknown;
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
  /** True when the graph needs the async path (`async def` nodes). */
  is_async?: boolean;
  /** The graph's `context_schema` (`Runtime[Context]`). */
  context_schema?: { name: string; kind: 'dataclass' | 'pydantic' | 'typeddict' | 'other'; fields: SchemaField[] } | null;
  /** The graph's input schema. */
  input_schema?: { name: string; fields: SchemaField[] } | null;
  /** True when the graph can be run with an empty input (every input field optional). */
  accepts_empty_input?: boolean;
  /** Chat models seen while loading the graph. */
  models?: InspectedModel[];
  /** Names of the tools bound in the compiled graph (ToolNode). */
  tools?: string[];
}
