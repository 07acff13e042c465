/** Status of a release: `pending` until verified, then `good`, or `bad` if its checks failed. */
export type ReleaseStatus = 'pending' | 'good' | 'bad';

/** One workflow inside a release; paths are relative to the release directory. */
export interface ReleasedWorkflow {
  /** Workflow name: the file stem (`workflow-resp_002-member-communication`) or the graph id, verbatim. */
  name: string;
  /** Workflow id of the seed's registry (`workflow_resp_002`), or the graph id verbatim. */
  workflowId: string;
  /** The graph id in the released `langgraph.json`, when the source declared one. */
  graphId?: string;
  /** Filesystem-safe form of the name (file names only). */
  slug?: string;
  /** `workflows/<path in the source>.py`. */
  file: string;
  /** LangGraph graph reference, `./workflows/<path>.py:graph`. */
  graph: string;
  /** `configs/agent-<key>-config.json`, when the workflow has an agent config. */
  agentConfig?: string;
  /** `tests/<name>.tests.json`, when the workflow has test cases. */
  tests?: string;
}

/**
 * What a release holds and whether it may be rolled back to: `release.json` (contents) merged
 * with `release-state.json` (`status`, `statusChangedAt`, `statusReason`, `activatedAt`).
 */
export interface ReleaseMeta {
  /** Release id (= the deployment id that built it). */
  id: string;
  /** Environment. */
  environment: string;
  /** Verification status. */
  status: ReleaseStatus;
  /** ISO creation time. */
  createdAt: string;
  /** ISO time it last became current. */
  activatedAt?: string;
  /** ISO time of the last status change. */
  statusChangedAt?: string;
  /** Why the status changed (e.g. the failing check). */
  statusReason?: string;
  /** The workflows in the release. */
  workflows: ReleasedWorkflow[];
  /** Hash of the venv the release runs with (`<env>/venvs/<hash>`). */
  venvHash?: string;
  /** Absolute source directory the release was built from. */
  source?: string;
  /** Names (never values) of the secrets its workflows need; a rollback gives them to its verification. */
  secretNames?: string[];
  /** How the released project is loaded: what goes on `sys.path`, which local packages the venv holds. */
  project?: ReleasedProject;
}

/** How a released LangGraph project is loaded (paths relative to the release directory). */
export interface ReleasedProject {
  /** True when the source was a LangGraph project (`langgraph.json`). */
  langgraph: boolean;
  /** Directories put on `sys.path` for every run, in order (`workflows`, module directories). */
  sysPath: string[];
  /** The working directory of runs (`workflows`, the project root). */
  cwd: string;
  /** Local packages installed into the venv (from a content-addressed copy of the released files). */
  localPackages: Array<{ relative: string; name?: string; sha256: string }>;
}
