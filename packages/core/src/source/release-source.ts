import path from 'node:path';
import type { ReleaseMeta } from '../release/release-meta.js';
import type { WorkflowSpec } from './workflow-spec.js';

/** The workflows of a release as {@link WorkflowSpec}s whose paths point into the release. */
export function specsFromRelease(releaseDir: string, meta: ReleaseMeta): WorkflowSpec[] {
  return meta.workflows.map((w) => ({
    name: w.name,
    key: w.workflowId.replace(/^workflow_/, ''),
    workflowId: w.workflowId,
    fileName: path.basename(w.file),
    file: path.join(releaseDir, w.file),
    agentConfigFile: w.agentConfig ? path.join(releaseDir, w.agentConfig) : undefined,
    testsFile: w.tests ? path.join(releaseDir, w.tests) : undefined,
    graphVariable: w.graph.includes(':') ? w.graph.slice(w.graph.lastIndexOf(':') + 1) : undefined,
  }));
}
