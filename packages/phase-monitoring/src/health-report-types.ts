/**
 * The seed's health report format, written by the health phase and read by the report phase and
 * hosts (which import these types only). Field names are the seed's (snake_case): these are file formats.
 */

/** The smoke run the health phase made through a running server's API. */
export interface ServerSmokeRun {
  /** Whether it ran (`false`: `detail` says why not). */
  ran: boolean;
  /** Whether it ran on the release being checked and ended `success` or `interrupted`. */
  ok: boolean;
  /** The workflow it ran. */
  workflow: string | null;
  /** The smoke case it repeated. */
  case: string | null;
  /** The execution id the server gave it. */
  execution_id: string | null;
  /** The release the server ran it on. */
  release_id: string | null;
  /** What happened, for a person. */
  detail: string;
}

/** What the health report says of a running server. */
export interface ServerHealth {
  /** Its base URL. */
  url: string;
  /** Its process id. */
  pid: number;
  /** Whether `/ok` answered 200 and, when a smoke run was made, it passed. */
  ok: boolean;
  /** What `/ok` answered. */
  detail: string;
  /** The smoke run through the API (absent when `/ok` did not answer). */
  smoke?: ServerSmokeRun;
}

/** The seed's health report (`monitoring/health-report-<ts>.json`). */
export interface HealthReport {
  /** ISO time. */
  health_check_timestamp: string;
  /** Environment. */
  environment: string;
  /** The release checked. */
  release_id: string;
  /** Overall outcome. */
  overall_status: 'healthy' | 'unhealthy';
  /** Workflows checked. */
  workflows_checked: number;
  /** Healthy workflows. */
  workflows_healthy: number;
  /** Unhealthy workflows. */
  workflows_unhealthy: number;
  /** Smoke tests passed. */
  smoke_tests_passed: number;
  /** Smoke tests failed. */
  smoke_tests_failed: number;
  /** Metrics directory writable and monitoring config present. */
  monitoring_operational: boolean;
  /** A test alert reached every configured channel (false when none is configured). */
  alerts_functional: boolean;
  /** Per-workflow detail. */
  workflows: Array<{
    workflow_id: string;
    status: 'healthy' | 'unhealthy';
    checks_passed: number;
    checks_failed: number;
    checks: Array<{ name: string; passed: boolean; detail?: string }>;
  }>;
  /**
   * The `exec-automator serve` of the environment, when its state file names one whose process
   * runs: its URL, whether `/ok` answered, and the smoke run made through its API (a server that
   * does not answer, or a failed smoke run there, is a warning).
   */
  server?: ServerHealth;
}
