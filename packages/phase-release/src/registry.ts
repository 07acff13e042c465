import type { AgentConfig, EnvironmentSettings, ReleasedWorkflow } from '@exec-automator/core';

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
  /** How to run it with this tool (there is no HTTP server; these are CLI commands). */
  commands: { status: string; rollback: string };
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
      agent_config: released.agentConfig?.replace(/^configs\//, '') ?? null,
      agent_id: config?.agent_id ?? null,
      deployment_status: 'active',
      auto_start: config?.auto_start ?? true,
      schedule: config?.schedule ?? 'on_demand',
      priority: config?.priority ?? 'medium',
      commands: { status: `exec-automator status ${cli}`, rollback: `exec-automator rollback ${cli}` },
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
