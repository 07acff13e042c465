import { describe, expect, it } from 'vitest';
import { buildRollbackManifest, estimateRollbackSeconds } from '../src/index.js';
import { outcome, successfulOutcomes } from './helpers/fixtures.js';

const base = {
  deploymentId: 'dep-2',
  environment: 'staging',
  root: '/srv/ea',
  envDir: '/srv/ea/staging',
  deploymentTimestamp: '2026-11-25T03:15:00.000Z',
  workflows: [
    { workflowId: 'workflow_resp_002', fileName: 'workflow-resp_002-a.py', agentConfigFileName: 'agent-resp_002-config.json' },
    { workflowId: 'workflow_resp_009', fileName: 'workflow-resp_009-new.py' },
  ],
  phases: successfulOutcomes(),
  switchMs: 1200,
};

describe('buildRollbackManifest', () => {
  it('estimates the rollback from the measured verify phases plus the measured switch, rounded up', () => {
    // health 4.2 s + smoke 2.5 s = 6.7 s -> 7; with a 400 ms switch 7.1 s -> 8
    expect(estimateRollbackSeconds(successfulOutcomes())).toBe(7);
    expect(estimateRollbackSeconds(successfulOutcomes(), 400)).toBe(8);
    expect(estimateRollbackSeconds([outcome('health', 'verify', 'succeeded', 30_001), outcome('release', 'release', 'succeeded', 99_000)], 2)).toBe(31);
    expect(estimateRollbackSeconds([])).toBe(1);
  });

  it('restores files that exist in the previous release and removes the ones new in this one', () => {
    const manifest = buildRollbackManifest({
      ...base,
      previous: {
        id: 'dep-1',
        dir: '/srv/ea/staging/releases/dep-1',
        status: 'good',
        workflowFiles: ['workflow-resp_002-a.py'],
        configFiles: ['workflow-registry.json'],
      },
    });
    expect(manifest.rollback_available).toBe(true);
    expect(manifest.rollback_instructions).toMatchObject({
      method: 'restore_previous_deployment',
      previous_deployment_id: 'dep-1',
      previous_deployment_path: '/srv/ea/staging/releases/dep-1',
      command: 'exec-automator rollback dep-1 --environment=staging --root /srv/ea',
      estimated_rollback_duration_seconds: 8,
    });
    expect(manifest.rollback_instructions.estimate_basis).toEqual({
      verify_phases: [{ name: 'health', duration_ms: 4200 }, { name: 'smoke', duration_ms: 2500 }],
      switch_ms: 1200,
    });
    expect(manifest.workflows_to_rollback).toEqual([
      {
        workflow_id: 'workflow_resp_002',
        current_version: '/srv/ea/staging/workflows/workflow-resp_002-a.py',
        previous_version: '/srv/ea/staging/releases/dep-1/workflows/workflow-resp_002-a.py',
        rollback_action: 'restore_file',
      },
      { workflow_id: 'workflow_resp_009', current_version: '/srv/ea/staging/workflows/workflow-resp_009-new.py', rollback_action: 'remove_file' },
    ]);
    expect(manifest.configurations_to_rollback.map((c) => [c.config_file, c.rollback_action])).toEqual([
      ['workflow-registry.json', 'restore_file'],
      ['agent-resp_002-config.json', 'remove_file'],
    ]);
    expect(manifest.rollback_verification).toEqual({
      health_checks_required: true,
      smoke_tests_required: true,
      monitoring_verification_required: true,
      verifying_phases: ['health', 'smoke'],
    });
  });

  it('says method none and leaves out previous versions when there is no earlier release', () => {
    const manifest = buildRollbackManifest(base);
    expect(manifest.rollback_available).toBe(false);
    expect(manifest.rollback_instructions.method).toBe('none');
    expect(manifest.rollback_instructions.command).toBeUndefined();
    expect(manifest.rollback_instructions.estimated_rollback_duration_seconds).toBeUndefined();
    expect(manifest.workflows_to_rollback.every((w) => w.previous_version === undefined && w.rollback_action === 'none')).toBe(true);
    expect(JSON.stringify(manifest)).not.toContain('null');
  });
});
