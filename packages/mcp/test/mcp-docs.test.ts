import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import { createExecAutomatorServer, DEFAULT_MCP_LIMITS } from '../src/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The tool names of the table in the `## Tools` section of docs/mcp.md, in order. */
function documentedTools(markdown: string): string[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Tools\n')) ?? '';
  return [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1] as string);
}

describe('docs/mcp.md', () => {
  it('lists exactly the tools the server registers (official client, tools/list)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-mcp-docs-'));
    const app = createExecAutomatorServer({ allowedDirs: [dir] });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'docs-check', version: '1.0.0' });
    try {
      await app.server.connect(serverSide);
      await client.connect(clientSide);
      const { tools } = await client.listTools();
      const documented = documentedTools(await readFile(path.join(repo, 'docs', 'mcp.md'), 'utf8'));
      expect(documented.length).toBeGreaterThan(0);
      expect([...documented].sort()).toEqual(tools.map((t) => t.name).sort());
      expect(documented).toContain('monitor_execution');
    } finally {
      await client.close();
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('documents the request and reply limits the server enforces', async () => {
    const section = (await readFile(path.join(repo, 'docs', 'mcp.md'), 'utf8')).split(/^## /m).find((s) => s.startsWith('Limits\n')) ?? '';
    expect(section).toContain(`(${DEFAULT_MCP_LIMITS.maxRequestBytes} bytes)`);
    expect(section).toContain(`| ${DEFAULT_MCP_LIMITS.maxRequestDepth} levels |`);
    expect(section).toContain(`(${DEFAULT_MCP_LIMITS.maxReplyBytes} bytes)`);
  });
});
