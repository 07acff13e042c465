import { defineFact, ENVIRONMENT_SETUP, factKey } from '@exec-automator/core';
import type { InstalledPackage, Requirements, Venv } from '@exec-automator/core/python';
import type { VALIDATE_FACTS } from '@exec-automator/phase-validate';

/** The Python environment a release runs with. */
export interface PythonEnvironment {
  /** The venv. */
  venv: Venv;
  /** The requirements it was built from. */
  requirements: Requirements;
  /** Installed packages (`pip list --format=json`). */
  packages: InstalledPackage[];
}

/** The facts the environment and dependencies phases publish (besides core's `ENVIRONMENT_SETUP`). */
export const ENVIRONMENT_FACTS = {
  /** The release's Python environment (dependencies). */
  pythonEnvironment: defineFact<PythonEnvironment, 'pythonEnvironment'>('pythonEnvironment'),
} as const;

/** The facts this package's phases publish and read. */
export const Facts = {
  ...ENVIRONMENT_FACTS,
  environmentSetup: ENVIRONMENT_SETUP,
  analysis: factKey<typeof VALIDATE_FACTS.analysis>('analysis'),
  inspection: factKey<typeof VALIDATE_FACTS.inspection>('inspection'),
  dependencyPlan: factKey<typeof VALIDATE_FACTS.dependencyPlan>('dependencyPlan'),
  agentConfigs: factKey<typeof VALIDATE_FACTS.agentConfigs>('agentConfigs'),
} as const;
