import { readFile } from 'node:fs/promises';
import {
  agentConfigFileName,
  agentConfigSchema,
  MODEL_FAMILIES,
  modelFamily,
  REQUIRED_AGENT_FIELDS,
  type AgentConfig,
  type FileAnalysis,
  type WorkflowSpec,
} from '@exec-automator/core';
import type { CheckTally } from './check-tally.js';

function toolName(tool: AgentConfig['tools'][number]): string {
  return typeof tool === 'string' ? tool : tool.name;
}

/**
 * The seed's agent-config checks for one workflow: present, valid JSON, required fields,
 * supported model, tools that exist in the workflow, human-in-the-loop checkpoints that name a
 * real node configured to interrupt. Returns the parsed config when its fields are valid.
 */
export async function agentConfigChecks(
  workflow: WorkflowSpec,
  analysis: FileAnalysis | undefined,
  tally: CheckTally,
): Promise<AgentConfig | undefined> {
  const file = workflow.agentConfigFile;
  if (
    !tally.record(
      'agent-config.present',
      file ? [] : [{ file: workflow.file, message: `no agent config for ${workflow.name}`, fix: `add ${agentConfigFileName(workflow.key)} beside the workflow (fields: ${REQUIRED_AGENT_FIELDS.join(', ')})` }],
    ) ||
    !file
  ) {
    return undefined;
  }
  let json: unknown;
  const text = await readFile(file, 'utf8');
  try {
    json = JSON.parse(text);
  } catch (error) {
    const match = /position (\d+)/.exec((error as Error).message);
    const line = match ? text.slice(0, Number(match[1])).split('\n').length : undefined;
    tally.record('agent-config.json', [{ file, line, message: `invalid JSON: ${(error as Error).message}`, fix: 'correct the JSON syntax' }]);
    return undefined;
  }
  tally.record('agent-config.json', []);
  const parsed = agentConfigSchema.safeParse(json);
  if (
    !tally.record(
      'agent-config.fields',
      parsed.success
        ? []
        : parsed.error.issues.map((issue) => {
            const field = issue.path.join('.') || '(root)';
            const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
            return {
              file,
              line: lineOf(text, String(issue.path[0] ?? '')),
              message: missing ? `required field "${field}" is missing` : `field "${field}": ${issue.message}`,
              fix: missing ? `add "${field}" (required: ${REQUIRED_AGENT_FIELDS.join(', ')})` : `correct "${field}"`,
            };
          }),
    ) ||
    !parsed.success
  ) {
    return undefined;
  }
  const config = parsed.data;
  tally.record(
    'agent-config.model',
    modelFamily(config.model)
      ? []
      : [{
          file,
          line: lineOf(text, 'model'),
          message: `model "${config.model}" is not supported`,
          fix: `use a model of a supported family: ${MODEL_FAMILIES.map((f) => `${f.provider} (${f.examples.slice(0, 3).join(', ')}, ...)`).join('; ')}`,
        }],
  );
  if (analysis && !analysis.syntax_error) {
    const known = new Set([...analysis.nodes.map((n) => n.name), ...Object.keys(analysis.functions ?? {})].filter((n): n is string => !!n));
    tally.record(
      'agent-config.tools',
      config.tools
        .map(toolName)
        .filter((name) => !known.has(name))
        .map((name) => ({ file, line: lineOf(text, name), message: `tool "${name}" is not defined in ${workflow.fileName}`, fix: 'name a node or function of the workflow, or remove the tool' })),
    );
    const interrupting = new Set([
      ...analysis.interrupt_nodes,
      ...analysis.compiled.flatMap((c) => [...c.interrupt_before, ...c.interrupt_after]),
    ]);
    const nodes = new Set(analysis.nodes.map((n) => n.name));
    tally.record(
      'agent-config.hitl',
      (config.human_in_the_loop?.checkpoints ?? []).flatMap((checkpoint) => {
        if (!nodes.has(checkpoint.node)) {
          return [{ file, line: lineOf(text, checkpoint.node), message: `human-in-the-loop checkpoint "${checkpoint.node}" is not a node of ${workflow.fileName}`, fix: 'name an existing node' }];
        }
        if (!interrupting.has(checkpoint.node) && !interrupting.has('*')) {
          return [{ file, line: lineOf(text, checkpoint.node), message: `checkpoint node "${checkpoint.node}" never stops for a human`, fix: `call interrupt() in the node, or compile with interrupt_before=["${checkpoint.node}"]` }];
        }
        return [];
      }),
    );
  }
  return config;
}

/** 1-based line of the first occurrence of `"needle"` in `text`. */
function lineOf(text: string, needle: string): number | undefined {
  if (!needle) return undefined;
  const index = text.indexOf(`"${needle}"`);
  return index === -1 ? undefined : text.slice(0, index).split('\n').length;
}
