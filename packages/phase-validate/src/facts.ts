import { defineFact } from '@exec-automator/core';
import type { FileAnalysis, GraphInspection } from '@exec-automator/core/python';
import type { AgentConfig, SourceProject, StagedPackage } from '@exec-automator/core/source';
import type { TestCaseResult } from '@exec-automator/core/testing';
import type { ValidationReport } from './validation-types.js';

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

/**
 * The facts the validate phase publishes. A phase in another package reads one through a
 * type-only import: `factKey<typeof VALIDATE_FACTS.validation>('validation')`; a replacement
 * validate phase publishes the same keys so the others keep working.
 */
export const VALIDATE_FACTS = {
  /** Static analysis per workflow name. */
  analysis: defineFact<ReadonlyMap<string, FileAnalysis>, 'analysis'>('analysis'),
  /** Compiled graph structure per workflow name (when validation ran the graphs). */
  inspection: defineFact<ReadonlyMap<string, GraphInspection>, 'inspection'>('inspection'),
  /** How the Python dependencies are made up. */
  dependencyPlan: defineFact<DependencyPlan, 'dependencyPlan'>('dependencyPlan'),
  /** Parsed agent configs per workflow name. */
  agentConfigs: defineFact<ReadonlyMap<string, AgentConfig>, 'agentConfigs'>('agentConfigs'),
  /** The graph variable per workflow name. */
  graphVariables: defineFact<ReadonlyMap<string, string>, 'graphVariables'>('graphVariables'),
  /** The validation report. */
  validation: defineFact<ValidationReport, 'validation'>('validation'),
  /** Pre-deployment test results. */
  tests: defineFact<TestCaseResult[], 'tests'>('tests'),
} as const;

/** This package's facts under the names its phases use. */
export const Facts = VALIDATE_FACTS;
