/**
 * An example phase package: a change-approval gate. It holds deployments to the environments
 * you name (default: production) until an operator approves them by creating a file, and fails
 * the deployment with `PLUGIN_APPROVAL_TIMEOUT` when nobody does in time. Insert it after
 * validation, before anything is released:
 *
 * ```ts
 * const phases = defaultPhases();
 * phases.splice(1, 0, changeApprovalPhase({ timeoutMs: 30 * 60_000 }));
 * const deployer = new Deployer({ phases });
 * ```
 */
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { deployError, type EnvironmentName, type Phase, type PhaseContext } from '@exec-automator/core';
import { pathExists } from '@exec-automator/core/util';

/** Options of {@link changeApprovalPhase}. */
export interface ChangeApprovalOptions {
  /** Environments that need approval. Default `['production']`. */
  environments?: readonly EnvironmentName[];
  /** How long to wait for the approval file. Default 15 minutes. */
  timeoutMs?: number;
  /** How often to look for it. Default 1 s. */
  pollMs?: number;
  /** Where the approval file is expected. Default `<env>/approvals/<deployment-id>.approved`. */
  approvalFile?: (ctx: PhaseContext) => string;
}

/** The default approval file of a deployment. */
export function defaultApprovalFile(ctx: PhaseContext): string {
  return path.join(ctx.layout.dir, 'approvals', `${ctx.operationId}.approved`);
}

/**
 * The change-approval phase. Kind `prepare`: it only plans in a dry-run and is skipped in
 * validate-only mode; it runs after validation and before the release switch, so a timeout
 * leaves `current` untouched.
 */
export function changeApprovalPhase(options: ChangeApprovalOptions = {}): Phase {
  const environments = options.environments ?? ['production'];
  const timeoutMs = options.timeoutMs ?? 15 * 60_000;
  const pollMs = options.pollMs ?? 1000;
  const fileFor = options.approvalFile ?? defaultApprovalFile;
  return {
    name: 'change-approval',
    title: 'Change Approval',
    kind: 'prepare',
    async plan(ctx) {
      if (!environments.includes(ctx.environment)) return [];
      return [{ kind: 'check', description: `Wait up to ${Math.round(timeoutMs / 1000)} s for the approval file ${fileFor(ctx)}` }];
    },
    async run(ctx) {
      if (!environments.includes(ctx.environment)) return { summary: `no approval needed for ${ctx.environment}` };
      const file = fileFor(ctx);
      const deadline = Date.now() + timeoutMs;
      ctx.progress(`Waiting for approval: create ${file} to continue (timeout ${Math.round(timeoutMs / 1000)} s)`);
      while (!(await pathExists(file))) {
        if (ctx.signal.aborted) throw deployError('ABORTED', 'Cancelled while waiting for approval.');
        if (Date.now() >= deadline) {
          throw deployError('PLUGIN_APPROVAL_TIMEOUT', `No approval within ${Math.round(timeoutMs / 1000)} s: ${file} was not created. Nothing was released.`, {
            details: { approvalFile: file, timeoutMs },
          });
        }
        await delay(pollMs);
      }
      return { summary: `approved (${path.basename(file)})` };
    },
  };
}
