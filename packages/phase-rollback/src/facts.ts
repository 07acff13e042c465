import { ENVIRONMENT_SETUP, factKey } from '@exec-automator/core';
import type { ENVIRONMENT_FACTS } from '@exec-automator/phase-environment';
import type { MONITORING_FACTS } from '@exec-automator/phase-monitoring';
import type { VALIDATE_FACTS } from '@exec-automator/phase-validate';

/** The facts of other phases that the report, documentation and archive phases read. */
export const Facts = {
  environmentSetup: ENVIRONMENT_SETUP,
  agentConfigs: factKey<typeof VALIDATE_FACTS.agentConfigs>('agentConfigs'),
  graphVariables: factKey<typeof VALIDATE_FACTS.graphVariables>('graphVariables'),
  tests: factKey<typeof VALIDATE_FACTS.tests>('tests'),
  validation: factKey<typeof VALIDATE_FACTS.validation>('validation'),
  pythonEnvironment: factKey<typeof ENVIRONMENT_FACTS.pythonEnvironment>('pythonEnvironment'),
  monitoring: factKey<typeof MONITORING_FACTS.monitoring>('monitoring'),
  health: factKey<typeof MONITORING_FACTS.health>('health'),
  smokeTests: factKey<typeof MONITORING_FACTS.smokeTests>('smokeTests'),
} as const;
