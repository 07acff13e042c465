import { createHash } from 'node:crypto';
import { type EnvironmentLayout, type ReleaseMeta, ReleaseStore } from '@exec-automator/core';
import { type ReleasedWorkflow } from '@exec-automator/core/state';

/** The namespace the LangGraph server derives an assistant id from its graph id with (UUID v5). */
const GRAPH_NAMESPACE = '6ba7b821-9dad-11d1-80b4-00c04fd430c8';

/** A UUID v5 (SHA-1, RFC 4122) of `name` in `namespace`. */
export function uuid5(name: string, namespace: string = GRAPH_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An assistant in the Agent Server's shape: one per graph of the current release. */
export interface Assistant {
  /** UUID v5 of the graph id, as the LangGraph server derives it. */
  assistant_id: string;
  /** The graph id (`langgraph.json` graph id, else the workflow name). */
  graph_id: string;
  /** Same as the graph id. */
  name: string;
  /** The seed workflow id and file. */
  description: string | null;
  /** Default run config (none). */
  config: Record<string, unknown>;
  /** Default run context (none). */
  context: Record<string, unknown>;
  /** `created_by: system`, the workflow id, the release id. */
  metadata: Record<string, unknown>;
  /** Always 1: assistants are the release's graphs, not edited through the API. */
  version: number;
  /** When the release was created. */
  created_at: string;
  /** When the release was activated. */
  updated_at: string;
}

/** An assistant with the workflow it runs. */
export interface ResolvedAssistant {
  /** The API object. */
  assistant: Assistant;
  /** The released workflow (its `name` is what the runner runs). */
  workflow: ReleasedWorkflow;
  /** The release it belongs to. */
  release: ReleaseMeta;
}

/** The graph id of a released workflow. */
export function graphIdOf(workflow: ReleasedWorkflow): string {
  return workflow.graphId ?? workflow.name;
}

/** The assistants of the environment's current release (none when nothing is deployed). */
export async function currentAssistants(layout: EnvironmentLayout): Promise<ResolvedAssistant[]> {
  const store = new ReleaseStore(layout);
  const id = await store.currentId().catch(() => null);
  if (!id) return [];
  const release = await store.read(id);
  return release.workflows.map((workflow) => {
    const graphId = graphIdOf(workflow);
    return {
      workflow,
      release,
      assistant: {
        assistant_id: uuid5(graphId),
        graph_id: graphId,
        name: graphId,
        description: `${workflow.workflowId} (${workflow.file})`,
        config: {},
        context: {},
        metadata: { created_by: 'system', workflow_id: workflow.workflowId, release_id: release.id },
        version: 1,
        created_at: release.createdAt,
        updated_at: release.activatedAt ?? release.createdAt,
      },
    };
  });
}

/**
 * The assistant `ref` names in the current release: an assistant id, a graph id, a workflow
 * name or a seed workflow id (`workflow_resp_002`, or `resp_002` as in the seed's routes).
 */
export async function findAssistant(layout: EnvironmentLayout, ref: string): Promise<ResolvedAssistant | undefined> {
  const all = await currentAssistants(layout);
  return (
    all.find((a) => a.assistant.assistant_id === ref) ??
    all.find((a) => a.assistant.graph_id === ref || a.workflow.name === ref) ??
    all.find((a) => a.workflow.workflowId === ref || a.workflow.workflowId === `workflow_${ref}`)
  );
}
