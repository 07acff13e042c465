import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { errors } from '../errors/factories.js';
import { agentConfigFileName, parseWorkflowFileName, testsFileName, type WorkflowSpec } from './workflow-spec.js';

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function firstExisting(candidates: string[]): Promise<string | undefined> {
  for (const candidate of candidates) if (await exists(candidate)) return candidate;
  return undefined;
}

/**
 * Finds the workflows to deploy in `sourceDir`: every `workflow-*.py` for `all`, or the named
 * ones (with or without `.py`). Each gets its agent config (`agent-<key>-config.json`, in the
 * source or its `configs/`) and test cases (`<name>.tests.json`, in the source or its `tests/`).
 * Throws `SOURCE_NOT_FOUND` or `WORKFLOW_NOT_FOUND`.
 */
export async function discoverWorkflows(sourceDir: string, selection: 'all' | readonly string[]): Promise<WorkflowSpec[]> {
  const dir = path.resolve(sourceDir);
  let entries: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw errors.sourceNotFound(dir, 'is not a directory.');
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw errors.sourceNotFound(dir, 'does not exist.');
    throw error;
  }
  const available = entries
    .filter((e) => e.endsWith('.py'))
    .map((e) => parseWorkflowFileName(e))
    .filter((p): p is NonNullable<typeof p> => p !== null)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (available.length === 0) {
    throw errors.sourceNotFound(dir, 'holds no workflow files (workflow-<key>-<name>.py).');
  }
  let chosen = available;
  if (selection !== 'all') {
    chosen = [];
    for (const wanted of selection) {
      const name = wanted.replace(/\.py$/, '');
      const found = available.find((a) => a.name === name || a.workflowId === name || a.key === name);
      if (!found) throw errors.workflowNotFound(wanted, dir, available.map((a) => a.name));
      if (!chosen.includes(found)) chosen.push(found);
    }
  }
  return Promise.all(
    chosen.map(async (parsed): Promise<WorkflowSpec> => {
      const configName = agentConfigFileName(parsed.key);
      const testsName = testsFileName(parsed.name);
      return {
        ...parsed,
        fileName: `${parsed.name}.py`,
        file: path.join(dir, `${parsed.name}.py`),
        agentConfigFile: await firstExisting([path.join(dir, configName), path.join(dir, 'configs', configName)]),
        testsFile: await firstExisting([path.join(dir, 'tests', testsName), path.join(dir, testsName)]),
        graphVariable: undefined,
      };
    }),
  );
}
