import type { SerializedDeployError } from '../errors/deploy-error.js';
import type { PlannedAction } from '../phase/phase.js';
import type { DeploymentResult } from '../deployer/result.js';

/** Fields every event carries. */
export interface EventBase {
  /** Strictly increasing per Deployer instance, starting at 1. */
  sequence: number;
  /** ISO 8601 time of emission. */
  timestamp: string;
  /** The deployment or rollback the event belongs to. */
  operationId: string;
  /** The environment the operation targets. */
  environment: string;
}

/** The payload of each event type, keyed by `type`. */
export interface DeployerEventPayloads {
  /** A deployment started. */
  'deployment:start': {
    workflows: string[];
    mode: { dryRun: boolean; validateOnly: boolean; skipTests: boolean; force: boolean };
  };
  /** A phase started. */
  'phase:start': { phase: string; title: string; index: number; total: number };
  /** A phase reports progress on long work. */
  'phase:progress': { phase: string; message: string; current?: number; total?: number };
  /** A phase wrote a log line (already redacted). */
  'phase:log': { phase: string; level: 'debug' | 'info' | 'warn' | 'error'; message: string };
  /** A phase did not run in this mode. */
  'phase:skip': { phase: string; title: string; reason: string };
  /** A phase described what it would do (dry-run). */
  'phase:plan': { phase: string; title: string; actions: PlannedAction[] };
  /** A phase finished. */
  'phase:complete': { phase: string; title: string; durationMs: number; summary: string };
  /** A phase failed; `critical` says whether the deployment stops. */
  'phase:fail': { phase: string; title: string; durationMs: number; critical: boolean; error: SerializedDeployError };
  /** A completed phase's compensation ran after a later failure. */
  'phase:undo': { phase: string; title: string; ok: boolean; message?: string };
  /**
   * A Python installer ran: a venv was built (never emitted for a reused venv). Count these
   * to see whether a deployment installed anything.
   */
  'python:install': { venv: string; hash: string; installer: 'uv' | 'pip'; exact: boolean; durationMs: number };
  /** A Python runner process started (Python and LangGraph are imported once per process). */
  'python:start': { python: string; pid: number | null };
  /** `current` now points at another release. */
  'release:switch': { from: string | null; to: string };
  /** A release was marked good or bad. */
  'release:mark': { release: string; status: 'good' | 'bad'; reason?: string };
  /** A rollback started (manual or automatic). */
  'rollback:start': { from: string | null; to: string; reason: string; automatic: boolean };
  /** A rollback finished. */
  'rollback:complete': { from: string | null; to: string; verified: boolean; durationMs: number };
  /**
   * The operation found what an operation killed before it left behind (an unfinished switch,
   * partial releases) and completed or corrected the history and release state.
   */
  'journal:reconciled': {
    interruptedOperation: string | null;
    switched: boolean | null;
    recorded: string[];
    discarded: string[];
    actions: string[];
  };
  /** The deployment finished; `result` is what `deploy()` returns. */
  'deployment:complete': { result: DeploymentResult };
}

/** Every event type name. */
export type DeployerEventType = keyof DeployerEventPayloads;

// A record over every key: adding an event type without listing it here does not compile.
const EVENT_TYPES: Record<DeployerEventType, true> = {
  'deployment:start': true,
  'phase:start': true,
  'phase:progress': true,
  'phase:log': true,
  'phase:skip': true,
  'phase:plan': true,
  'phase:complete': true,
  'phase:fail': true,
  'phase:undo': true,
  'python:install': true,
  'python:start': true,
  'release:switch': true,
  'release:mark': true,
  'rollback:start': true,
  'rollback:complete': true,
  'journal:reconciled': true,
  'deployment:complete': true,
};

/** Every event type, in the order of {@link DeployerEventPayloads} (what `docs/events.md` documents). */
export const DEPLOYER_EVENT_TYPES: readonly DeployerEventType[] = Object.freeze(Object.keys(EVENT_TYPES) as DeployerEventType[]);

/** One event: a discriminated union on `type`. */
export type DeployerEvent = {
  [K in DeployerEventType]: EventBase & { type: K } & DeployerEventPayloads[K];
}[DeployerEventType];

/** The event of a given type. */
export type DeployerEventOf<K extends DeployerEventType> = Extract<DeployerEvent, { type: K }>;

/**
 * The Deployer's event map for eventemitter3: one listener signature per `type`, plus `event`
 * for every event in order.
 */
export type DeployerEvents = {
  [K in DeployerEventType]: (event: DeployerEventOf<K>) => void;
} & {
  event: (event: DeployerEvent) => void;
};
