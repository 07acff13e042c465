import type { FileAnalysis, GraphInspection, InstalledPackage } from '../python/runner-protocol.js';
import type { Requirements } from '../python/requirements.js';
import type { Venv } from '../python/venv-manager.js';
import type { HealthReport, ValidationReport } from '../reports/report-types.js';
import type { TestCaseResult } from '../testing/test-runner.js';
import type { AgentConfig } from '../schemas/agent-config.js';
import type { StagedPackage } from '../source/local-packages.js';
import type { SourceProject } from '../source/project.js';
import { defineFact } from './facts.js';

/** What the environment phase set up. */
export interface EnvironmentSetup {
  /** The `.env` file (non-secret settings only). */
  envFile: string;
  /** Variables in `.env`. */
  variables: Record<string, string>;
  /** checkpoint-config.json. */
  checkpointConfigFile: string;
  /** logging-config.json. */
  loggingConfigFile: string;
  /** Where checkpoints are stored. */
  checkpointPath: string;
  /** Names of the secrets the workflows need (values live only in the secrets backend). */
  secretNames: string[];
}

/** The Python environment a release runs with. */
export interface PythonEnvironment {
  /** The venv. */
  venv: Venv;
  /** The requirements it was built from. */
  requirements: Requirements;
  /** Installed packages (`pip list --format=json`). */
  packages: InstalledPackage[];
}

/**
 * How the deployment's Python dependencies are made up (validate), so the dependencies phase
 * installs exactly what validation checked.
 */
export interface DependencyPlan {
  /** The source as read: declarations, local packages, import roots. */
  project: SourceProject;
  /** The project's requirement strings (langgraph.json, requirements.txt, pyproject.toml). */
  declared: string[];
  /** Exact pins (uv.lock, `-c` files) applied as constraints. */
  constraints: string[];
  /** Local packages, staged for the installer. */
  localPackages: StagedPackage[];
  /** Base requirement lines left out because they contradict the project's pins. */
  omitBase: string[];
  /** Seed flat format: the third-party imports (curated distributions are added for them). */
  imports: string[];
  /** The requirements text validation locked (storage packages included). */
  requirementsText?: string;
  /** The lock validation resolved and built its venv from: the release gets the same venv. */
  lock?: string;
}

/** What the monitoring phase wrote. */
export interface MonitoringSetup {
  /** Files written. */
  files: string[];
  /** Alert rule names. */
  alerts: string[];
  /** The health-check script. */
  healthCheckScript: string;
}

/**
 * Facts that core's phases publish and read. A replacement phase publishes the same facts so
 * the others keep working.
 */
export const Facts = {
  /** Static analysis per workflow name (validate). */
  analysis: defineFact<ReadonlyMap<string, FileAnalysis>>('analysis'),
  /** Compiled graph structure per workflow name (validate, when run). */
  inspection: defineFact<ReadonlyMap<string, GraphInspection>>('inspection'),
  /** How the Python dependencies are made up (validate). */
  dependencyPlan: defineFact<DependencyPlan>('dependencyPlan'),
  /** Parsed agent configs per workflow name (validate). */
  agentConfigs: defineFact<ReadonlyMap<string, AgentConfig>>('agentConfigs'),
  /** The graph variable per workflow name (validate). */
  graphVariables: defineFact<ReadonlyMap<string, string>>('graphVariables'),
  /** The validation report (validate). */
  validation: defineFact<ValidationReport>('validation'),
  /** Pre-deployment test results (validate). */
  tests: defineFact<TestCaseResult[]>('tests'),
  /** Environment setup (environment). */
  environmentSetup: defineFact<EnvironmentSetup>('environmentSetup'),
  /** The release's Python environment (dependencies). */
  pythonEnvironment: defineFact<PythonEnvironment>('pythonEnvironment'),
  /** Monitoring files (monitoring). */
  monitoring: defineFact<MonitoringSetup>('monitoring'),
  /** Health report (health). */
  health: defineFact<HealthReport>('health'),
  /** Smoke test results (health). */
  smokeTests: defineFact<TestCaseResult[]>('smokeTests'),
} as const;

/**
 * Set by the Deployer once `current` points at the operation's release: where it came from and
 * how long the switch itself took (measured; the rollback manifest's estimate uses it).
 */
export const RELEASE_SWITCH = defineFact<{ from: string | null; to: string; switchMs: number }>('releaseSwitch');

/** Set by the Deployer when a failed check after the switch rolled the environment back. */
export const AUTO_ROLLBACK = defineFact<{ from: string; to: string; verified: boolean; reason: string }>('autoRollback');
