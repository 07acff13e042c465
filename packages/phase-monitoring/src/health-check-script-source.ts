import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT_FILE = path.join('python', 'health_check.py');

/** Finds `python/health_check.py` of this package, from `src/` (tests) or `dist/` (built). */
function scriptPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, SCRIPT_FILE);
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`The health-check script (${SCRIPT_FILE}) is missing from the @exec-automator/phase-monitoring package.`);
}

/**
 * The generated `health-check.py`, shipped as a real Python file (`python/health_check.py`,
 * checked by the Python tests) and written into each release. It finds its release from its own
 * real path and reads that `release.json`, so `<env>/monitoring/health-check.py` checks the
 * current release. Stdlib only (plus the workflow's packages to load a graph); API keys are
 * reported as SET / NOT SET. Prints a JSON list of `HealthCheckScriptResult`; exits 0 when every
 * workflow is healthy, 1 when one is not, 2 on a usage error.
 */
export const HEALTH_CHECK_SCRIPT: string = readFileSync(scriptPath(), 'utf8');
