/** A workflow found in a source directory (or in a release, for rollbacks). */
export interface WorkflowSpec {
  /** The file stem, e.g. `workflow-resp_002-member-communication`: the name users type. */
  readonly name: string;
  /** The responsibility key, e.g. `resp_002`: links the workflow to `agent-resp_002-config.json`. */
  readonly key: string;
  /** The seed's workflow id, e.g. `workflow_resp_002`. */
  readonly workflowId: string;
  /** `workflow-resp_002-member-communication.py`. */
  readonly fileName: string;
  /** Absolute path of the workflow file. */
  readonly file: string;
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

/** The test cases file name for a workflow (`<name>.tests.json`). */
export function testsFileName(name: string): string {
  return `${name}.tests.json`;
}
