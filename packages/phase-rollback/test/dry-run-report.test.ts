import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessRisk, countPlan, estimateDisk, renderDryRunReport } from '../src/index.js';
import { outcome, PLACEHOLDER, plannedOutcomes, snapshot, validationReport } from './helpers/fixtures.js';

const envDir = '/srv/exec-automator/staging';
const id = 'dep-20261125T031500000Z-ab12';

describe('renderDryRunReport', () => {
  it("lists each phase's planned actions with their targets", () => {
    const phases = plannedOutcomes(envDir, id);
    const disk = estimateDisk(phases, []);
    const md = renderDryRunReport({ snapshot: snapshot({ phases }), disk, deployCommand: 'exec-automator deploy all' });
    for (const p of phases) {
      expect(md).toContain(`### ${p.title}`);
      for (const action of p.plan ?? []) expect(md).toContain(`→ ${action.description}`);
    }
    expect(md).toContain(`(\`${path.join(envDir, 'releases', id, 'configs', 'workflow-registry.json')}\`, ~1.5 KB)`);
    expect(md).toContain('- ✓ Run 6 pre-deployment tests (6 passed)');
    expect(md).toContain('**API Calls:** 0 (dry-run mode)');
    expect(md).toContain('**This was a DRY-RUN. No actual changes were made.**');
    expect(md).toContain('To deploy for real, run: `exec-automator deploy all`');
    expect(md).not.toMatch(PLACEHOLDER);
  });

  it('counts files and configs and labels the disk space as an estimate', () => {
    const phases = plannedOutcomes(envDir, id);
    expect(countPlan(phases)).toEqual({ actions: 8, files: 3, configs: 1, directories: 1, symlinks: 1 });
    const disk = estimateDisk(phases, [
      { path: '/src/workflow-resp_002-member-communication.py', bytes: 9000 }, // already sized by the copy action
      { path: '/src/agent-resp_002-config.json', bytes: 700 },
    ]);
    expect(disk).toMatchObject({ plannedBytes: 10_900, sourceBytes: 700, bytes: 11_600, unsized: 2, includesInstall: true });
    const md = renderDryRunReport({ snapshot: snapshot({ phases }), disk });
    expect(md).toContain('**Disk Space Required:** ~11.3 KB (estimate:');
    expect(md).toContain('Python packages of the virtual environment not included');
    expect(md).toContain('**Configuration files:** 1');
  });

  it('estimates the duration from earlier deployments only, and leaves it out without any', () => {
    const phases = plannedOutcomes(envDir, id);
    const disk = estimateDisk(phases, []);
    expect(renderDryRunReport({ snapshot: snapshot({ phases }), disk })).not.toContain('Deployment Duration');
    const md = renderDryRunReport({ snapshot: snapshot({ phases }), disk, pastDurationsMs: [900_000, 30_000, 42_000, 25_000, 61_000, 38_000] });
    // the last five: 30, 42, 25, 61, 38 s -> median 38 s
    expect(md).toContain('- **Deployment Duration:** ~38 seconds (median of the last 5 deployments to staging)');
  });

  it('derives the risk level from validation warnings and errors', () => {
    expect(assessRisk({ phases: [], validation: { ...validationReport(), workflows_validated: [] } })).toEqual({ level: 'Low', reason: 'all validations passed' });
    expect(assessRisk({ phases: [], validation: validationReport() }).level).toBe('Medium');
    expect(assessRisk({ phases: [], validation: validationReport(true) }).level).toBe('High');
    expect(assessRisk({ phases: [] }).level).toBe('Not assessed');
    expect(assessRisk({ phases: [outcome('environment', 'prepare', 'failed', 1)] }).level).toBe('High');
  });
});
