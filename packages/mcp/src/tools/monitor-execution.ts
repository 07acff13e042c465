import { z } from 'zod';
import { ExecutionJournal, type ExecutionRecord, executionStats } from '@exec-automator/executions';
import { evaluateAlerts, readAlertState } from '@exec-automator/phase-monitoring';
import type { ServerContext } from '../server-context.js';
import { failure, ok, type ToolResult } from '../tool-result.js';
import { environmentInput, rootInput } from './schemas.js';

/** Input of `monitor_execution`. */
export const monitorInput = {
  agent_id: z
    .string()
    .optional()
    .describe('Workflow to report on: a workflow name, a workflow id (workflow_resp_002) or an agent id (agent_resp_002). Default: every workflow.'),
  environment: environmentInput,
  root: rootInput,
  alert_thresholds: z
    .object({
      error_rate: z.number().min(0).max(1).optional(),
      avg_duration_seconds: z.number().positive().optional(),
      daily_cost: z.number().nonnegative().optional(),
    })
    .optional()
    .describe("Thresholds to evaluate with instead of the environment's (this call only; nothing is saved)."),
  window_executions: z.number().int().positive().default(20).describe('Evaluate alerts over the newest N executions of each workflow...'),
  window_minutes: z.number().positive().default(60).describe('...that finished within this many minutes.'),
};

const alertOutput = z.object({
  alert: z.string(),
  workflow_id: z.string(),
  severity: z.string(),
  firing: z.boolean(),
  value: z.number(),
  threshold: z.number().nullable(),
  summary: z.string(),
  notified_channels: z.array(z.string()),
});

/** Output of `monitor_execution`. */
export const monitorOutput = {
  environment: z.string(),
  thresholds: z.object({ error_rate: z.number(), avg_duration_seconds: z.number(), daily_cost: z.number() }),
  workflows: z.array(
    z.object({
      workflow_id: z.string(),
      workflow: z.string(),
      execution_count: z.number(),
      by_status: z.record(z.string(), z.number()),
      success_rate: z.number(),
      error_rate: z.number(),
      avg_duration_seconds: z.number(),
      tokens_used: z.number(),
      cost_usd: z.number(),
      cost_per_execution: z.number(),
      last_status: z.string().nullable(),
      last_execution_at: z.string().nullable(),
      errors: z.array(z.object({ error_type: z.string(), node: z.string(), count: z.number() })),
    }),
  ),
  alerts: z.array(alertOutput),
};

type Args = { [K in keyof typeof monitorInput]: z.infer<(typeof monitorInput)[K]> };

/** Whether `record` belongs to the workflow the caller named (name, workflow id or agent id). */
function matches(record: ExecutionRecord, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  const workflowId = wanted.startsWith('agent_') ? `workflow_${wanted.slice('agent_'.length)}` : wanted;
  return record.workflow === wanted || record.workflow_id === workflowId;
}

/**
 * `monitor_execution`: execution metrics (the seed's execution count, success and error rate,
 * average duration, tokens, cost per execution) and the state of the seed's four alerts per
 * workflow, from the environment's execution journal — the same evaluation `exec-automator
 * monitor` runs, read-only: nothing is notified or saved.
 */
export async function monitorExecution(ctx: ServerContext, args: Args): Promise<ToolResult> {
  try {
    const deployer = await ctx.deployer(await ctx.root(args.root));
    const layout = deployer.layout(args.environment);
    const settings = deployer.settings(args.environment);
    const thresholds = {
      errorRate: args.alert_thresholds?.error_rate ?? settings.thresholds.errorRate,
      avgDurationSeconds: args.alert_thresholds?.avg_duration_seconds ?? settings.thresholds.avgDurationSeconds,
      dailyCost: args.alert_thresholds?.daily_cost ?? settings.thresholds.dailyCost,
    };
    const records = (await new ExecutionJournal(layout).readAll()).filter((r) => matches(r, args.agent_id));
    const state = await readAlertState(layout);
    const alerts = evaluateAlerts(records, {
      environment: args.environment,
      thresholds,
      window: { executions: args.window_executions, minutes: args.window_minutes },
    }).map((a) => ({
      alert: a.alert,
      workflow_id: a.workflow_id,
      severity: a.severity,
      firing: a.firing,
      value: a.value,
      threshold: a.threshold,
      summary: a.summary,
      notified_channels: Object.keys(state.alerts[a.dedup_key]?.notified ?? {}),
    }));
    const workflows = executionStats(records).map((s) => {
      const tokens = s.tokens.reduce((n, t) => n + t.input + t.output, 0);
      return {
        workflow_id: s.workflow_id,
        workflow: s.workflow,
        execution_count: s.executions,
        by_status: { ...s.by_status },
        success_rate: s.success_rate_percent,
        error_rate: s.error_rate,
        avg_duration_seconds: s.avg_duration_seconds,
        tokens_used: tokens,
        cost_usd: s.cost_usd,
        cost_per_execution: s.executions ? s.cost_usd / s.executions : 0,
        last_status: s.last_status,
        last_execution_at: s.last_execution_at,
        errors: s.errors,
      };
    });
    const firing = alerts.filter((a) => a.firing);
    const text = workflows.length
      ? [
          ...workflows.map(
            (w) => `${w.workflow_id}: ${w.execution_count} execution(s), ${w.success_rate.toFixed(1)}% success, avg ${w.avg_duration_seconds.toFixed(2)} s, $${w.cost_usd.toFixed(4)}`,
          ),
          firing.length ? `Firing: ${firing.map((a) => `${a.alert} (${a.workflow_id})`).join(', ')}` : 'No alert is firing.',
        ].join('\n')
      : `No executions recorded in ${args.environment}${args.agent_id ? ` for ${args.agent_id}` : ''} yet.`;
    return ok(
      { environment: args.environment, thresholds: { error_rate: thresholds.errorRate, avg_duration_seconds: thresholds.avgDurationSeconds, daily_cost: thresholds.dailyCost }, workflows, alerts },
      text,
    );
  } catch (error) {
    return failure(error);
  }
}
