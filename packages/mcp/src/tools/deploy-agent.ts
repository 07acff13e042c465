import path from 'node:path';
import { z } from 'zod';
import type { DeployerEvent, DeploymentResult } from '@exec-automator/core';
import type { ServerContext } from '../server-context.js';
import { failure, ok, type ToolResult } from '../tool-result.js';
import { environmentInput, errorOutput, phaseOutput, rootInput } from './schemas.js';

/** Input of `deploy_agent`. */
export const deployAgentInput = {
  workflow: z.string().min(1).default('all').describe('A workflow name (e.g. workflow-resp_002-member-communication) or "all".'),
  source: z.string().min(1).describe('Directory with workflow-*.py, agent-*-config.json and tests/.'),
  environment: environmentInput,
  dry_run: z.boolean().default(false).describe('Validate for real, plan everything else, write nothing.'),
  validate_only: z.boolean().default(false).describe('Run validation only.'),
  skip_tests: z.boolean().default(false).describe('Skip pre-deployment tests (production: only with force).'),
  force: z.boolean().default(false).describe('Allow skip_tests in production.'),
  root: rootInput,
};

/** Output of `deploy_agent`. */
export const deployAgentOutput = {
  deployment_id: z.string(),
  status: z.enum(['SUCCESS', 'FAILED', 'PARTIAL']),
  environment: z.string(),
  workflows: z.array(z.object({ name: z.string(), workflow_id: z.string() })),
  phases: z.array(phaseOutput),
  release: z.object({ id: z.string(), previous_id: z.string().nullable(), switched: z.boolean(), status: z.string() }).nullable(),
  reports: z.array(z.string()),
  rollback: z.object({ to: z.string(), verified: z.boolean(), reason: z.string() }).optional(),
  report_markdown: z.string().optional(),
  error: errorOutput,
};

/** The structured output for a deployment result. */
export function deploymentOutput(result: DeploymentResult): Record<string, unknown> {
  return {
    deployment_id: result.id,
    status: result.status,
    environment: result.environment,
    workflows: result.workflows.map((w) => ({ name: w.name, workflow_id: w.workflowId })),
    phases: result.phases.map((p) => ({ name: p.name, title: p.title, status: p.status, duration_ms: p.durationMs, summary: p.summary })),
    release: result.release
      ? { id: result.release.id, previous_id: result.release.previousId, switched: result.release.switched, status: result.release.status }
      : null,
    reports: result.reports,
    // Only the declared fields: the output schema allows no others.
    ...(result.rollback ? { rollback: { to: result.rollback.to, verified: result.rollback.verified, reason: result.rollback.reason } } : {}),
    ...(result.reportMarkdown ? { report_markdown: result.reportMarkdown } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
}

type Args = { [K in keyof typeof deployAgentInput]: z.infer<(typeof deployAgentInput)[K]> };

/** Progress reporting for a long tool call (MCP `notifications/progress`), when the client asked for it. */
export type ProgressSink = (progress: number, total: number, message: string) => void;

/** Runs a deployment through the SDK; the result is the tool's structured output. */
export async function deployAgent(ctx: ServerContext, args: Args, signal: AbortSignal, progress: ProgressSink): Promise<ToolResult> {
  try {
    const root = await ctx.root(args.root);
    // The source and every path it names (links, langgraph.json graphs and dependencies), before anything is read.
    const { source } = await ctx.guard.checkSource(args.source, args.environment, { exclude: [root, ctx.python.cacheDir] });
    const deployer = await ctx.deployer(root, source);
    deployer.on('event', (event: DeployerEvent) => {
      if (event.type === 'phase:start') progress(event.index - 1, event.total, `${event.title}…`);
      if (event.type === 'phase:complete') progress(deployer.phases.findIndex((p) => p.name === event.phase) + 1, deployer.phases.length, `${event.title}: ${event.summary}`);
    });
    const result = await deployer.deploy({
      workflows: args.workflow === 'all' ? 'all' : [args.workflow],
      source,
      environment: args.environment,
      dryRun: args.dry_run,
      validateOnly: args.validate_only,
      skipTests: args.skip_tests,
      force: args.force,
      signal,
    });
    const data = deploymentOutput(result);
    if (result.status === 'FAILED') return failure(result.error ?? new Error('deployment failed'), data);
    const where = result.release ? ` as ${result.release.id} (${path.join(root, result.environment)})` : '';
    return ok(data, `${result.status}: ${result.workflows.length} workflow(s) to ${result.environment}${where}.\n\n${result.reportMarkdown ?? ''}`);
  } catch (error) {
    return failure(error);
  }
}
