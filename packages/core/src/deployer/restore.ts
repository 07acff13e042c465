import type { EnvironmentSettings } from '../config/config.js';
import type { DeployError } from '../errors/deploy-error.js';
import type { EnvironmentLayout } from '../environment/layout.js';
import type { Phase } from '../phase/phase.js';
import { PHASE_KIND_RULES } from '../phase/phase-rules.js';
import type { PythonBridge } from '../python/python-bridge.js';
import type { ReleaseMeta } from '../release/release-meta.js';
import type { ReleaseStore } from '../release/release-store.js';
import type { Redactor } from '../secrets/redactor.js';
import type { SecretsBackend } from '../secrets/secrets-backend.js';
import type { Notifier } from '../plugins/notifier.js';
import type { Archiver } from '../plugins/archiver.js';
import { specsFromRelease } from '../source/release-source.js';
import { Operation, type Emit } from './operation.js';
import type { PhaseOutcome } from './result.js';

/** Inputs of {@link restoreRelease}. */
export interface RestoreInput {
  store: ReleaseStore;
  layout: EnvironmentLayout;
  target: ReleaseMeta;
  from: string | null;
  reason: string;
  automatic: boolean;
  phases: readonly Phase[];
  operationId: string;
  settings: EnvironmentSettings;
  python: PythonBridge;
  secrets: SecretsBackend;
  notifiers: readonly Notifier[];
  archivers: readonly Archiver[];
  redactor: Redactor;
  emit: Emit;
  signal: AbortSignal | undefined;
}

/** What {@link restoreRelease} did. */
export interface RestoreOutcome {
  /** Verifying phases passed on the restored release. */
  verified: boolean;
  /** Time of the switch alone. */
  switchMs: number;
  /** Outcomes of the verifying phases. */
  outcomes: PhaseOutcome[];
  /** The first verification failure. */
  failure: DeployError | undefined;
}

/**
 * Makes `target` current and verifies it with the pipeline's verifying phases (those whose kind
 * reruns on rollback), run against the restored release's own files and venv. Used by manual
 * and automatic rollbacks alike.
 */
export async function restoreRelease(input: RestoreInput): Promise<RestoreOutcome> {
  const { store, layout, target, from, emit } = input;
  emit('rollback:start', { from, to: target.id, reason: input.reason, automatic: input.automatic });
  const started = performance.now();
  await store.activate(target.id);
  const switchMs = Math.round((performance.now() - started) * 100) / 100;
  emit('release:switch', { from, to: target.id });
  const paths = layout.release(target.id);
  const op = new Operation({
    operation: 'rollback',
    operationId: input.operationId,
    environment: layout.environment,
    settings: input.settings,
    mode: { dryRun: false, validateOnly: false, skipTests: false, force: false },
    sourceDir: paths.dir,
    workflows: specsFromRelease(paths.dir, target),
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
  const verifying = input.phases.filter((p) => PHASE_KIND_RULES[p.kind].rerunOnRollback);
  for (const [index, phase] of verifying.entries()) {
    await op.run(phase, index + 1, verifying.length);
  }
  const verified = op.failure === undefined;
  if (verified && target.status !== 'good') {
    await store.mark(target.id, 'good', 'verified after rollback');
    emit('release:mark', { release: target.id, status: 'good', reason: 'verified after rollback' });
  }
  emit('rollback:complete', { from, to: target.id, verified, durationMs: Math.round(performance.now() - started) });
  return { verified, switchMs, outcomes: op.outcomes, failure: op.failure };
}
