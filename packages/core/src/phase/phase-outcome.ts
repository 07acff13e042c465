import type { SerializedDeployError } from '../errors/deploy-error.js';
import type { PhaseKind } from './phase-rules.js';

/** What kind of change a planned action makes. */
export type PlannedActionKind =
  | 'create-dir'
  | 'write-file'
  | 'copy-file'
  | 'symlink'
  | 'create-venv'
  | 'install'
  | 'run'
  | 'check'
  | 'notify';

/** One thing a phase would do, as listed by its `plan()` in a dry-run. */
export interface PlannedAction {
  /** The kind of change. */
  kind: PlannedActionKind;
  /** Human-readable description ("Create .env with non-secret settings"). */
  description: string;
  /** The absolute path it would create or change, when it writes. */
  target?: string;
  /** Estimated bytes written, when known. */
  bytes?: number;
}

/** The deployment modes of the seed command. */
export interface DeployMode {
  /** Validation runs; every other phase only plans; nothing is written under the root. */
  readonly dryRun: boolean;
  /** Validation only, then stop. */
  readonly validateOnly: boolean;
  /** Skip pre-deployment tests (production only with `force`). */
  readonly skipTests: boolean;
  /** Allow what is refused by default (skipping tests in production). */
  readonly force: boolean;
  /** Run every check fresh: reuse no cached result. Default false. */
  readonly noCache?: boolean;
}

/** What happened to one phase. */
export interface PhaseOutcome {
  /** Phase name. */
  name: string;
  /** Phase title. */
  title: string;
  /** Phase kind. */
  kind: PhaseKind;
  /** Whether its failure stops the deployment. */
  critical: boolean;
  /** `planned` in a dry-run; `skipped` when the mode excludes it or an earlier phase failed. */
  status: 'succeeded' | 'failed' | 'skipped' | 'planned';
  /** Wall time in milliseconds (0 when skipped). */
  durationMs: number;
  /** One-line summary, or why it was skipped. */
  summary: string;
  /** The phase's error when it failed. */
  error?: SerializedDeployError;
  /** Actions it would take (dry-run). */
  plan?: PlannedAction[];
  /** Non-fatal findings. */
  warnings?: string[];
  /** Files written. */
  files?: string[];
  /** Reports the phase wrote (listed in the result's `reports`). */
  reports?: string[];
  /** The Markdown report a report phase rendered (the result's `reportMarkdown`). */
  markdown?: string;
  /** Structured data from the phase. */
  data?: Record<string, unknown>;
  /** True when its `undo` ran after a later failure. */
  undone?: boolean;
}
