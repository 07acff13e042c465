import path from 'node:path';
import { type EnvironmentLayout, ReleaseStore } from '@exec-automator/core';
import { writeFileAtomic, writeJsonAtomic } from '@exec-automator/core/util';
import { ExecutionJournal } from './execution-journal.js';
import { executionFamilies, executionStats, type DeployedWorkflowInfo, type WorkflowExecutionStats } from './execution-metrics.js';
import { METRICS_PROM_FILE } from './metric-names.js';
import { renderPrometheusText } from './prometheus-text.js';

/** The file with per-workflow aggregates beside the Prometheus file. */
export const METRICS_SUMMARY_FILE = 'executions-summary.json';

/** What {@link writeExecutionMetrics} wrote. */
export interface WrittenMetrics {
  /** `<env>/metrics/exec_automator.prom`. */
  promFile: string;
  /** `<env>/metrics/executions-summary.json`. */
  summaryFile: string;
  /** The aggregates written. */
  stats: WorkflowExecutionStats[];
}

/**
 * Recomputes the execution metrics of an environment from its journal and writes them:
 * `<env>/metrics/exec_automator.prom` in the Prometheus text format, for node_exporter's
 * textfile collector (`--collector.textfile.directory=<env>/metrics`), and
 * `executions-summary.json`. Both are written to a temp file and renamed, so a scrape never
 * sees half a file. Counters are recomputed from the whole journal, so they only grow.
 */
export async function writeExecutionMetrics(layout: EnvironmentLayout): Promise<WrittenMetrics> {
  const records = await new ExecutionJournal(layout).readAll();
  const stats = executionStats(records.filter((r) => r.environment === layout.environment));
  const deployed = await deployedInfo(layout);
  const promFile = path.join(layout.metrics, METRICS_PROM_FILE);
  const summaryFile = path.join(layout.metrics, METRICS_SUMMARY_FILE);
  await writeFileAtomic(promFile, renderPrometheusText(executionFamilies(stats, deployed)), { fsync: false });
  await writeJsonAtomic(summaryFile, { environment: layout.environment, generated_at: new Date().toISOString(), workflows: stats }, { fsync: false });
  return { promFile, summaryFile, stats };
}

async function deployedInfo(layout: EnvironmentLayout): Promise<DeployedWorkflowInfo | undefined> {
  const store = new ReleaseStore(layout);
  const id = await store.currentId().catch(() => null);
  if (!id) return undefined;
  const meta = await store.read(id).catch(() => undefined);
  return meta ? { environment: layout.environment, release_id: id, workflow_ids: meta.workflows.map((w) => w.workflowId) } : undefined;
}
