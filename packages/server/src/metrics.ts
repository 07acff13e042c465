import { DURATION_BUCKETS, type PrometheusFamily, renderPrometheusText, type RunnerPoolStats } from '@exec-automator/executions';
import type { RunStats } from './run-model.js';

/**
 * The server's live metrics in Prometheus text: runs by status, run durations, runs in flight
 * and queued, warm workers busy and idle, for the environment (label `environment`).
 */
export function serverMetrics(environment: string, runs: RunStats, pool: RunnerPoolStats): string {
  const env = { environment };
  const durations = [...runs.durations];
  const buckets = DURATION_BUCKETS.map((le) => ({ suffix: '_bucket' as const, labels: { ...env, le: String(le) }, value: durations.filter((d) => d <= le).length }));
  const families: PrometheusFamily[] = [
    {
      name: 'exec_automator_server_runs_total',
      help: 'Runs this server finished, by status.',
      type: 'counter',
      samples: ['success', 'error', 'timeout', 'interrupted'].map((status) => ({ labels: { ...env, status }, value: runs.finished[status] ?? 0 })),
    },
    {
      name: 'exec_automator_server_run_duration_seconds',
      help: 'Duration of the runs this server finished (waiting for a worker included).',
      type: 'histogram',
      samples: [
        ...buckets,
        { suffix: '_bucket', labels: { ...env, le: '+Inf' }, value: durations.length },
        { suffix: '_sum', labels: env, value: durations.reduce((a, b) => a + b, 0) },
        { suffix: '_count', labels: env, value: durations.length },
      ],
    },
    { name: 'exec_automator_server_runs_in_flight', help: 'Runs executing now.', type: 'gauge', samples: [{ labels: env, value: runs.inFlight }] },
    { name: 'exec_automator_server_queue_depth', help: 'Runs waiting for their thread or for a free worker.', type: 'gauge', samples: [{ labels: env, value: Math.max(runs.queued, 0) + pool.queued }] },
    {
      name: 'exec_automator_server_workers',
      help: 'Warm runner processes of the pool, by state.',
      type: 'gauge',
      samples: [
        { labels: { ...env, state: 'busy' }, value: pool.busy },
        { labels: { ...env, state: 'idle' }, value: pool.idle },
      ],
    },
    { name: 'exec_automator_server_max_workers', help: 'Upper bound of the pool (MAX_CONCURRENT_WORKFLOWS).', type: 'gauge', samples: [{ labels: env, value: pool.concurrency }] },
  ];
  return renderPrometheusText(families);
}
