import type { PythonBridgeOptions } from '../python/python-bridge.js';
import { Redactor } from '../secrets/redactor.js';
import { SECRET_NAME_PATTERN, type SecretsBackend } from '../secrets/secrets-backend.js';
import type { Emit } from './operation.js';

/**
 * Python options whose installer runs are also emitted as `python:install` events and whose
 * runner starts as `python:start` events, counted per interpreter in `starts`.
 */
export function withInstallEvents(options: PythonBridgeOptions | undefined, emit: Emit, starts?: Record<string, number>): PythonBridgeOptions {
  return {
    ...options,
    onInstall: (run) => {
      options?.onInstall?.(run);
      emit('python:install', run);
    },
    onWorkerStart: (info) => {
      options?.onWorkerStart?.(info);
      if (starts) starts[info.python] = (starts[info.python] ?? 0) + 1;
      emit('python:start', { python: info.python, pid: info.pid ?? null });
    },
  };
}

/** A redactor primed with every secret the backend and the process environment hold. */
export async function buildRedactor(secrets: SecretsBackend): Promise<Redactor> {
  const redactor = new Redactor();
  for (const name of await secrets.list()) redactor.add(await secrets.get(name));
  for (const [name, value] of Object.entries(process.env)) if (SECRET_NAME_PATTERN.test(name)) redactor.add(value);
  return redactor;
}
