import { mkdtemp, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowRunner } from '@exec-automator/executions';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const examples = path.join(repo, 'examples', 'workflows');
const server = path.join(repo, 'packages', 'mcp', 'dist', 'main.js');

let workdir = '';
let client: Client;

type Structured = Record<string, unknown>;

async function call(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; data: Structured; text: string; code?: string }> {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 600_000, resetTimeoutOnProgress: true });
  const content = result.content as Array<{ type: string; text?: string }>;
  const error = (result._meta as Structured | undefined)?.['exec-automator/error'] as { code: string } | undefined;
  return {
    isError: result.isError === true,
    data: (result.structuredContent ?? {}) as Structured,
    text: content.map((c) => c.text ?? '').join('\n'),
    ...(error ? { code: error.code } : {}),
  };
}

beforeAll(async () => {
  workdir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-mcp-'));
  // The built server as a process, allowed to read the examples and write under workdir only.
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [server, '--allow', workdir, '--allow', examples, '--root', path.join(workdir, 'root')],
    env: { ...(process.env as Record<string, string>) },
    stderr: 'ignore',
  });
  client = new Client({ name: 'exec-automator-test', version: '1.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  await rm(workdir, { recursive: true, force: true });
});

describe('exec-automator MCP server over stdio (official client, built server process)', () => {
  it('lists the seed\'s tools with input and output schemas', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    expect(names).toEqual(['deploy_agent', 'deployment_status', 'list_deployments', 'monitor_execution', 'rollback', 'simulate_workflow']);
    const deploy = tools.find((t) => t.name === 'deploy_agent');
    expect(deploy?.inputSchema.required).toContain('source');
    expect(deploy?.outputSchema?.properties).toHaveProperty('deployment_id');
  });

  it('simulates a workflow with recorded responses and stops at its human-in-the-loop node', async () => {
    const result = await call('simulate_workflow', {
      workflow_file: path.join(examples, 'workflow-resp_002-member-communication.py'),
      test_case: 'renewal request is drafted and held for human review',
    });
    expect(result.isError, result.text).toBe(false);
    expect(result.data.test).toMatchObject({ passed: true, failures: [] });
    expect(result.data.interrupt).toMatchObject({ node: 'human_review' });
    const free = await call('simulate_workflow', {
      workflow_file: path.join(examples, 'workflow-resp_002-member-communication.py'),
      test_input: { member_email: 'ada@example.org', member_name: 'Ada', request_text: 'How do I renew my membership?' },
      responses: ['renewal', 'Subject: Renewing your membership\n\nDear Ada, here is how to renew.'],
    });
    expect(free.isError, free.text).toBe(false);
    expect(free.data, JSON.stringify(free.data)).toBeDefined();
    expect(free.data, JSON.stringify(free.data)).toMatchObject({ status: 'interrupted', model_calls: 2 });
    const resumed = await call('simulate_workflow', {
      workflow_file: path.join(examples, 'workflow-resp_002-member-communication.py'),
      thread_id: free.data.thread_id,
      resume: { approved: true, edits: '' },
      responses: [],
    });
    expect(resumed.isError, resumed.text).toBe(false);
    expect(resumed.data.status).toBe('completed');
  });

  it('deploys the examples twice, rolls back to the first release and reports status and history', async () => {
    const first = await call('deploy_agent', { workflow: 'all', source: examples, environment: 'dev' });
    expect(first.isError, first.text).toBe(false);
    expect(first.data).toMatchObject({ status: 'SUCCESS', environment: 'dev' });
    const second = await call('deploy_agent', { workflow: 'workflow-resp_005-board-coordination', source: examples });
    expect(second.data.status).toBe('SUCCESS');
    const rollback = await call('rollback', { environment: 'dev' });
    expect(rollback.isError, rollback.text).toBe(false);
    expect(rollback.data).toMatchObject({ from: second.data.deployment_id, to: first.data.deployment_id, verified: true });
    expect(await readlink(path.join(workdir, 'root', 'dev', 'current'))).toBe(path.join('releases', first.data.deployment_id as string));
    const status = await call('deployment_status', { environment: 'dev' });
    expect((status.data.current as Structured).id).toBe(first.data.deployment_id);
    const list = await call('list_deployments', { environment: 'dev' });
    expect((list.data.history as Array<{ event: string }>).map((h) => h.event)).toEqual(['deploy', 'deploy', 'rollback']);
  });

  it('reports execution metrics and alert state of the deployed workflows', async () => {
    // Executions of the deployed release, through the SDK, with recorded responses (no real LLM):
    // three fail input validation by design, one stops at its human-in-the-loop node.
    const runner = new WorkflowRunner({ root: path.join(workdir, 'root'), environment: 'dev' });
    try {
      for (let i = 0; i < 3; i++) await runner.invoke({ workflow: 'workflow-resp_002-member-communication', input: { member_name: 'Ada' }, fakeResponses: [] });
      await runner.invoke({
        workflow: 'workflow-resp_002-member-communication',
        input: { member_email: 'ada@example.org', member_name: 'Ada', request_text: 'How do I renew?' },
        fakeResponses: ['renewal', 'Subject: Renewal\n\nDear Ada, here is how.'],
      });
    } finally {
      await runner.close();
    }
    const result = await call('monitor_execution', { agent_id: 'agent_resp_002', environment: 'dev' });
    expect(result.isError, result.text).toBe(false);
    const workflows = result.data.workflows as Array<Structured>;
    expect(workflows).toHaveLength(1);
    expect(workflows[0]).toMatchObject({ workflow_id: 'workflow_resp_002', execution_count: 4, error_rate: 0.75 });
    const alerts = result.data.alerts as Array<Structured>;
    expect(alerts.find((a) => a.alert === 'HighErrorRate')).toMatchObject({ firing: true, threshold: 0.05, notified_channels: [] });
    const relaxed = await call('monitor_execution', { agent_id: 'workflow_resp_002', environment: 'dev', alert_thresholds: { error_rate: 0.9 } });
    expect((relaxed.data.alerts as Array<Structured>).find((a) => a.alert === 'HighErrorRate')?.firing).toBe(false);
  });

  it('refuses paths outside the allowed directories with PATH_NOT_ALLOWED', async () => {
    const result = await call('deploy_agent', { workflow: 'all', source: examples, root: os.tmpdir() });
    expect(result.isError).toBe(true);
    expect(result.code).toBe('PATH_NOT_ALLOWED');
    expect(result.text).toMatch(/^\[PATH_NOT_ALLOWED\]/);
  });

  it('returns validation failures as tool errors carrying the error code', async () => {
    const result = await call('rollback', { environment: 'staging' });
    expect(result.isError).toBe(true);
    expect(result.code).toBe('NO_ROLLBACK_TARGET');
    expect((result.data.error as Structured).code).toBe('NO_ROLLBACK_TARGET');
  });

  it('refuses NUL and ".." in every id argument with INVALID_ARGUMENT, and the server stays up', async () => {
    for (const bad of ['a\u0000b', '..', '../releases/x', 'dep-1/../x']) {
      const rollback = await call('rollback', { environment: 'dev', to: bad });
      expect([bad, rollback.code]).toEqual([bad, 'INVALID_ARGUMENT']);
      const deploy = await call('deploy_agent', { workflow: bad, source: examples, environment: 'dev' });
      expect([bad, deploy.code]).toEqual([bad, 'INVALID_ARGUMENT']);
      const simulate = await call('simulate_workflow', { workflow_file: path.join(examples, 'workflow-resp_002-member-communication.py'), thread_id: bad, test_input: {} });
      expect([bad, simulate.code]).toEqual([bad, 'INVALID_ARGUMENT']);
    }
    const nulPath = await call('deploy_agent', { workflow: 'all', source: `${examples}\u0000x` });
    expect(nulPath.code).toBe('INVALID_ARGUMENT');
    expect((await call('deployment_status', { environment: 'dev' })).isError).toBe(false);
  });
});
