import { deployError } from '../errors/deploy-error.js';
import type { Phase } from '../phase/phase.js';
import { PHASE_KIND_RULES } from '../phase/phase-rules.js';

/**
 * Checks a pipeline before it is used, with messages that name the bad phase and value.
 * Throws `INVALID_ARGUMENT`.
 */
export function validatePhases(phases: readonly Phase[]): readonly Phase[] {
  if (!Array.isArray(phases) || phases.length === 0) {
    throw deployError('INVALID_ARGUMENT', `Expected \`phases\` to be a non-empty array of phases, got ${Array.isArray(phases) ? 'an empty array' : typeof phases}.`);
  }
  const names = new Set<string>();
  phases.forEach((phase, index) => {
    const where = `phases[${index}]`;
    if (phase === null || typeof phase !== 'object') throw deployError('INVALID_ARGUMENT', `Expected ${where} to be a phase object, got ${String(phase)}.`);
    if (typeof phase.name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(phase.name)) {
      throw deployError('INVALID_ARGUMENT', `Expected ${where}.name to be a kebab-case string, got ${JSON.stringify(phase.name)}.`);
    }
    if (names.has(phase.name)) throw deployError('INVALID_ARGUMENT', `Phase name "${phase.name}" is used twice; names must be unique.`);
    names.add(phase.name);
    if (typeof phase.title !== 'string' || phase.title === '') {
      throw deployError('INVALID_ARGUMENT', `Expected ${where}.title (${phase.name}) to be a non-empty string.`);
    }
    if (!(phase.kind in PHASE_KIND_RULES)) {
      throw deployError('INVALID_ARGUMENT', `Expected ${where}.kind (${phase.name}) to be one of ${Object.keys(PHASE_KIND_RULES).join(', ')}, got ${JSON.stringify(phase.kind)}.`);
    }
    if (typeof phase.run !== 'function') throw deployError('INVALID_ARGUMENT', `Expected ${where}.run (${phase.name}) to be a function.`);
  });
  return Object.freeze([...phases]);
}
