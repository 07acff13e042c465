import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { Deployer, type DeploymentResult, type EnvironmentName, type EnvironmentSettingsInput } from '@exec-automator/core';
import type { ValidationIssue, ValidationReport } from '../../src/validation-types.js';
import { EnvSecretsBackend } from '@exec-automator/core/secrets';
import { validatePhase } from '../../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository's example workflows (must validate with no errors). */
export const EXAMPLES = path.resolve(here, '../../../../examples/workflows');
/** The corpus of broken workflows and configs. */
export const FIXTURES = path.resolve(here, '../fixtures');

/** Temp directories removed after the file's tests. */
export function tempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'phase-validate-'));
    dirs.push(dir);
    return dir;
  };
}

/** What one validation run produced. */
export interface Validation {
  result: DeploymentResult;
  report: ValidationReport;
  /** Every error and warning, with the workflow file it was reported for (or `global`). */
  issues: Array<ValidationIssue & { severity: 'error' | 'warning'; workflow: string }>;
}

/** Options of {@link validate}. */
export interface ValidateOptions {
  environment?: EnvironmentName;
  /** Secret values the secrets backend holds (default none: only real environment variables are fakes-free). */
  secrets?: Record<string, string>;
  settings?: EnvironmentSettingsInput;
  skipTests?: boolean;
  force?: boolean;
  workflows?: 'all' | string[];
  /** The base interpreter (default: found as usual). */
  python?: string;
}

/**
 * Runs the real validate phase through the real Deployer in validate-only mode (real Python,
 * real venv in the test cache, real LangGraph) and returns the validation report, whether
 * validation passed or failed.
 */
export async function validate(root: string, source: string, options: ValidateOptions = {}): Promise<Validation> {
  const deployer = new Deployer({
    root,
    phases: [validatePhase()],
    secrets: new EnvSecretsBackend(options.secrets ?? {}),
    ...(options.python ? { python: { python: options.python } } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const result = await deployer.deploy({
    source,
    workflows: options.workflows ?? 'all',
    environment: options.environment ?? 'dev',
    validateOnly: true,
    skipTests: options.skipTests ?? false,
    force: options.force ?? false,
  });
  const fromData = result.phases[0]?.data?.report as ValidationReport | undefined;
  const fromError = (result.error?.details as { report?: ValidationReport } | undefined)?.report;
  const report = fromData ?? fromError;
  if (!report) throw new Error(`validation produced no report: ${JSON.stringify(result.error ?? result.phases, null, 2)}`);
  const issues: Validation['issues'] = [];
  for (const w of report.workflows_validated) {
    for (const e of w.errors) issues.push({ ...e, severity: 'error', workflow: w.workflow_file });
    for (const e of w.warnings) issues.push({ ...e, severity: 'warning', workflow: w.workflow_file });
  }
  for (const e of report.global_errors ?? []) issues.push({ ...e, severity: 'error', workflow: 'global' });
  for (const e of report.global_warnings ?? []) issues.push({ ...e, severity: 'warning', workflow: 'global' });
  return { result, report, issues };
}
