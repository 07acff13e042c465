import { readFile } from 'node:fs/promises';
import { type WorkflowSpec } from '@exec-automator/core';
import { resolveModel, similarModels } from '@exec-automator/core/models';
import { type FileAnalysis, type GraphInspection } from '@exec-automator/core/python';
import {
  AGENT_CONFIG_FIELD_FORMS,
  type AgentConfig,
  agentConfigFileName,
  agentConfigSchema,
  jsonErrorLocation,
  lineOfKey,
  REQUIRED_AGENT_FIELDS,
} from '@exec-automator/core/source';
import { FILE_JSON_LIMITS, jsonLimitProblem } from '@exec-automator/core/util';
import type { CheckTally, Finding } from './check-tally.js';

function toolName(tool: AgentConfig['tools'][number]): string {
  return typeof tool === 'string' ? tool : tool.name;
}

/** The accepted forms of the field at `path` (`tools.0` → the form of `tools.*`). */
function formsOf(path: readonly PropertyKey[]): string | undefined {
  const exact = path.map(String).join('.');
  const wildcard = path.map((p) => (typeof p === 'number' ? '*' : String(p))).join('.');
  const parent = path.slice(0, -1).map(String).join('.');
  return AGENT_CONFIG_FIELD_FORMS[exact] ?? AGENT_CONFIG_FIELD_FORMS[wildcard] ?? (parent ? AGENT_CONFIG_FIELD_FORMS[parent] : undefined);
}

/**
 * Reads and checks one workflow's agent config: present (required for the seed's workflow
 * files, optional for a `langgraph.json` graph, whose id and name then come from the graph id),
 * valid JSON, required fields (each missing one reported), each invalid field with the forms it
 * accepts. Returns the parsed config when its fields are valid. What needs the graph (models,
 * tools, human-in-the-loop nodes) is checked once the graph has loaded (`agentConfigGraphChecks`).
 */
export async function agentConfigChecks(workflow: WorkflowSpec, tally: CheckTally): Promise<AgentConfig | undefined> {
  const file = workflow.agentConfigFile;
  if (!file) {
    if (workflow.langgraphGraph) return undefined; // optional for langgraph.json graphs
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
  // The limits every later reader lives with (Python's json in the runner and health-check.py
  // gives up near 1000 levels): a config that would fail after the switch fails here.
  const tooLarge = jsonLimitProblem(text, FILE_JSON_LIMITS);
  if (tooLarge) {
    tally.record('agent-config.json', [{
      code: 'AGENT_CONFIG_TOO_LARGE',
      file,
      message: `the config is not read: ${tooLarge.message}`,
      fix: `keep agent configs under ${FILE_JSON_LIMITS.maxBytes} bytes and ${FILE_JSON_LIMITS.maxDepth} levels of nesting`,
    }]);
    return undefined;
  }
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
        const line = lineOfKey(text, String(issue.path.findLast((p) => typeof p === 'string') ?? top)) ?? lineOfKey(text, top);
        const forms = formsOf(issue.path);
        if (missing) {
          return {
            code: 'AGENT_CONFIG_FIELD_MISSING', file, ...(line ? { line } : {}),
            message: `required field "${field}" is missing`,
            fix: `add "${field}"${forms ? `: ${forms}` : ''} (required: ${REQUIRED_AGENT_FIELDS.join(', ')})`,
          };
        }
        const got = valueAt(json, issue.path);
        return {
          code: 'AGENT_CONFIG_FIELD_INVALID', file, ...(line ? { line } : {}),
          message: `field "${field}" is ${describe(got)}${forms ? `; it accepts ${forms}` : `: ${issue.message}`}`,
          fix: forms ? `write "${field}" as ${forms}` : `correct "${field}" (${issue.message})`,
        };
      });
  if (!tally.record('agent-config.fields', fieldFindings) || !parsed.success) return undefined;
  return parsed.data;
}

function describe(value: unknown): string {
  if (value === undefined) return 'not valid';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `a ${typeof value}`;
}

/** What the graph checks of an agent config (or of a graph without one) know about the graph. */
export interface GraphFacts {
  /** Static analysis of the workflow file. */
  analysis: FileAnalysis | undefined;
  /** The compiled graph, when it loaded. */
  inspection: GraphInspection | undefined;
}

/**
 * Checks that need the graph: the config's model is supported (without a config, each model the
 * graph was seen to use is looked up: unknown ones are a warning), its tools exist somewhere in
 * the project (a function or tool of any local module the graph imports, or a tool bound in the
 * compiled graph), and its human-in-the-loop checkpoints name nodes that stop for a human.
 */
export async function agentConfigGraphChecks(workflow: WorkflowSpec, config: AgentConfig | undefined, graph: GraphFacts, tally: CheckTally): Promise<void> {
  const { analysis, inspection } = graph;
  if (!config) {
    if (inspection?.models?.length) tally.record('graph.models', seenModelFindings(workflow, inspection));
    return;
  }
  const file = workflow.agentConfigFile as string;
  const text = await readFile(file, 'utf8');
  tally.record('agent-config.model', modelFindings(config.model, file, text));
  if (analysis && !analysis.syntax_error && !analysis.error) {
    tally.record('agent-config.tools', toolFindings(config, analysis, inspection, workflow, file, text));
    tally.record('agent-config.hitl', hitlFindings(config, analysis, inspection, workflow, file, text));
  }
}

function seenModelFindings(workflow: WorkflowSpec, inspection: GraphInspection): Finding[] {
  const findings: Finding[] = [];
  for (const model of inspection.models ?? []) {
    const name = model.provider ? `${model.provider}:${model.name}` : model.name;
    const resolved = resolveModel(name) ?? resolveModel(model.name);
    if (!resolved) {
      findings.push({
        code: 'MODEL_UNKNOWN',
        file: workflow.file,
        message: `${workflow.name} uses model "${name}" (${model.via}), which is not in the model table: its API key and cost are not checked`,
        fix: `add an agent config naming a supported model, e.g. ${similarModels(model.name).map((m) => `"${m}"`).join(', ')}, or extend MODEL_FAMILIES`,
      });
    } else if (resolved.deprecated) {
      findings.push({ code: 'MODEL_DEPRECATED', file: workflow.file, message: `${workflow.name} uses deprecated model "${name}"`, fix: `use "${resolved.deprecated}"` });
    }
  }
  return findings;
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

function toolFindings(config: AgentConfig, analysis: FileAnalysis, inspection: GraphInspection | undefined, workflow: WorkflowSpec, file: string, text: string): Finding[] {
  const known = new Set(
    [
      ...analysis.nodes.map((n) => n.name),
      ...Object.keys(analysis.functions ?? {}),
      ...Object.keys(analysis.project_functions ?? {}),
      ...(inspection?.tools ?? []),
      ...(inspection?.nodes ?? []),
    ].filter((n): n is string => !!n),
  );
  return config.tools
    .map(toolName)
    .filter((name) => !known.has(name))
    .map((name) => ({
      code: 'TOOL_NOT_DEFINED' as const,
      // where tool names cannot all be read (toolkits, MCP tools) and the graph did not load, a miss is not sure
      ...(analysis.project_functions_complete === false && !inspection ? { severity: 'warning' as const } : {}),
      file,
      ...lineOf(text, name),
      message: `tool "${name}" is not defined in ${workflow.fileName} or any project module it imports${inspection?.tools?.length ? ` (the graph binds: ${inspection.tools.join(', ')})` : ''}`,
      fix: 'name a node, function or tool of the project, or remove the tool',
    }));
}

function hitlFindings(config: AgentConfig, analysis: FileAnalysis, inspection: GraphInspection | undefined, workflow: WorkflowSpec, file: string, text: string): Finding[] {
  const interrupting = new Set([
    ...analysis.interrupt_nodes,
    ...analysis.compiled.flatMap((c) => [...c.interrupt_before, ...c.interrupt_after]),
    ...(inspection ? [...inspection.interrupt_before, ...inspection.interrupt_after] : []),
  ]);
  const nodes = new Set([...analysis.nodes.map((n) => n.name), ...(inspection?.nodes ?? [])]);
  // A node whose interrupt() is not visible in the source (a helper module, a prebuilt) may
  // still stop: without a static view of the call, the check is left to the test cases.
  const opaque = (node: string): boolean => !analysis.nodes.some((n) => n.name === node && n.function && analysis.functions[n.function]);
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
    if (!interrupting.has(checkpoint.node) && !interrupting.has('*') && !opaque(checkpoint.node)) {
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
