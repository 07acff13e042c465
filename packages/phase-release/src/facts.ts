import { factKey } from '@exec-automator/core';
import type { ENVIRONMENT_FACTS } from '@exec-automator/phase-environment';
import type { VALIDATE_FACTS } from '@exec-automator/phase-validate';

/** The facts of other phases that the release phase reads. */
export const Facts = {
  analysis: factKey<typeof VALIDATE_FACTS.analysis>('analysis'),
  agentConfigs: factKey<typeof VALIDATE_FACTS.agentConfigs>('agentConfigs'),
  dependencyPlan: factKey<typeof VALIDATE_FACTS.dependencyPlan>('dependencyPlan'),
  graphVariables: factKey<typeof VALIDATE_FACTS.graphVariables>('graphVariables'),
  tests: factKey<typeof VALIDATE_FACTS.tests>('tests'),
  validation: factKey<typeof VALIDATE_FACTS.validation>('validation'),
  pythonEnvironment: factKey<typeof ENVIRONMENT_FACTS.pythonEnvironment>('pythonEnvironment'),
} as const;
