import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Requests over the documented limits get a typed error reply and the server keeps serving;
// replies are cut below the official client's 10 MiB stdio buffer, saying so.

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const examples = path.join(repo, 'examples', 'workflows');
const server = path.join(repo, 'packages', 'mcp', 'dist', 'main.js');

let workdir = '';
let client: Client;

type Structured = Record<string, unknown>;

async function call(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; data: Structured; text: string; code?: string; meta: Structured }> {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 600_000 });
  const content = result.content as Array<{ type: string; text?: string }>;
  const meta = (result._meta ?? {}) as Structured;
  const error = meta['exec-automator/error'] as { code: string } | undefined;
  return {
    isError: result.isError === true,
    data: (result.structuredContent ?? {}) as Structured,
    text: content.map((c) => c.text ?? '').join('\n'),
    meta,
    ...(error ? { code: error.code } : {}),
  };
}

beforeAll(async () => {
  workdir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-mcp-limits-'));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [server, '--allow', workdir, '--allow', examples, '--root', path.join(workdir, 'root')],
    env: { ...(process.env as Record<string, string>) },
    stderr: 'ignore',
  });
  client = new Client({ name: 'exec-automator-limits-test', version: '1.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  await rm(workdir, { recursive: true, force: true });
});

const workflowFile = path.join(examples, 'workflow-resp_002-member-communication.py');

describe('MCP request and reply limits', () => {
  it('answers a 20 MB simulate_workflow argument with REQUEST_TOO_LARGE and keeps serving', async () => {
    const started = performance.now();
    const huge = await call('simulate_workflow', { workflow_file: workflowFile, test_input: { request_text: 'x'.repeat(20 * 1024 * 1024) } });
    expect(huge.isError).toBe(true);
    expect(huge.code).toBe('REQUEST_TOO_LARGE');
    expect(huge.text).toMatch(/^\[REQUEST_TOO_LARGE\] .*over the 4194304-byte limit/);
    expect(performance.now() - started).toBeLessThan(30_000);
    const { tools } = await client.listTools();
    expect(tools.length).toBe(6);
    // An 11 MB deploy_agent source and a 5 MB input: refused the same way, server still up.
    const source = await call('deploy_agent', { workflow: 'all', source: `/${'a'.repeat(11 * 1024 * 1024)}`, validate_only: true });
    expect(source.code).toBe('REQUEST_TOO_LARGE');
    const five = await call('simulate_workflow', { workflow_file: workflowFile, test_input: { request_text: 'y'.repeat(5 * 1024 * 1024) } });
    expect(five.code).toBe('REQUEST_TOO_LARGE');
    expect((await call('deployment_status', { environment: 'dev' })).isError).toBe(false);
  });

  it('refuses arguments nested deeper than the limit without parsing them', async () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 2000; i++) deep = [deep];
    const result = await call('simulate_workflow', { workflow_file: workflowFile, test_input: { deep } });
    expect(result.code).toBe('REQUEST_TOO_LARGE');
    expect(result.text).toContain('nested more than 64 levels');
    let within: unknown = 'leaf';
    for (let i = 0; i < 40; i++) within = { a: within };
    // Within the limit the call goes through to the tool (which finds no such file).
    const ok = await call('simulate_workflow', { workflow_file: path.join(workdir, 'missing.py'), test_input: { within } });
    expect(ok.code).toBe('WORKFLOW_NOT_FOUND');
  });

  it('cuts a reply larger than the reply limit below the client buffer, saying so', async () => {
    const file = path.join(workdir, 'workflow-big_001-output.py');
    await writeFile(
      file,
      [
        'from typing import TypedDict',
        'from langgraph.graph import StateGraph, START, END',
        'class S(TypedDict, total=False):',
        '    text: str',
        '    items: list',
        'def grow(state: S) -> S:',
        '    print("z" * 2_000_000)',
        '    return {"text": "x" * 12_000_000, "items": list(range(300_000))}',
        'b = StateGraph(S)',
        'b.add_node("grow", grow)',
        'b.add_edge(START, "grow")',
        'b.add_edge("grow", END)',
        'graph = b.compile()',
        '',
      ].join('\n'),
    );
    const result = await call('simulate_workflow', { workflow_file: file, test_input: {}, timeout_seconds: 300 });
    expect(result.isError, result.text).toBe(false);
    expect(result.data.status).toBe('completed');
    const truncated = result.meta['exec-automator/truncated'] as { original_bytes: number; bytes: number; limit: number };
    expect(truncated.original_bytes).toBeGreaterThan(12_000_000);
    expect(truncated.bytes).toBeLessThan(8 * 1024 * 1024);
    expect(result.text).toContain('[reply truncated:');
    const output = result.data.output as { text: string; items: number[] };
    expect(output.text).toMatch(/…\[cut \d+ characters\]$/);
    expect(output.items.length).toBeLessThan(300_000);
    expect((await client.listTools()).tools.length).toBe(6);
  });
});
