import { access } from 'node:fs/promises';
import { runCommand } from '@exec-automator/core/python';
import { parseHealthCheckOutput, type HealthCheckScriptResult } from './health-check-output.js';

/** How running a release's `health-check.py` went. */
export interface HealthScriptOutcome {
  /** The script. */
  path: string;
  /** False when the script is missing (the non-critical monitoring phase failed). */
  ran: boolean;
  /** Exit code (0 healthy, 1 unhealthy, other: the script itself failed). */
  exitCode: number | null;
  /** Parsed per-workflow results (empty when the script did not run or its output was unusable). */
  results: HealthCheckScriptResult[];
  /** Set when the script ran but did not produce a usable report. */
  problem: string | undefined;
  /** One line for the report. */
  detail: string;
}

/** Options of {@link runHealthScript}. */
export interface RunHealthScriptOptions {
  /** The release's venv interpreter. */
  python: string;
  /** The script. */
  script: string;
  /** Process environment (secrets included: the script checks that keys are set). */
  env: NodeJS.ProcessEnv;
  /** Pass `--skip-keys`. */
  skipKeys: boolean;
  /** Kill after this long. */
  timeoutMs: number;
  /** Cancellation. */
  signal?: AbortSignal;
  /** Receives stderr lines (workflow prints while graphs load). */
  onStderr?: (line: string) => void;
}

/** Runs `health-check.py --json` with the release's interpreter; never throws except on abort. */
export async function runHealthScript(options: RunHealthScriptOptions): Promise<HealthScriptOutcome> {
  const base = { path: options.script, results: [] as HealthCheckScriptResult[] };
  try {
    await access(options.script);
  } catch {
    return { ...base, ran: false, exitCode: null, problem: undefined, detail: 'health-check.py missing: checked with the runner and smoke tests only' };
  }
  const args = [options.script, '--json', ...(options.skipKeys ? ['--skip-keys'] : [])];
  let result;
  try {
    result = await runCommand(options.python, args, {
      env: options.env,
      // The release's interpreter also runs the guard: the script ends if the deployment is killed.
      guardPython: options.python,
      timeoutMs: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onStderr ? { onLine: (line: string, stream: 'stdout' | 'stderr') => stream === 'stderr' && options.onStderr?.(line) } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const problem = `cannot start ${options.python}: ${(error as Error).message}`;
    return { ...base, ran: false, exitCode: null, problem, detail: problem };
  }
  const ran = { ...base, ran: true, exitCode: result.code };
  if (result.timedOut) {
    const problem = `did not finish within ${Math.round(options.timeoutMs / 1000)} s (killed)`;
    return { ...ran, problem, detail: `health-check.py ${problem}` };
  }
  if (result.code !== 0 && result.code !== 1) {
    const tail = result.stderr.trim().split('\n').slice(-3).join(' | ');
    const problem = `exited with code ${result.code}${tail ? `: ${tail}` : ''}`;
    return { ...ran, problem, detail: `health-check.py ${problem}` };
  }
  const parsed = parseHealthCheckOutput(result.stdout);
  if ('problem' in parsed) return { ...ran, problem: parsed.problem, detail: `health-check.py ${parsed.problem}` };
  const unhealthy = parsed.results.filter((r) => r.status !== 'healthy').length;
  return {
    ...ran,
    results: parsed.results,
    problem: undefined,
    detail: `health-check.py exit ${result.code}: ${parsed.results.length - unhealthy}/${parsed.results.length} workflows healthy`,
  };
}
