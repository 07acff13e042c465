import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type EnvironmentSettings } from '@exec-automator/core';
import { workflowEndpoints, type WorkflowEndpoints } from '@exec-automator/executions';
import { type AgentConfig, LANGGRAPH_DOCKER_ONLY_KEYS } from '@exec-automator/core/source';
import { type ReleasedWorkflow } from '@exec-automator/core/state';

/** One entry of the seed's workflow-registry.json. */
export interface RegistryWorkflow {
  workflow_id: string;
  workflow_name: string;
  workflow_file: string;
  /** LangGraph graph reference inside the release (`./workflows/<file>.py:graph`). */
  graph: string;
  agent_config: string | null;
  agent_id: string | null;
  deployment_status: 'active';
  auto_start: boolean;
  schedule: string;
  priority: string;
  /** The graph id in the released `langgraph.json` (verbatim), when the source declared one. */
  graph_id?: string;
  /** How to run it with this tool: CLI commands. */
  commands: { status: string; rollback: string };
  /**
   * The seed's routes of `exec-automator serve` for this workflow (base URL: the `serverUrl`
   * setting); `cancel` takes the execution id after it.
   */
  endpoints: WorkflowEndpoints;
  monitoring: { metrics_enabled: boolean; alerts_enabled: boolean; dashboard_url?: string };
}

/** The seed's workflow-registry.json. */
export interface WorkflowRegistry {
  registry_version: '1.0.0';
  deployment_id: string;
  deployment_timestamp: string;
  environment: string;
  organization: string;
  workflows: RegistryWorkflow[];
}

/** Inputs of {@link buildRegistry}. */
export interface RegistryInput {
  deploymentId: string;
  timestamp: string;
  environment: string;
  root: string;
  settings: EnvironmentSettings;
  workflows: ReadonlyArray<{ released: ReleasedWorkflow; config: AgentConfig | undefined }>;
}

/** Builds the registry of the workflows in a release. */
export function buildRegistry(input: RegistryInput): WorkflowRegistry {
  const cli = `--environment=${input.environment} --root ${input.root}`;
  return {
    registry_version: '1.0.0',
    deployment_id: input.deploymentId,
    deployment_timestamp: input.timestamp,
    environment: input.environment,
    organization: input.settings.organization,
    workflows: input.workflows.map(({ released, config }) => ({
      workflow_id: released.workflowId,
      workflow_name: released.name,
      workflow_file: released.file.replace(/^workflows\//, ''),
      graph: released.graph,
      ...(released.graphId !== undefined ? { graph_id: released.graphId } : {}),
      agent_config: released.agentConfig?.replace(/^configs\//, '') ?? null,
      agent_id: config?.agent_id ?? null,
      deployment_status: 'active',
      auto_start: config?.auto_start ?? true,
      schedule: config?.schedule ?? 'on_demand',
      priority: config?.priority ?? 'medium',
      commands: { status: `exec-automator status ${cli}`, rollback: `exec-automator rollback ${cli}` },
      endpoints: workflowEndpoints(input.settings.serverUrl, released.workflowId),
      monitoring: {
        metrics_enabled: config?.monitoring.metrics_enabled ?? true,
        alerts_enabled: config?.monitoring.alerts_enabled ?? true,
        ...(input.settings.monitoringEndpoint ? { dashboard_url: `${input.settings.monitoringEndpoint.replace(/\/$/, '')}/${released.workflowId}` } : {}),
      },
    })),
  };
}

/**
 * A real `langgraph.json` (LangGraph CLI format) whose `graphs` map points at the released
 * workflows, so `langgraph dev` / `langgraph build` work from the release directory.
 */
export function buildLanggraphJson(workflows: readonly ReleasedWorkflow[], pythonVersion: string | undefined): Record<string, unknown> {
  return {
    dependencies: ['.'],
    graphs: Object.fromEntries(workflows.map((w) => [w.name, w.graph])),
    env: '.env',
    ...(pythonVersion ? { python_version: pythonVersion.split('.').slice(0, 2).join('.') } : {}),
  };
}


/** The source's `langgraph.json` for the release, and the keys it keeps without applying. */
export interface ReleasedLanggraphJson {
  /** The released `langgraph.json`. */
  json: Record<string, unknown>;
  /** Docker-only keys the source sets (kept, not applied). */
  notApplied: string[];
}

/** `./src/agent.py:graph` (relative to the project) → `./workflows/src/agent.py:graph` (relative to the release). */
function inRelease(value: string): string {
  const colon = value.lastIndexOf(':');
  const hasAttr = colon > 0 && !value.slice(colon + 1).includes('/');
  const file = hasAttr ? value.slice(0, colon) : value;
  const attr = hasAttr ? value.slice(colon) : '';
  const relative = path.posix.normalize(file);
  return `./${path.posix.join('workflows', relative)}${attr}`;
}

function rewritePaths(value: unknown): unknown {
  if (typeof value === 'string') return /^\.\.?\//.test(value) ? inRelease(value) : value;
  if (Array.isArray(value)) return value.map(rewritePaths);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewritePaths(v)]));
  return value;
}

/**
 * The source project's `langgraph.json` for its release: every key kept (`auth`, `store`,
 * `checkpointer`, `http`, `$schema`, …) with every relative path rewritten to where the release
 * holds it (`./workflows/…`), local dependencies included (`"."` → `"./workflows"`); `env` points
 * at the release's `.env` (settings only: secret values live in the secrets backend). Graph ids
 * are kept verbatim. Docker-only keys are kept and returned in `notApplied`.
 */
export async function releasedLanggraphJson(
  projectRoot: string,
  workflows: readonly ReleasedWorkflow[],
  pythonVersion: string | undefined,
): Promise<ReleasedLanggraphJson> {
  const source = JSON.parse(await readFile(path.join(projectRoot, 'langgraph.json'), 'utf8')) as Record<string, unknown>;
  const json: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'env') json.env = '.env';
    else if (key === 'dependencies' && Array.isArray(value)) json.dependencies = value.map((d) => (d === '.' ? './workflows' : rewritePaths(d)));
    else if (key === 'graphs' || !(LANGGRAPH_DOCKER_ONLY_KEYS).includes(key)) json[key] = rewritePaths(value);
    else json[key] = value;
  }
  if (!('dependencies' in json)) json.dependencies = ['./workflows'];
  if (!('env' in json)) json.env = '.env';
  if (!('python_version' in json) && pythonVersion) json.python_version = pythonVersion.split('.').slice(0, 2).join('.');
  // Only the graphs deployed (a selection may deploy some); seed workflow files beside
  // langgraph.json that it does not list are added.
  const deployed = new Set(workflows.map((w) => w.graphId).filter((id): id is string => id !== undefined));
  const graphs = Object.fromEntries(Object.entries((json.graphs ?? {}) as Record<string, unknown>).filter(([id]) => deployed.has(id)));
  for (const w of workflows) if (w.graphId === undefined && !(w.name in graphs)) graphs[w.name] = w.graph;
  json.graphs = graphs;
  return { json, notApplied: LANGGRAPH_DOCKER_ONLY_KEYS.filter((k) => k in source) };
}
