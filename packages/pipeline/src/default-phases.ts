import type { Phase } from '@exec-automator/core';
import { dependenciesPhase, environmentPhase } from '@exec-automator/phase-environment';
import { healthPhase, monitoringPhase } from '@exec-automator/phase-monitoring';
import { releasePhase } from '@exec-automator/phase-release';
import { documentationPhase, reportPhase } from '@exec-automator/phase-rollback';
import { validatePhase } from '@exec-automator/phase-validate';

/**
 * The seed's seven phases in order, plus the final report: validate, environment,
 * dependencies, release, monitoring, health, documentation, report. Replace or insert phases
 * by editing the returned array.
 */
export function defaultPhases(): Phase[] {
  return [
    validatePhase(),
    environmentPhase(),
    dependenciesPhase(),
    releasePhase(),
    monitoringPhase(),
    healthPhase(),
    documentationPhase(),
    reportPhase(),
  ];
}
