import { readFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ServerContext, type ServerOptions } from './server-context.js';
import { boundResult, type ToolResult } from './tool-result.js';
import { deployAgent, deployAgentInput, deployAgentOutput } from './tools/deploy-agent.js';
import {
  deploymentStatus,
  listDeployments,
  listInput,
  listOutput,
  rollback,
  rollbackInput,
  rollbackOutput,
  statusInput,
  statusOutput,
} from './tools/environment-tools.js';
import { monitorExecution, monitorInput, monitorOutput } from './tools/monitor-execution.js';
import { simulateInput, simulateOutput, simulateWorkflow } from './tools/simulate-workflow.js';

/** Name and version the server announces (the version of the installed `@exec-automator/mcp` package). */
export const SERVER_INFO: { readonly name: 'exec-automator'; readonly version: string } = {
  name: 'exec-automator',
  version: (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version,
};

/** A running exec-automator MCP server and what it holds. */
export interface ExecAutomatorServer {
  /** The MCP server (connect it to a transport). */
  server: McpServer;
  /** Shared state: path guard, Deployers, warm simulation workers. */
  context: ServerContext;
  /** Stops workers and closes the server. */
  close(): Promise<void>;
}

/**
 * Builds the exec-automator MCP server with the seed's tools (`deploy_agent`,
 * `simulate_workflow`, `monitor_execution`) plus `rollback`, `deployment_status` and `list_deployments`. Every path
 * a tool receives must lie inside `options.allowedDirs`.
 */
export function createExecAutomatorServer(options: ServerOptions): ExecAutomatorServer {
  const context = new ServerContext(options);
  // Every reply is masked of known secret values and fits the client's buffer (cut to the reply limit, saying so).
  const bounded = async (run: () => Promise<ToolResult>): Promise<ToolResult> =>
    boundResult(context.redactor.redactDeep(await run()), context.limits.maxReplyBytes);
  const server = new McpServer(SERVER_INFO, {
    instructions:
      'Deploys LangGraph workflows (workflow-*.py with agent configs and tests) to dev, staging or production, ' +
      'simulates workflows with recorded model responses, and rolls environments back. Deployments can take a minute: ' +
      'progress notifications are sent when the request carries a progress token.',
  });

  server.registerTool(
    'deploy_agent',
    {
      title: 'Deploy workflows',
      description:
        'Validate, release and verify one workflow or all workflows of a source directory in an environment (the seven deployment phases). ' +
        'dry_run validates for real and plans the rest without writing; validate_only stops after validation. Fails with an error code: ' +
        'VALIDATION_FAILED, DEPLOY_LOCKED, HEALTH_CHECK_FAILED, SMOKE_TEST_FAILED, ...',
      inputSchema: deployAgentInput,
      outputSchema: deployAgentOutput,
      annotations: { destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    async (args, extra) => {
      const token = extra._meta?.progressToken;
      return bounded(() =>
        deployAgent(context, args, extra.signal, (progress, total, message) => {
          if (token === undefined) return;
          void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, total, message } }).catch(() => undefined);
        }),
      );
    },
  );

  server.registerTool(
    'simulate_workflow',
    {
      title: 'Simulate a workflow',
      description:
        'Run a workflow file with a test input (or one of its test cases) using fake chat models fed with recorded responses; ' +
        'no real LLM is called. Returns the final state, the interrupt where it stops for a human, model calls and captured logs.',
      inputSchema: simulateInput,
      outputSchema: simulateOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args, extra) => bounded(() => simulateWorkflow(context, args, extra.signal)),
  );

  server.registerTool(
    'monitor_execution',
    {
      title: 'Monitor executions',
      description:
        "Execution metrics of deployed workflows (count by status, success and error rate, average duration, tokens, cost per execution, errors by type and node) " +
        "and the state of the four alerts (high error rate, slow execution, workflow failure, high API cost) over the environment's recorded executions. Read-only: " +
        'notifications are sent by `exec-automator monitor`.',
      inputSchema: monitorInput,
      outputSchema: monitorOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => bounded(() => monitorExecution(context, args)),
  );

  server.registerTool(
    'rollback',
    {
      title: 'Roll back an environment',
      description: 'Switch an environment back to the newest good release before the current one (or to a given release id), mark the release rolled back from as bad, and verify the restored release with health checks and smoke tests.',
      inputSchema: rollbackInput,
      outputSchema: rollbackOutput,
      annotations: { destructiveHint: true, openWorldHint: false },
    },
    async (args, extra) => bounded(() => rollback(context, args, extra.signal)),
  );

  server.registerTool(
    'deployment_status',
    {
      title: 'Deployment status',
      description: 'The current release of an environment, every release with its status (pending, good, bad), the rollback target, the lock holder and the last operation.',
      inputSchema: statusInput,
      outputSchema: statusOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => bounded(() => deploymentStatus(context, args)),
  );

  server.registerTool(
    'list_deployments',
    {
      title: 'List deployments',
      description: 'The history of an environment (deployments, rollbacks, failures; newest last) and its releases.',
      inputSchema: listInput,
      outputSchema: listOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => bounded(() => listDeployments(context, args)),
  );

  return {
    server,
    context,
    async close() {
      await context.close();
      await server.close();
    },
  };
}
