/** A workflow found in a source directory (or in a release, for rollbacks). */
export interface WorkflowSpec {
  /**
   * The name users type: the file stem of a seed workflow (`workflow-resp_002-member-communication`),
   * or the graph id of a `langgraph.json` graph, verbatim (`Deep Researcher`).
   */
  readonly name: string;
  /**
   * The responsibility key, e.g. `resp_002`: links the workflow to `agent-resp_002-config.json`.
   * For a graph id, the id with every character outside `[A-Za-z0-9_]` replaced by `_`.
   */
  readonly key: string;
  /** The seed's workflow id (`workflow_resp_002`), or the graph id verbatim. */
  readonly workflowId: string;
  /** A filesystem-safe form of {@link WorkflowSpec.name}, for file names only (`Deep-Researcher`). */
  readonly slug: string;
  /** `workflow-resp_002-member-communication.py`. */
  readonly fileName: string;
  /** Absolute path of the workflow file. */
  readonly file: string;
  /**
   * The workflow file relative to the source root, posix separators (`src/agent/graph.py`); a
   * release keeps this layout under `workflows/`.
   */
  readonly relativePath: string;
  /** Absolute path of its agent config, when one exists. */
  readonly agentConfigFile: string | undefined;
  /** Absolute path of its test cases, when they exist. */
  readonly testsFile: string | undefined;
  /** The graph variable, when known before analysis (from `langgraph.json` or a release). */
  readonly graphVariable: string | undefined;
  /** Set when the workflow comes from a `graphs` entry of `langgraph.json`. */
  readonly langgraphGraph?: {
    /** Absolute path of `langgraph.json`. */
    readonly config: string;
    /** The graph id (its key under `graphs`). */
    readonly id: string;
  };
}

const WORKFLOW_FILE = /^workflow-([A-Za-z0-9_]+)(?:-[A-Za-z0-9_.-]+)?\.py$/;

/**
 * The parts of a workflow file name: `workflow-<key>[-<slug>].py`. Returns null when the name
 * does not follow the pattern.
 */
export function parseWorkflowFileName(fileName: string): { name: string; key: string; workflowId: string } | null {
  const match = WORKFLOW_FILE.exec(fileName);
  if (!match) return null;
  const key = match[1] as string;
  return { name: fileName.slice(0, -3), key, workflowId: `workflow_${key}` };
}

/** The agent config file name for a workflow key (`agent-resp_002-config.json`). */
export function agentConfigFileName(key: string): string {
  return `agent-${key}-config.json`;
}

/** The test cases file name for a workflow (`<slug>.tests.json`). */
export function testsFileName(slug: string): string {
  return `${slug}.tests.json`;
}

/** A filesystem-safe form of a name (graph ids may hold spaces): for file names only. */
export function slugOf(name: string): string {
  const slug = name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[.-]+/, '');
  return slug || 'workflow';
}

/** The key of a graph id (`Deep Researcher` → `Deep_Researcher`): agent config names use it. */
export function keyOf(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Where a workflow file lands in a release: `workflows/<relativePath>`. */
export function releasedWorkflowFile(spec: Pick<WorkflowSpec, 'relativePath'>): string {
  return `workflows/${spec.relativePath}`;
}
