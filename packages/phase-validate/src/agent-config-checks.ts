import { readFile } from 'node:fs/promises';
import {
  agentConfigFileName,
  agentConfigSchema,
  jsonErrorLocation,
  lineOfKey,
  REQUIRED_AGENT_FIELDS,
  resolveModel,
  similarModels,
  type AgentConfig,
  type FileAnalysis,
  type WorkflowSpec,
} from '@exec-automator/core';
import type { CheckTally, Finding } from './check-tally.js';

function toolName(tool: AgentConfig['tools'][number]): string {
  return typeof tool === 'string' ? tool : tool.name;
}

/**
 * The seed's agent-config checks for one workflow: present, valid JSON, required fields (each
 * missing one reported), supported model, tools that exist in the workflow, human-in-the-loop
 * checkpoints that name a real node configured to interrupt. Returns the parsed config when its
 * fields are valid.
 */
export async function agentConfigChecks(workflow: WorkflowSpec, analysis: FileAnalysis | undefined, tally: CheckTally): Promise<AgentConfig | undefined> {
  const file = workflow.agentConfigFile;
  if (!file) {
    tally.record('agent-config.present', [{
      code: 'AGENT_CONFIG_MISSING',
      file: workflow.file,
      message: `no agent config for ${workflow.name}`,
      fix: `add ${agentConfigFileName(workflow.key)} beside the workflow (fields: ${REQUIRED_AGENT_FIELDS.join(', ')})`,
    }]);
    return undefined;
  }
  tally.record('agent-config.present');
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const where = jsonErrorLocation(text, error as Error);
    tally.record('agent-config.json', [{
      code: 'AGENT_CONFIG_INVALID_JSON',
      file,
      ...(where.line ? { line: where.line } : {}),
      ...(where.column ? { column: where.column } : {}),
      message: `invalid JSON: ${where.message}`,
      fix: 'correct the JSON syntax',
    }]);
    return undefined;
  }
  tally.record('agent-config.json');
  const parsed = agentConfigSchema.safeParse(json);
  const fieldFindings: Finding[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const field = issue.path.map(String).join('.') || '(root)';
        const top = String(issue.path[0] ?? '');
        const missing = issue.code === 'invalid_type' && issue.path.length > 0 && valueAt(json, issue.path) === undefined;
        const line = lineOfKey(text, String(issue.path.at(-1) ?? top)) ?? lineOfKey(text, top);
        return missing
          ? { code: 'AGENT_CONFIG_FIELD_MISSING', file, ...(line ? { line } : {}), message: `required field "${field}" is missing`, fix: `add "${field}" (required: ${REQUIRED_AGENT_FIELDS.join(', ')})` }
          : { code: 'AGENT_CONFIG_FIELD_INVALID', file, ...(line ? { line } : {}), message: `field "${field}": ${issue.message}`, fix: `correct "${field}"` };
      });
  if (!tally.record('agent-config.fields', fieldFindings) || !parsed.success) return undefined;
  const config = parsed.data;
  tally.record('agent-config.model', modelFindings(config.model, file, text));
  if (analysis && !analysis.syntax_error && !analysis.error) {
    tally.record('agent-config.tools', toolFindings(config, analysis, workflow, file, text));
    tally.record('agent-config.hitl', hitlFindings(config, analysis, workflow, file, text));
  }
  return config;
}

function modelFindings(model: string, file: string, text: string): Finding[] {
  const line = lineOfKey(text, 'model');
  const resolved = resolveModel(model);
  if (!resolved) {
    return [{
      code: 'MODEL_UNSUPPORTED',
      file,
      ...(line ? { line } : {}),
      message: `model "${model}" is not supported`,
      fix: `use a supported model, e.g. ${similarModels(model).map((m) => `"${m}"`).join(', ')} (the table: MODEL_FAMILIES in @exec-automator/core)`,
    }];
  }
  if (resolved.deprecated) {
    return [{ code: 'MODEL_DEPRECATED', file, ...(line ? { line } : {}), message: `model "${model}" is deprecated`, fix: `use "${resolved.deprecated}"` }];
  }
  return [];
}

function toolFindings(config: AgentConfig, analysis: FileAnalysis, workflow: WorkflowSpec, file: string, text: string): Finding[] {
  const known = new Set([...analysis.nodes.map((n) => n.name), ...Object.keys(analysis.functions ?? {})].filter((n): n is string => !!n));
  return config.tools
    .map(toolName)
    .filter((name) => !known.has(name))
    .map((name) => ({
      code: 'TOOL_NOT_DEFINED',
      file,
      ...lineOf(text, name),
      message: `tool "${name}" is not defined in ${workflow.fileName}`,
      fix: 'name a node or function of the workflow, or remove the tool',
    }));
}

function hitlFindings(config: AgentConfig, analysis: FileAnalysis, workflow: WorkflowSpec, file: string, text: string): Finding[] {
  const interrupting = new Set([...analysis.interrupt_nodes, ...analysis.compiled.flatMap((c) => [...c.interrupt_before, ...c.interrupt_after])]);
  const nodes = new Set(analysis.nodes.map((n) => n.name));
  return (config.human_in_the_loop?.checkpoints ?? []).flatMap((checkpoint): Finding[] => {
    if (!nodes.has(checkpoint.node)) {
      return [{
        code: 'HITL_NODE_NOT_IN_GRAPH',
        file,
        ...lineOf(text, checkpoint.node),
        message: `human-in-the-loop checkpoint "${checkpoint.node}" is not a node of ${workflow.fileName}`,
        fix: `name one of its nodes: ${[...nodes].filter(Boolean).join(', ')}`,
      }];
    }
    if (!interrupting.has(checkpoint.node) && !interrupting.has('*')) {
      return [{
        code: 'HITL_NOT_CONFIGURED',
        file,
        ...lineOf(text, checkpoint.node),
        message: `checkpoint node "${checkpoint.node}" never stops for a human`,
        fix: `call interrupt() in the node, or compile with interrupt_before=["${checkpoint.node}"]`,
      }];
    }
    return [];
  });
}

/** `{ line }` of the first occurrence of `"needle"` in `text`, or nothing. */
function lineOf(text: string, needle: string): { line?: number } {
  const index = text.indexOf(`"${needle}"`);
  return index === -1 ? {} : { line: text.slice(0, index).split('\n').length };
}

function valueAt(json: unknown, at: readonly PropertyKey[]): unknown {
  let current = json;
  for (const key of at) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
