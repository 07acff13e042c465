import { errors } from '../errors/factories.js';
import { runCommand } from './process.js';

/** A Python interpreter found on this machine. */
export interface PythonInfo {
  /** Absolute path of the interpreter. */
  executable: string;
  /** `3.11.7`. */
  version: string;
  /** `[3, 11, 7]`. */
  versionTuple: [number, number, number];
}

/** The oldest Python exec-automator supports (the seed's requirement). */
export const MIN_PYTHON: readonly [number, number] = [3, 10];

/** Interpreters tried in order when no explicit one is given. */
export const PYTHON_CANDIDATES = ['python3.13', 'python3.12', 'python3.11', 'python3.10', 'python3', 'python'] as const;

const PROBE = 'import sys, json; print(json.dumps({"executable": sys.executable, "version": list(sys.version_info[:3])}))';

/** Asks one interpreter for its path and version; null when it cannot run. */
export async function probePython(command: string): Promise<PythonInfo | null> {
  try {
    const result = await runCommand(command, ['-c', PROBE], { timeoutMs: 15_000 });
    if (result.code !== 0) return null;
    const parsed = JSON.parse(result.stdout.trim()) as { executable: string; version: [number, number, number] };
    return { executable: parsed.executable, version: parsed.version.join('.'), versionTuple: parsed.version };
  } catch {
    return null;
  }
}

/** True when `info` is at least {@link MIN_PYTHON}. */
export function isSupportedPython(info: PythonInfo): boolean {
  const [major, minor] = info.versionTuple;
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

/**
 * Finds a Python >= 3.10: `explicit` (or `EXEC_AUTOMATOR_PYTHON`) if given, else the first of
 * {@link PYTHON_CANDIDATES} on PATH that is new enough. Throws `PYTHON_NOT_FOUND`.
 */
export async function findPython(explicit: string | undefined = process.env.EXEC_AUTOMATOR_PYTHON): Promise<PythonInfo> {
  const candidates = explicit ? [explicit] : [...PYTHON_CANDIDATES];
  const tried: string[] = [];
  for (const candidate of candidates) {
    const info = await probePython(candidate);
    if (info === null) {
      tried.push(`${candidate} (not runnable)`);
      continue;
    }
    if (isSupportedPython(info)) return info;
    tried.push(`${candidate} (${info.version})`);
  }
  throw errors.pythonNotFound(tried);
}
