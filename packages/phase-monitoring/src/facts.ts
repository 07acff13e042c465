import { defineFact, factKey } from '@exec-automator/core';
import type { TestCaseResult } from '@exec-automator/core/testing';
import type { VALIDATE_FACTS } from '@exec-automator/phase-validate';
import type { HealthReport } from './health-report-types.js';

/** What the monitoring phase wrote. */
export interface MonitoringSetup {
  /** Files written. */
  files: string[];
  /** Alert rule names. */
  alerts: string[];
  /** The health-check script. */
  healthCheckScript: string;
}

/** The facts the monitoring and health phases publish. */
export const MONITORING_FACTS = {
  /** Monitoring files (monitoring). */
  monitoring: defineFact<MonitoringSetup, 'monitoring'>('monitoring'),
  /** Health report (health). */
  health: defineFact<HealthReport, 'health'>('health'),
  /** Smoke test results (health). */
  smokeTests: defineFact<TestCaseResult[], 'smokeTests'>('smokeTests'),
} as const;

/** The facts this package's phases publish and read. */
export const Facts = {
  ...MONITORING_FACTS,
  analysis: factKey<typeof VALIDATE_FACTS.analysis>('analysis'),
  agentConfigs: factKey<typeof VALIDATE_FACTS.agentConfigs>('agentConfigs'),
} as const;
