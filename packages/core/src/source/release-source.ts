import path from 'node:path';
import type { ReleaseMeta } from '../release/release-meta.js';
import { keyOf, slugOf, type WorkflowSpec } from './workflow-spec.js';

/** The workflows of a release as {@link WorkflowSpec}s whose paths point into the release. */
export function specsFromRelease(releaseDir: string, meta: ReleaseMeta): WorkflowSpec[] {
  return meta.workflows.map((w) => ({
    name: w.name,
    key: w.workflowId.startsWith('workflow_') ? w.workflowId.slice('workflow_'.length) : keyOf(w.workflowId),
    workflowId: w.workflowId,
    slug: w.slug ?? slugOf(w.name),
    fileName: path.basename(w.file),
    file: path.join(releaseDir, w.file),
    relativePath: w.file.replace(/^workflows\//, ''),
    agentConfigFile: w.agentConfig ? path.join(releaseDir, w.agentConfig) : undefined,
    testsFile: w.tests ? path.join(releaseDir, w.tests) : undefined,
    graphVariable: w.graph.includes(':') ? w.graph.slice(w.graph.lastIndexOf(':') + 1) : undefined,
    ...(w.graphId !== undefined ? { langgraphGraph: { config: path.join(releaseDir, 'langgraph.json'), id: w.graphId } } : {}),
  }));
}
