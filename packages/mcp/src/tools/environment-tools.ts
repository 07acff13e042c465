import path from 'node:path';
import { z } from 'zod';
import type { ReleaseMeta } from '@exec-automator/core';
import type { ServerContext } from '../server-context.js';
import { failure, ok, type ToolResult } from '../tool-result.js';
import { environmentInput, errorOutput, phaseOutput, rootInput } from './schemas.js';

const releaseOutput = z.object({
  id: z.string(),
  status: z.string(),
  created_at: z.string(),
  activated_at: z.string().optional(),
  status_reason: z.string().optional(),
  workflows: z.array(z.string()),
});

function release(meta: ReleaseMeta): z.infer<typeof releaseOutput> {
  return {
    id: meta.id,
    status: meta.status,
    created_at: meta.createdAt,
    ...(meta.activatedAt ? { activated_at: meta.activatedAt } : {}),
    ...(meta.statusReason ? { status_reason: meta.statusReason } : {}),
    workflows: meta.workflows.map((w) => w.name),
  };
}

/** Input of `deployment_status`. */
export const statusInput = { environment: environmentInput, root: rootInput };
/** Output of `deployment_status`. */
export const statusOutput = {
  environment: z.string(),
  directory: z.string(),
  current: releaseOutput.nullable(),
  rollback_target: z.string().nullable(),
  releases: z.array(releaseOutput),
  locked_by: z.object({ operation: z.string(), operation_id: z.string(), pid: z.number(), host: z.string(), stale: z.string().nullable() }).nullable(),
  last_operation: z.record(z.string(), z.unknown()).nullable(),
};

/** `deployment_status`: the current release, all releases, lock and last operation. */
export async function deploymentStatus(ctx: ServerContext, args: { environment: 'dev' | 'staging' | 'production'; root?: string | undefined }): Promise<ToolResult> {
  try {
    const deployer = await ctx.deployer(await ctx.root(args.root));
    const status = await deployer.status(args.environment);
    const data = {
      environment: status.environment,
      directory: status.dir,
      current: status.current ? release(status.current) : null,
      rollback_target: status.rollbackTarget,
      releases: status.releases.map(release),
      locked_by: status.lock
        ? { operation: status.lock.holder.operation, operation_id: status.lock.holder.operationId, pid: status.lock.holder.pid, host: status.lock.holder.host, stale: status.lock.stale }
        : null,
      last_operation: status.lastOperation ? { ...status.lastOperation } : null,
    };
    const current = status.current ? `${status.current.id} (${status.current.status}, ${status.current.workflows.length} workflow(s))` : 'nothing deployed';
    return ok(data, `${args.environment}: current ${current}; ${status.releases.length} release(s); rollback target ${status.rollbackTarget ?? 'none'}.`);
  } catch (error) {
    return failure(error);
  }
}

/** Input of `list_deployments`. */
export const listInput = {
  environment: environmentInput,
  root: rootInput,
  limit: z.number().int().positive().default(20).describe('Only the newest <limit> history entries.'),
};
/** Output of `list_deployments`. */
export const listOutput = {
  environment: z.string(),
  history: z.array(z.record(z.string(), z.unknown())),
  releases: z.array(releaseOutput),
};

/** `list_deployments`: history entries (newest last) and releases. */
export async function listDeployments(
  ctx: ServerContext,
  args: { environment: 'dev' | 'staging' | 'production'; root?: string | undefined; limit: number },
): Promise<ToolResult> {
  try {
    const deployer = await ctx.deployer(await ctx.root(args.root));
    const history = (await deployer.history(args.environment)).slice(-args.limit);
    const releases = (await deployer.status(args.environment)).releases.map(release);
    const lines = history.map((h) => `${h.timestamp} ${h.event} ${h.status} ${h.operationId}${h.to ? ` → ${h.to}` : ''}`);
    return ok(
      { environment: args.environment, history: history.map((h) => ({ ...h })), releases },
      lines.length ? lines.join('\n') : `No deployments in ${args.environment} yet.`,
    );
  } catch (error) {
    return failure(error);
  }
}

/** Input of `rollback`. */
export const rollbackInput = {
  environment: environmentInput,
  to: z.string().optional().describe('Release id to restore (default: the newest good release before the current one).'),
  reason: z.string().default('rollback requested through MCP').describe('Why (recorded in history).'),
  root: rootInput,
};
/** Output of `rollback`. */
export const rollbackOutput = {
  rollback_id: z.string(),
  status: z.enum(['SUCCESS', 'FAILED', 'PARTIAL']),
  from: z.string().nullable(),
  to: z.string(),
  verified: z.boolean(),
  switch_ms: z.number(),
  duration_ms: z.number(),
  phases: z.array(phaseOutput),
  error: errorOutput,
};

/** `rollback`: switches back and verifies the restored release. */
export async function rollback(
  ctx: ServerContext,
  args: { environment: 'dev' | 'staging' | 'production'; to?: string | undefined; reason: string; root?: string | undefined },
  signal: AbortSignal,
): Promise<ToolResult> {
  try {
    const root = await ctx.root(args.root);
    if (args.to !== undefined) await ctx.guard.checkReleaseTarget(path.join(root, args.environment, 'releases'), args.to);
    const deployer = await ctx.deployer(root);
    const result = await deployer.rollback({ environment: args.environment, reason: args.reason, signal, ...(args.to ? { to: args.to } : {}) });
    const data = {
      rollback_id: result.id,
      status: result.status,
      from: result.from,
      to: result.to,
      verified: result.verified,
      switch_ms: result.switchMs,
      duration_ms: result.durationMs,
      phases: result.phases.map((p) => ({ name: p.name, title: p.title, status: p.status, duration_ms: p.durationMs, summary: p.summary })),
      ...(result.error ? { error: result.error } : {}),
    };
    if (result.status === 'FAILED') return failure(result.error ?? new Error('rollback failed'), data);
    return ok(data, `Rolled back ${args.environment}: ${result.from ?? '(none)'} → ${result.to}; ${result.verified ? 'health checks and smoke tests passed' : 'NOT verified'}.`);
  } catch (error) {
    return failure(error);
  }
}
