import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Deployer, DeployError, type Phase, type PhaseContext } from '@exec-automator/core';
import type { ValidationReport } from '@exec-automator/phase-validate';
import { writeFileAtomic } from '@exec-automator/core/util';
import { documentationPhase, reportPhase } from '../src/index.js';
import { EXAMPLES_DIR, listTree, tempRoot } from './helpers/context.js';
import { healthReport, PLACEHOLDER } from './helpers/fixtures.js';
import { Facts } from '../src/facts.js';

/**
 * The real Deployer around this package's phases. The seed phases 1–6 live in other packages,
 * so this test uses minimal stand-in phases (named `stub-*`) that publish the same facts and
 * write a release the way the release phase does.
 */
function stubPhases(state: { failHealthOf?: string }): Phase[] {
  const validate: Phase = {
    name: 'stub-validate',
    title: 'Pre-Deployment Validation',
    kind: 'check',
    async run(ctx) {
      const report: ValidationReport = {
        validation_timestamp: new Date().toISOString(),
        environment: ctx.environment,
        workflows_validated: ctx.workflows.map((w) => ({
          workflow_id: w.workflowId, workflow_file: w.fileName, validation_status: 'passed', checks_completed: 3, checks_passed: 3,
          checks_failed: 0, warnings: [], errors: [],
        })),
        dependencies_validated: true,
        environment_validated: true,
        tests_executed: 2,
        tests_passed: 2,
        tests_failed: 0,
        deployment_approved: true,
      };
      ctx.set(Facts.validation, report);
      return { summary: `${ctx.workflows.length} workflows validated` };
    },
  };
  const release: Phase = {
    name: 'stub-release',
    title: 'Workflow Deployment',
    kind: 'release',
    async plan(ctx) {
      const dir = ctx.layout.release(ctx.operationId);
      return ctx.workflows.map((w) => ({ kind: 'copy-file' as const, description: `Copy ${w.fileName}`, target: path.join(dir.workflows, w.fileName) }));
    },
    async run(ctx) {
      const paths = ctx.release!.paths;
      for (const w of ctx.workflows) {
        await writeFileAtomic(path.join(paths.workflows, w.fileName), await readFile(w.file));
        if (w.agentConfigFile) await writeFileAtomic(path.join(paths.configs, path.basename(w.agentConfigFile)), await readFile(w.agentConfigFile));
      }
      await writeFileAtomic(path.join(paths.configs, 'workflow-registry.json'), '{}\n');
      await ctx.releases.update(ctx.release!.id, {
        workflows: ctx.workflows.map((w) => ({ name: w.name, workflowId: w.workflowId, file: `workflows/${w.fileName}`, graph: `./workflows/${w.fileName}:graph` })),
      });
      await ctx.activateRelease();
      return { summary: 'released' };
    },
  };
  const health: Phase = {
    name: 'stub-health',
    title: 'Health Checks & Verification',
    kind: 'verify',
    async run(ctx: PhaseContext) {
      await new Promise((r) => setTimeout(r, 30));
      const id = ctx.release!.id;
      ctx.set(Facts.health, healthReport(id, id !== state.failHealthOf));
      if (id === state.failHealthOf) throw new DeployError('HEALTH_CHECK_FAILED', 'workflow_resp_005 is unhealthy', { phase: 'stub-health' });
      return { summary: 'all healthy' };
    },
  };
  return [validate, release, health, documentationPhase(), reportPhase()];
}

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ root, cleanup } = await tempRoot()));
afterEach(() => cleanup());

describe('documentation and report phases in the Deployer', () => {
  it('plan in a dry-run the same documentation files a real deployment writes', async () => {
    const deployer = new Deployer({ root, phases: stubPhases({}) });
    const dry = await deployer.deploy({ source: EXAMPLES_DIR, environment: 'staging', dryRun: true });
    expect(await listTree(root)).toEqual([]);
    expect(dry.reportMarkdown).toContain('# Deployment Dry-Run Report');
    expect(dry.reportMarkdown).toContain('→ Prepare the rollback manifest');
    const real = await deployer.deploy({ source: EXAMPLES_DIR, environment: 'staging' });
    expect(real.error).toBeUndefined();
    expect(real.status).toBe('SUCCESS');
    // ids and start times differ between the two operations; the paths must not otherwise
    const normalize = (files: readonly string[], id: string) =>
      files.map((f) => f.split(id).join('<id>').replace(/\d{8}T\d{9}Z/g, '<ts>'));
    const planned = dry.phases.find((p) => p.name === 'documentation')!.plan!.map((a) => a.target!);
    const written = real.phases.find((p) => p.name === 'documentation')!.files!;
    expect(normalize(written, real.id)).toEqual(normalize(planned, dry.id));
    for (const file of written) await stat(file);
    expect(real.reports).toContain(path.join(root, 'staging', 'DEPLOYMENT-STATUS-REPORT.md'));
    expect(real.reports).toContain(written[1]);
    expect(real.reportMarkdown).toContain('**Status:** SUCCESS');
    expect(real.reportMarkdown).not.toMatch(PLACEHOLDER);
  });

  it('reports an automatic rollback and writes the error log when checks fail after the switch', async () => {
    const state: { failHealthOf?: string } = {};
    const deployer = new Deployer({ root, phases: stubPhases(state) });
    const first = await deployer.deploy({ source: EXAMPLES_DIR, environment: 'staging' });
    expect(first.status).toBe('SUCCESS');
    deployer.on('deployment:start', (e) => (state.failHealthOf = e.operationId));
    const second = await deployer.deploy({ source: EXAMPLES_DIR, environment: 'staging' });
    expect(second.status).toBe('FAILED');
    expect(second.rollback).toMatchObject({ to: first.id, verified: true });
    const errorLog = second.reports.find((r) => path.basename(r).startsWith('deployment-errors-'));
    expect(errorLog).toBeDefined();
    const log = JSON.parse(await readFile(errorLog!, 'utf8'));
    expect(log).toMatchObject({ deployment_id: second.id, failed_phase: 'stub-health', error: { code: 'HEALTH_CHECK_FAILED' }, release: { id: second.id, status: 'bad' } });
    const md = await readFile(path.join(root, 'staging', 'DEPLOYMENT-STATUS-REPORT.md'), 'utf8');
    expect(md).toContain('## ⚠ Automatic Rollback');
    expect(md).toContain(`rolled back automatically to ${first.id}`);
    expect(md).toContain('**Restored release verified:** ✓ Yes');
  });
});
