import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RELEASE_SWITCH, type WorkflowSpec } from '@exec-automator/core';
import { Redactor } from '@exec-automator/core/secrets';
import { documentationPhase, type RollbackManifest } from '../src/index.js';
import { createRelease, exampleWorkflows, listTree, makeContext, tempRoot } from './helpers/context.js';
import { environmentSetup, healthReport, monitoringSetup, PLACEHOLDER, successfulOutcomes, validationReport } from './helpers/fixtures.js';
import { Facts } from '../src/facts.js';

const PREVIOUS = 'dep-20261120T100000000Z-aaaa';
const CURRENT = 'dep-20261125T031500000Z-bbbb';
const SECRET = 'sk-ant-api03-SECRET-MARKER-7f3a';

let root: string;
let cleanup: () => Promise<void>;
let workflows: WorkflowSpec[];

beforeEach(async () => {
  ({ root, cleanup } = await tempRoot());
  workflows = await exampleWorkflows();
});
afterEach(() => cleanup());

/** A deployment of both example workflows over a previous release that held only the first. */
async function deployedContext(options: { previous?: boolean; redactor?: Redactor } = {}) {
  if (options.previous !== false) await createRelease(root, PREVIOUS, workflows.slice(0, 1), { status: 'good', activate: true });
  const release = await createRelease(root, CURRENT, workflows, { activate: true });
  const ctx = makeContext({ root, release, workflows, outcomes: successfulOutcomes(), ...(options.redactor ? { redactor: options.redactor } : {}) });
  ctx.set(Facts.validation, validationReport());
  ctx.set(Facts.health, healthReport(CURRENT));
  ctx.set(Facts.monitoring, monitoringSetup(ctx.layout.dir));
  ctx.set(Facts.environmentSetup, environmentSetup(ctx.layout.dir));
  // As the Deployer publishes it after the release phase's switch.
  ctx.set(RELEASE_SWITCH, { from: PREVIOUS, to: CURRENT, switchMs: 350.5 });
  return ctx;
}

describe('documentationPhase', () => {
  it('has the seed phase identity and is not critical', () => {
    const phase = documentationPhase();
    expect(phase).toMatchObject({ name: 'documentation', title: 'Documentation & Rollback Preparation', kind: 'document', critical: false });
  });

  it('plans exactly the files it writes', async () => {
    const ctx = await deployedContext();
    const phase = documentationPhase();
    // In a dry-run there is no release yet: the plan names the release the deployment would create.
    const dry = makeContext({ root, operationId: CURRENT, workflows, mode: { dryRun: true } });
    const planned = (await phase.plan!(dry)).map((a) => a.target);
    const output = await phase.run(ctx);
    expect(output.files).toEqual(planned);
    expect(planned).toEqual([
      path.join(root, 'staging', 'releases', CURRENT, 'configs', `rollback-${CURRENT}.json`),
      path.join(root, 'staging', 'DEPLOYMENT-REPORT-20261125T031500000Z.md'),
      path.join(root, 'staging', 'releases', CURRENT, 'RUNBOOK.md'),
    ]);
    for (const file of output.files!) expect((await stat(file)).isFile()).toBe(true);
    expect(output.reports).toEqual([planned[1]]);
  });

  it("points the rollback manifest at the previous release's real files, timed by the verify phases", async () => {
    const ctx = await deployedContext();
    const output = await documentationPhase().run(ctx);
    const manifest = JSON.parse(await readFile(output.files![0]!, 'utf8')) as RollbackManifest;
    const envDir = path.join(root, 'staging');
    expect(manifest.rollback_available).toBe(true);
    expect(manifest.rollback_instructions).toMatchObject({
      method: 'restore_previous_deployment',
      previous_deployment_id: PREVIOUS,
      previous_deployment_path: path.join(envDir, 'releases', PREVIOUS),
      previous_deployment_status: 'good',
      command: `exec-automator rollback ${PREVIOUS} --environment=staging --root ${root}`,
      // health 4200 ms + smoke 2500 ms + measured switch 350.5 ms = 7.05 s
      estimated_rollback_duration_seconds: 8,
      estimate_basis: { verify_phases: [{ name: 'health', duration_ms: 4200 }, { name: 'smoke', duration_ms: 2500 }], switch_ms: 350.5 },
    });
    const [kept, added] = manifest.workflows_to_rollback;
    expect(kept!.current_version).toBe(path.join(envDir, 'workflows', workflows[0]!.fileName));
    expect(kept!.previous_version).toBe(path.join(envDir, 'releases', PREVIOUS, 'workflows', workflows[0]!.fileName));
    expect(kept!.rollback_action).toBe('restore_file');
    expect(added!.previous_version).toBeUndefined();
    expect(added!.rollback_action).toBe('remove_file');
    for (const entry of [...manifest.workflows_to_rollback, ...manifest.configurations_to_rollback]) {
      await stat(entry.current_version); // resolves through current
      if (entry.previous_version) expect((await readFile(entry.previous_version, 'utf8')).length).toBeGreaterThan(0);
    }
    expect(output.data?.rollback).toEqual({
      available: true,
      estimatedSeconds: 8,
      command: manifest.rollback_instructions.command,
      previousPath: path.join(envDir, 'releases', PREVIOUS),
    });
  });

  it('serves the runbook through the stable <env>/RUNBOOK.md link', async () => {
    const ctx = await deployedContext();
    await documentationPhase().run(ctx);
    const runbook = await readFile(path.join(root, 'staging', 'RUNBOOK.md'), 'utf8');
    // The invoke example uses the recorded input of the first workflow's smoke test case.
    expect(runbook).toMatch(/exec-automator invoke workflow_resp_002 --input '\{"member_name":"Dana Whitfield",/);
    expect(runbook).toContain('# Operator Runbook: Exec-Automator Workflows');
    expect(runbook).toContain(`exec-automator rollback ${PREVIOUS} --environment=staging --root ${root}`);
  });

  it('writes no placeholder and no secret value into any file', async () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    const ctx = await deployedContext({ redactor });
    const health = healthReport(CURRENT, false);
    health.workflows[1]!.checks[1]!.detail = `AuthenticationError: invalid x-api-key ${SECRET}`;
    ctx.set(Facts.health, health);
    const output = await documentationPhase().run(ctx);
    for (const file of output.files!) {
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toMatch(PLACEHOLDER);
      expect(text, file).not.toContain(SECRET);
    }
    expect(await readFile(output.files![1]!, 'utf8')).toContain('AuthenticationError: invalid x-api-key ***');
  });

  it('records method none when no release was current before', async () => {
    const ctx = await deployedContext({ previous: false });
    const output = await documentationPhase().run(ctx);
    const manifest = JSON.parse(await readFile(output.files![0]!, 'utf8')) as RollbackManifest;
    expect(manifest.rollback_available).toBe(false);
    expect(manifest.rollback_instructions.method).toBe('none');
    expect(manifest.workflows_to_rollback.every((w) => w.previous_version === undefined)).toBe(true);
    const report = await readFile(output.files![1]!, 'utf8');
    expect(report).toContain('**Rollback Available:** No');
    expect(report).not.toContain('exec-automator rollback');
    expect(output.summary).toContain('no earlier release');
  });

  it('fails with INTERNAL when run without a release', async () => {
    const ctx = makeContext({ root, workflows });
    await expect(documentationPhase().run(ctx)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await listTree(root)).toEqual([]);
  });
});
