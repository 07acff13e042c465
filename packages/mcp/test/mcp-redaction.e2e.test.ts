import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it } from 'vitest';

// The CLI's fixture workflow that logs, prints and raises with its model's API key
// (packages/cli/test/secrets-in-runs.e2e.test.ts runs it deployed): simulated through the MCP
// server, whose environment holds the key, no reply may carry it.

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FIXTURES = path.join(REPO, 'packages', 'cli', 'test', 'fixtures', 'leaky-workflows');
const WORKFLOW = 'workflow-leak_001-secret-logger';
const MARKER = 'sk-ant-api03-LEAKMARKER-mcp-5e02b8';

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('secret values in MCP replies', () => {
  it('never reach an MCP simulate_workflow reply (result, error, logs)', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-mcp-leak-'));
    const source = path.join(dir, 'src');
    await cp(FIXTURES, source, { recursive: true });
    await writeFile(path.join(source, 'leak-key.txt'), `${MARKER}\n`);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [path.join(REPO, 'packages', 'mcp', 'dist', 'main.js'), '--allow', dir],
      env: { ...(process.env as Record<string, string>), ANTHROPIC_API_KEY: MARKER },
      stderr: 'ignore',
    });
    const client = new Client({ name: 'leak-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      for (const input of [{ fail: true }, {}]) {
        const result = await client.callTool({ name: 'simulate_workflow', arguments: { workflow_file: path.join(source, `${WORKFLOW}.py`), test_input: input } }, undefined, { timeout: 600_000 });
        const text = JSON.stringify(result);
        expect(text).not.toContain(MARKER);
        expect(text).toContain('***');
        const logs = ((result.structuredContent as { logs?: string[] }).logs ?? []).join('\n');
        expect(logs).toContain('printed key ***');
      }
    } finally {
      await client.close();
    }
  });
});
