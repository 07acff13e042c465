import os from 'node:os';
import path from 'node:path';
import { BASE_REQUIREMENTS, ensureVenv, findPython, resolveInstaller } from '@exec-automator/core/python';

let cached: Promise<string> | undefined;

/**
 * A venv with langgraph and the seed's base requirements, for tests that run real graphs.
 * `EXEC_AUTOMATOR_TEST_VENV` names a ready one; otherwise one is built with core's `ensureVenv`
 * under `<tmp>/exec-automator-test-venvs` (keyed by the requirements hash, so test files and
 * later runs share it; uv makes the first build fast).
 *
 * @returns the venv directory (its interpreter is `<dir>/bin/python`)
 */
export function testVenv(): Promise<string> {
  cached ??= (async () => {
    const given = process.env.EXEC_AUTOMATOR_TEST_VENV;
    if (given) return path.resolve(given);
    const python = await findPython();
    const venv = await ensureVenv({
      baseDir: path.join(os.tmpdir(), 'exec-automator-test-venvs'),
      requirements: `${BASE_REQUIREMENTS.join('\n')}\n`,
      python,
      installer: await resolveInstaller(python, 'auto'),
    });
    return venv.path;
  })();
  return cached;
}
