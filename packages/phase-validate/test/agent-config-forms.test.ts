import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type WorkflowSpec } from '@exec-automator/core';
import { agentConfigSchema } from '@exec-automator/core/source';
import { agentConfigChecks } from '../src/agent-config-checks.js';
import { CheckTally } from '../src/check-tally.js';
import { tempDirs } from './helpers/validate.js';

const tempDir = tempDirs();

const BASE = {
  agent_id: 'agent_x',
  agent_name: 'X',
  model: 'claude-sonnet-4-5',
  system_prompt: 'You help.',
  monitoring: {},
};

async function spec(config: unknown, langgraph = false): Promise<WorkflowSpec> {
  const dir = await tempDir();
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'agent-x-config.json');
  if (config !== undefined) await writeFile(file, JSON.stringify(config, null, 2));
  return {
    name: 'x', key: 'x', workflowId: 'x', slug: 'x', fileName: 'graph.py', file: path.join(dir, 'graph.py'), relativePath: 'graph.py',
    agentConfigFile: config === undefined ? undefined : file, testsFile: undefined, graphVariable: 'graph',
    ...(langgraph ? { langgraphGraph: { config: path.join(dir, 'langgraph.json'), id: 'x' } } : {}),
  };
}

describe('agent configs', () => {
  it('accept the shorthands a person writes: a checkpoint or a tool as just its name', () => {
    const parsed = agentConfigSchema.parse({ ...BASE, tools: ['search', { name: 'send_email' }], human_in_the_loop: { checkpoints: ['review', { node: 'approve', timeout_seconds: 60 }] } });
    expect(parsed.human_in_the_loop?.checkpoints).toEqual([{ node: 'review' }, { node: 'approve', timeout_seconds: 60 }]);
    expect(parsed.tools).toEqual(['search', { name: 'send_email' }]);
  });

  it('explain an invalid field with the forms it accepts and an example, not the schema library\'s words', async () => {
    const tally = new CheckTally();
    const config = await agentConfigChecks(await spec({ ...BASE, tools: 'search', human_in_the_loop: { checkpoints: [42] } }), tally);
    expect(config).toBeUndefined();
    const invalid = tally.errors.filter((e) => e.code === 'AGENT_CONFIG_FIELD_INVALID');
    const tools = invalid.find((e) => e.message.startsWith('field "tools"'));
    expect(tools?.message).toBe('field "tools" is the string "search"; it accepts an array of tool names or objects, e.g. ["search", {"name": "send_email", "description": "…"}]');
    const checkpoint = invalid.find((e) => e.message.startsWith('field "human_in_the_loop.checkpoints.0"'));
    expect(checkpoint?.fix).toContain('a node name ("review") or an object {"node": "review", "timeout_seconds": 3600}');
    expect(invalid.map((e) => e.message).join(' ')).not.toMatch(/expected object, received/);
  });

  it('are optional for a langgraph.json graph and required for a seed workflow file', async () => {
    const lg = new CheckTally();
    expect(await agentConfigChecks(await spec(undefined, true), lg)).toBeUndefined();
    expect(lg.errors).toEqual([]);
    const seed = new CheckTally();
    await agentConfigChecks(await spec(undefined, false), seed);
    expect(seed.errors.map((e) => e.code)).toEqual(['AGENT_CONFIG_MISSING']);
  });
});
