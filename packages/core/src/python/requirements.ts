/**
 * The seed's base requirements (phase 3), plus the SQLite checkpointer that backs the default
 * checkpoint storage.
 */
export const BASE_REQUIREMENTS: readonly string[] = [
  'langgraph>=0.2.0',
  'langchain>=0.3.0',
  'langchain-anthropic>=0.2.0',
  'langchain-openai>=0.2.0',
  'langchain-core>=0.3.0',
  'langgraph-checkpoint-sqlite>=2.0.0',
  'mcp>=1.0.0',
  'python-dotenv>=1.0.0',
  'pydantic>=2.0.0',
  'typing-extensions>=4.0.0',
  'python-json-logger>=2.0.0',
  'prometheus-client>=0.19.0',
  'pytest>=7.0.0',
  'pytest-asyncio>=0.21.0',
];

/**
 * The short, curated table of well-known import names and the distributions that provide them,
 * used only for the seed's flat-file format (a workflow file with no declared dependencies). A
 * distribution is never guessed from an import name: anything outside this table must be
 * declared (`additionalDependencies`, or a LangGraph project's own dependency files), because a
 * guessed name can be an unrelated package of another author on PyPI.
 */
export const WELL_KNOWN_DISTRIBUTIONS: Readonly<Record<string, string>> = {
  langgraph: 'langgraph',
  langgraph_sdk: 'langgraph-sdk',
  langgraph_supervisor: 'langgraph-supervisor',
  langgraph_swarm: 'langgraph-swarm',
  langchain: 'langchain',
  langchain_core: 'langchain-core',
  langchain_community: 'langchain-community',
  langchain_anthropic: 'langchain-anthropic',
  langchain_openai: 'langchain-openai',
  langchain_google_genai: 'langchain-google-genai',
  langchain_google_vertexai: 'langchain-google-vertexai',
  langchain_mistralai: 'langchain-mistralai',
  langchain_groq: 'langchain-groq',
  langchain_fireworks: 'langchain-fireworks',
  langchain_aws: 'langchain-aws',
  langchain_ollama: 'langchain-ollama',
  langchain_tavily: 'langchain-tavily',
  langchain_text_splitters: 'langchain-text-splitters',
  langchain_mcp_adapters: 'langchain-mcp-adapters',
  langsmith: 'langsmith',
  anthropic: 'anthropic',
  openai: 'openai',
  tiktoken: 'tiktoken',
  pydantic: 'pydantic',
  typing_extensions: 'typing-extensions',
  dotenv: 'python-dotenv',
  pythonjsonlogger: 'python-json-logger',
  prometheus_client: 'prometheus-client',
  mcp: 'mcp',
  httpx: 'httpx',
  requests: 'requests',
  tenacity: 'tenacity',
  yaml: 'PyYAML',
};

/** Modules that come with the packages above and need no requirement line of their own. */
const PROVIDED_BY_BASE = new Set([
  'langgraph',
  'langchain',
  'langchain_core',
  'langchain_anthropic',
  'langchain_openai',
  'langchain_text_splitters',
  'langsmith',
  'anthropic',
  'openai',
  'pydantic',
  'pydantic_core',
  'typing_extensions',
  'mcp',
  'dotenv',
  'pythonjsonlogger',
  'prometheus_client',
  'pytest',
  'pytest_asyncio',
  'httpx',
  'tenacity',
  'jsonpatch',
  'yaml',
  'packaging',
  'requests',
]);

/** The distribution of the curated table that provides import name `module`, if it is listed. */
export function distributionFor(module: string): string | undefined {
  return WELL_KNOWN_DISTRIBUTIONS[module];
}

/** The normalized project name of a requirement line (`Foo_Bar>=1` → `foo-bar`). */
export function requirementName(line: string): string {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
  return (match?.[1] ?? line).toLowerCase().replace(/[._]+/g, '-');
}

/** Input of {@link buildRequirements}. */
export interface RequirementsInput {
  /**
   * Seed flat format only: third-party top-level modules the workflows import. Those in the
   * curated table ({@link WELL_KNOWN_DISTRIBUTIONS}) get a requirement line; the rest must be
   * declared (they are reported by validation, never guessed).
   */
  imports?: Iterable<string>;
  /** Extra requirement lines (configuration's `additionalDependencies`). */
  additional?: Iterable<string>;
  /** What the environment's checkpoint store needs (Postgres/Redis savers, pycryptodome for encryption). */
  storage?: Iterable<string>;
  /** A LangGraph project's own requirement strings (langgraph.json, requirements.txt, pyproject.toml). */
  declared?: Iterable<string>;
  /** The project's local packages as requirement lines (`name @ file:///…`, see `stageLocalPackage`). */
  localPackages?: Iterable<string>;
  /** Base requirement lines left out because they contradict the project's own pins. */
  omitBase?: Iterable<string>;
}

/** The requirements of a deployment, as lines and as `requirements.txt` text. */
export interface Requirements {
  /** Requirement lines: base, storage, curated imports, project declarations, local packages, additional. */
  lines: string[];
  /** Which import needed which extra requirement (curated table). */
  fromImports: Record<string, string>;
  /** The `requirements.txt` content. */
  text: string;
}

/**
 * Builds the requirements: the seed's base list (minus lines that contradict the project's
 * pins), the checkpoint store's packages, curated distributions for the flat format's imports
 * that the base does not provide, the project's declared requirements and local packages, and
 * `additional` (an import already named there gets no line of its own; a base project named
 * there is constrained by both lines, as pip combines them).
 */
export function buildRequirements(input: RequirementsInput): Requirements {
  const omit = new Set(input.omitBase ?? []);
  const base = BASE_REQUIREMENTS.filter((line) => !omit.has(line));
  const additional = [...(input.additional ?? [])];
  const storage = [...(input.storage ?? [])];
  const declared = [...new Set(input.declared ?? [])];
  const local = [...(input.localPackages ?? [])];
  const taken = new Set([...base, ...storage, ...additional, ...declared].map(requirementName));
  const fromImports: Record<string, string> = {};
  for (const module of [...new Set(input.imports ?? [])].sort()) {
    if (PROVIDED_BY_BASE.has(module)) continue;
    const dist = distributionFor(module);
    if (!dist || taken.has(requirementName(dist))) continue;
    taken.add(requirementName(dist));
    fromImports[module] = dist;
  }
  const importLines = Object.values(fromImports);
  const lines = [...base, ...storage, ...importLines, ...declared, ...local, ...additional];
  const text = [
    '# Generated by exec-automator: the base list, the project\'s declared dependencies and additional dependencies.',
    '# LangGraph core, checkpointing, MCP, utilities, monitoring, testing',
    ...base,
    ...(omit.size ? [`# left out (they contradict the project's pins): ${[...omit].join(', ')}`] : []),
    ...(storage.length ? ['', '# Checkpoint storage', ...storage] : []),
    ...(importLines.length ? ['', '# Imported by the workflows (well-known distributions)', ...importLines] : []),
    ...(declared.length ? ['', '# Declared by the project', ...declared] : []),
    ...(local.length ? ['', '# Local packages of the project (content-addressed copies, never editable)', ...local] : []),
    ...(additional.length ? ['', '# Workflow-specific dependencies (additionalDependencies)', ...additional] : []),
    '',
  ].join('\n');
  return { lines, fromImports, text };
}
