import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DeployError, type Phase, type PhaseContext } from '@exec-automator/core';

/**
 * Small real phases for testing the Deployer's pipeline rules without Python: they implement
 * the Phase contract like any plugin would.
 */
export interface TestPipelineOptions {
  failIn?: 'check' | 'prepare' | 'verify';
  /** Make verification fail only for releases built from sources containing this marker file. */
  verifyFailsWhen?: (ctx: PhaseContext) => Promise<boolean> | boolean;
  undoLog?: string[];
  secretToLog?: string;
  /** Called by the verify phase with its context (to see what a verification of a release sees). */
  onVerify?: (ctx: PhaseContext) => void;
}

export function testPhases(options: TestPipelineOptions = {}): Phase[] {
  return [
    {
      name: 'check',
      title: 'Check',
      kind: 'check',
      async run(ctx) {
        if (options.secretToLog) ctx.log('info', `using key ${options.secretToLog}`);
        if (options.failIn === 'check') throw new DeployError('VALIDATION_FAILED', 'bad workflow');
        return { summary: `${ctx.workflows.length} ok` };
      },
    },
    {
      name: 'write',
      title: 'Write',
      kind: 'prepare',
      async plan(ctx) {
        return [{ kind: 'write-file', description: 'write marker', target: path.join(ctx.layout.release(ctx.operationId).dir, 'marker.txt') }];
      },
      async run(ctx) {
        const release = ctx.release as NonNullable<PhaseContext['release']>;
        await writeFile(path.join(release.paths.dir, 'marker.txt'), ctx.operationId);
        // A release's own settings, as the environment phase writes them.
        await writeFile(path.join(release.paths.dir, '.env'), `DEPLOYMENT_ID=${ctx.operationId}\nORGANIZATION_NAME="Test Org"\n`);
        if (options.failIn === 'prepare') throw new Error('disk full');
        return { summary: 'written', files: [path.join(release.paths.dir, 'marker.txt')] };
      },
      async undo() {
        options.undoLog?.push('write');
      },
    },
    {
      name: 'switch',
      title: 'Switch',
      kind: 'release',
      async run(ctx) {
        const release = ctx.release as NonNullable<PhaseContext['release']>;
        await mkdir(release.paths.workflows, { recursive: true });
        await ctx.releases.update(release.id, {
          workflows: ctx.workflows.map((w) => ({ name: w.name, workflowId: w.workflowId, file: `workflows/${w.fileName}`, graph: `./workflows/${w.fileName}:graph` })),
        });
        await ctx.activateRelease();
        return { summary: 'switched' };
      },
      async undo() {
        options.undoLog?.push('switch');
      },
    },
    {
      name: 'verify',
      title: 'Verify',
      kind: 'verify',
      async run(ctx) {
        options.onVerify?.(ctx);
        if (options.failIn === 'verify' || (await options.verifyFailsWhen?.(ctx))) {
          throw new DeployError('SMOKE_TEST_FAILED', `smoke test failed for ${ctx.release?.id}`);
        }
        return { summary: `verified ${ctx.release?.id}` };
      },
    },
    {
      name: 'report',
      title: 'Report',
      kind: 'report',
      async run(ctx) {
        return { summary: 'report', markdown: `# Report\nfailure: ${ctx.failure?.code ?? 'none'}` };
      },
    },
  ];
}
