import type { EnvironmentSettings } from '../config/config.js';
import type { DeployError } from '../errors/deploy-error.js';
import type { EnvironmentLayout } from '../environment/layout.js';
import type { Phase } from '../phase/phase.js';
import { PHASE_KIND_RULES } from '../phase/phase-rules.js';
import { ENVIRONMENT_SETUP } from '../phase/well-known-facts.js';
import type { PythonBridge } from '../python/python-bridge.js';
import type { ReleaseMeta } from '../release/release-meta.js';
import type { ReleaseStore } from '../release/release-store.js';
import type { Redactor } from '../secrets/redactor.js';
import type { SecretsBackend } from '../secrets/secrets-backend.js';
import type { Notifier } from '../plugins/notifier.js';
import type { Archiver } from '../plugins/archiver.js';
import { specsFromRelease } from '../source/release-source.js';
import { Operation, type Emit } from './operation.js';
import { SwitchJournal } from './switch-journal.js';
import { ensureReleaseVenv, releaseEnvironmentSetup } from './release-environment.js';
import type { PhaseOutcome } from './result.js';

/** Inputs of {@link restoreRelease}. */
export interface RestoreInput {
  /** The environment's releases. */
  store: ReleaseStore;
  /** The environment's paths. */
  layout: EnvironmentLayout;
  /** The release to make current. */
  target: ReleaseMeta;
  /** The release current before (rolled back from). */
  from: string | null;
  /** Why (events, history). */
  reason: string;
  /** Started by a failed check rather than by a person. */
  automatic: boolean;
  /** The pipeline; its verifying phases run again on the restored release. */
  phases: readonly Phase[];
  /** The rollback's (or the failed deployment's) id. */
  operationId: string;
  /** The environment's settings. */
  settings: EnvironmentSettings;
  /** Python bridge (venv rebuild, runner workers). */
  python: PythonBridge;
  /** Secrets for the verifying phases. */
  secrets: SecretsBackend;
  /** Notifiers for the verifying phases. */
  notifiers: readonly Notifier[];
  /** Archivers for the verifying phases. */
  archivers: readonly Archiver[];
  /** Masks secret values. */
  redactor: Redactor;
  /** Emits the operation's events. */
  emit: Emit;
  /** Cancellation. */
  signal: AbortSignal | undefined;
}

/** What {@link restoreRelease} did. */
export interface RestoreOutcome {
  /** Verifying phases passed on the restored release. */
  verified: boolean;
  /** Time of the switch alone (the rename of `current` and its bookkeeping), in milliseconds. */
  switchMs: number;
  /** Outcomes of the verifying phases. */
  outcomes: PhaseOutcome[];
  /** The first verification failure. */
  failure: DeployError | undefined;
  /** Hash of the venv rebuilt because the release's venv directory was gone. */
  venvRebuilt?: string;
}

/**
 * Makes `target` current and verifies it with the pipeline's verifying phases (those whose kind
 * reruns on rollback), run against the restored release's own files, `.env` settings and venv
 * (rebuilt first from its `requirements.lock` if the venv directory is gone). Checkpoints, logs
 * and metrics live outside the releases and are not touched. A restored release that passes is
 * marked good; one that fails is marked bad, so no later rollback picks it again. Used by manual
 * and automatic rollbacks alike.
 */
export async function restoreRelease(input: RestoreInput): Promise<RestoreOutcome> {
  const { store, layout, target, from, emit } = input;
  emit('rollback:start', { from, to: target.id, reason: input.reason, automatic: input.automatic });
  const started = performance.now();
  const venvRebuilt = await ensureReleaseVenv(layout, store, target, input.python, input.signal);
  // Write-ahead: the intent is durable before `current` moves; journaling the outcome clears it.
  await new SwitchJournal(layout).begin({
    operationId: input.operationId, operation: 'rollback', automatic: input.automatic, from, to: target.id, reason: input.reason,
  });
  const switchStarted = performance.now();
  await store.activate(target.id);
  const switchMs = Math.round((performance.now() - switchStarted) * 100) / 100;
  emit('release:switch', { from, to: target.id });
  const paths = layout.release(target.id);
  const verifying = input.phases.filter((p) => PHASE_KIND_RULES[p.kind].rerunOnRollback);
  // The release's contents do not change with a switch: no need to read its metadata again.
  const meta = venvRebuilt ? { ...target, venvHash: venvRebuilt } : target;
  const op = new Operation({
    operation: 'rollback',
    operationId: input.operationId,
    environment: layout.environment,
    settings: input.settings,
    mode: { dryRun: false, validateOnly: false, skipTests: false, force: false },
    sourceDir: paths.dir,
    // Only verifying phases read the workflows: without one, a rollback reads nothing per workflow.
    workflows: verifying.length > 0 ? specsFromRelease(paths.dir, meta) : [],
    layout,
    releases: store,
    python: input.python,
    secrets: input.secrets,
    notifiers: input.notifiers,
    archivers: input.archivers,
    redactor: input.redactor,
    signal: input.signal ?? new AbortController().signal,
    emit,
    release: { id: target.id, paths, previousId: from },
  });
  op.switched = true;
  const setup = await releaseEnvironmentSetup(layout, meta);
  if (setup) op.facts.set(ENVIRONMENT_SETUP, setup);
  for (const [index, phase] of verifying.entries()) {
    await op.run(phase, index + 1, verifying.length);
  }
  const verified = op.failure === undefined;
  if (verified && meta.status !== 'good') {
    await store.mark(target.id, 'good', 'verified after rollback');
    emit('release:mark', { release: target.id, status: 'good', reason: 'verified after rollback' });
  } else if (!verified && op.failure) {
    const reason = `failed verification after rollback: ${firstLine(op.failure.message)}`;
    await store.mark(target.id, 'bad', reason);
    emit('release:mark', { release: target.id, status: 'bad', reason });
  }
  emit('rollback:complete', { from, to: target.id, verified, durationMs: Math.round(performance.now() - started) });
  return { verified, switchMs, outcomes: op.outcomes, failure: op.failure, ...(venvRebuilt ? { venvRebuilt } : {}) };
}

/** The first line of a (possibly multi-line) message. */
export function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
