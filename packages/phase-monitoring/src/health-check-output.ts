/** One check of a workflow, as `health-check.py` prints it. */
export interface HealthCheckScriptCheck {
  /** `workflow_file`, `agent_config`, `dependencies`, `api_key`, `graph_compiles`, `last_execution`. */
  name: string;
  /** Outcome. */
  passed: boolean;
  /** What was found (never a secret value). */
  detail: string;
}

/** One workflow's entry in the output of `health-check.py` (the seed's shape plus `checks`). */
export interface HealthCheckScriptResult {
  /** `workflow_resp_002`. */
  workflow_id: string;
  /** Workflow name (the file stem). */
  workflow: string;
  /** Healthy when every check passed. */
  status: 'healthy' | 'unhealthy';
  /** ISO time of the check. */
  last_check: string;
  /** Checks passed. */
  checks_passed: number;
  /** Checks failed. */
  checks_failed: number;
  /** Each check. */
  checks: HealthCheckScriptCheck[];
  /** Set when checking the workflow itself crashed. */
  error?: string;
}

function isCheck(value: unknown): value is HealthCheckScriptCheck {
  const v = value as Partial<HealthCheckScriptCheck> | null;
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.passed === 'boolean';
}

function isResult(value: unknown): value is HealthCheckScriptResult {
  const v = value as Partial<HealthCheckScriptResult> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.workflow_id === 'string' &&
    (v.status === 'healthy' || v.status === 'unhealthy') &&
    Array.isArray(v.checks) &&
    v.checks.every(isCheck)
  );
}

/**
 * Parses what `health-check.py` printed. Returns the results, or a reason when the output is
 * not the expected JSON list (a broken or foreign script).
 */
export function parseHealthCheckOutput(stdout: string): { results: HealthCheckScriptResult[] } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch (error) {
    const start = stdout.trim().slice(0, 120);
    return { problem: `output is not JSON (${(error as Error).message})${start ? `: ${start}` : ''}` };
  }
  if (!Array.isArray(json)) return { problem: 'output is not a JSON list' };
  const bad = json.findIndex((item) => !isResult(item));
  if (bad !== -1) return { problem: `entry ${bad} of the output is not a workflow health result` };
  return { results: json as HealthCheckScriptResult[] };
}
