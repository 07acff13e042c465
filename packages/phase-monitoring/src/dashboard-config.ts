/** One panel of `dashboard-config.json` (the seed's shape). */
export interface DashboardPanel {
  /** Stable id. */
  panel_id: string;
  /** Title. */
  title: string;
  /** Visualization. */
  type: 'stat_grid' | 'time_series' | 'bar_chart' | 'area_chart';
  /** Metrics shown (panels of one metric use {@link DashboardPanel.metric}). */
  metrics?: string[];
  /** The one metric shown. */
  metric?: string;
  /** Series split. */
  group_by?: string;
}

/** `dashboard-config.json`. */
export interface DashboardConfig {
  /** `Exec-Automator Workflows - <Environment>`. */
  dashboard_name: string;
  /** Environment. */
  environment: string;
  /** The deployment (release) the file belongs to. */
  deployment_id: string;
  /** Workflow ids shown. */
  workflows: string[];
  /** Refresh interval. */
  refresh_interval_seconds: number;
  /** The seed's five panels. */
  panels: DashboardPanel[];
}

/** `dev` → `Dev`. */
function titleCase(environment: string): string {
  return environment.charAt(0).toUpperCase() + environment.slice(1);
}

/** Builds the seed's monitoring dashboard for an environment. */
export function buildDashboardConfig(input: { environment: string; deploymentId: string; workflowIds: readonly string[] }): DashboardConfig {
  return {
    dashboard_name: `Exec-Automator Workflows - ${titleCase(input.environment)}`,
    environment: input.environment,
    deployment_id: input.deploymentId,
    workflows: [...input.workflowIds],
    refresh_interval_seconds: 30,
    panels: [
      {
        panel_id: 'overview',
        title: 'Workflow Overview',
        type: 'stat_grid',
        metrics: ['total_workflows_deployed', 'total_executions_today', 'overall_success_rate', 'total_cost_today'],
      },
      {
        panel_id: 'execution_timeline',
        title: 'Execution Timeline (24h)',
        type: 'time_series',
        metrics: ['execution_count'],
        group_by: 'workflow_id',
      },
      {
        panel_id: 'error_rate',
        title: 'Error Rate by Workflow',
        type: 'bar_chart',
        metric: 'error_rate',
        group_by: 'workflow_id',
      },
      {
        panel_id: 'performance',
        title: 'Execution Duration (p50, p95, p99)',
        type: 'time_series',
        metrics: ['execution_duration_p50', 'execution_duration_p95', 'execution_duration_p99'],
      },
      {
        panel_id: 'cost_tracking',
        title: 'API Cost Tracking',
        type: 'area_chart',
        metrics: ['cumulative_cost'],
        group_by: 'workflow_id',
      },
    ],
  };
}
