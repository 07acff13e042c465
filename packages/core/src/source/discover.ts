import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { deployError } from '../errors/deploy-error.js';
import { errors } from '../errors/factories.js';
import { LANGGRAPH_CONFIG_FILE, readLanggraphConfig, type LanggraphProject } from './langgraph-config.js';
import { agentConfigFileName, keyOf, parseWorkflowFileName, slugOf, testsFileName, type WorkflowSpec } from './workflow-spec.js';

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

/** A workflow found before its companion files are looked up. */
interface Found {
  name: string;
  key: string;
  workflowId: string;
  slug: string;
  file: string;
  graphVariable: string | undefined;
  graphId: string | undefined;
}

/**
 * Finds the workflows to deploy in `sourceDir`: every graph of its `langgraph.json` (each
 * `graphs` entry `./path.py:variable`) plus every `workflow-*.py`, for `all`; or the named ones
 * (file stem with or without `.py`, workflow id, key, or `langgraph.json` graph id). Each gets its
 * agent config (`agent-<key>-config.json`, in the source or its `configs/`) and test cases
 * (`<name>.tests.json`, in the source or its `tests/`). Throws `SOURCE_NOT_FOUND`,
 * `WORKFLOW_NOT_FOUND`, or `LANGGRAPH_CONFIG_INVALID` when `langgraph.json` is the only source
 * and yields no usable graph. Problems of `langgraph.json` that leave other workflows usable are
 * reported by validation.
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
  const project = entries.includes(LANGGRAPH_CONFIG_FILE) ? await readLanggraphConfig(dir) : undefined;
  const available = fromLanggraph(project);
  const taken = new Set(available.map((f) => f.file));
  for (const entry of entries.filter((e) => e.endsWith('.py')).sort()) {
    const parsed = parseWorkflowFileName(entry);
    const file = path.join(dir, entry);
    if (parsed && !taken.has(file)) available.push({ ...parsed, slug: parsed.name, file, graphVariable: undefined, graphId: undefined });
  }
  available.sort((a, b) => a.name.localeCompare(b.name));
  if (available.length === 0) {
    if (project && project.issues.some((i) => i.severity === 'error')) {
      const problems = project.issues.map((i) => `${i.severity}: ${i.message}`);
      throw deployError('LANGGRAPH_CONFIG_INVALID', `${project.file} declares no usable graph:\n  ${problems.join('\n  ')}`, {
        details: { file: project.file, issues: project.issues },
      });
    }
    throw errors.sourceNotFound(dir, `holds no workflow files (workflow-<key>-<name>.py) and no ${LANGGRAPH_CONFIG_FILE} graphs.`);
  }
  let chosen = available;
  if (selection !== 'all') {
    chosen = [];
    for (const wanted of selection) {
      const name = wanted.replace(/\.py$/, '');
      const found = available.find((a) => a.name === name || a.workflowId === name || a.key === name || a.graphId === name);
      if (!found) throw errors.workflowNotFound(wanted, dir, available.map((a) => a.name));
      if (!chosen.includes(found)) chosen.push(found);
    }
  }
  return Promise.all(
    chosen.map(async (found): Promise<WorkflowSpec> => {
      const configName = agentConfigFileName(found.key);
      const testsName = testsFileName(found.slug);
      // A graph of langgraph.json may keep its agent config and test cases beside its file.
      const beside = path.dirname(found.file);
      const extra = (name: string): string[] => (found.graphId !== undefined && beside !== dir ? [path.join(beside, name), path.join(beside, 'tests', name)] : []);
      return {
        name: found.name,
        key: found.key,
        workflowId: found.workflowId,
        slug: found.slug,
        fileName: path.basename(found.file),
        file: found.file,
        relativePath: path.relative(dir, found.file).split(path.sep).join('/'),
        agentConfigFile: await firstExisting([path.join(dir, configName), path.join(dir, 'configs', configName), ...extra(configName)]),
        testsFile: await firstExisting([path.join(dir, 'tests', testsName), path.join(dir, testsName), ...extra(testsName)]),
        graphVariable: found.graphVariable,
        ...(found.graphId !== undefined && project ? { langgraphGraph: { config: project.file, id: found.graphId } } : {}),
      };
    }),
  );
}

/**
 * The usable graphs of `langgraph.json` as workflows. A file named `workflow-<key>-<slug>.py`
 * keeps the seed's name and key (its agent config and tests are found as usual); any other graph
 * is named after its graph id, verbatim (its workflow id too), and a second graph in the same
 * file too.
 */
function fromLanggraph(project: LanggraphProject | undefined): Found[] {
  const found: Found[] = [];
  for (const graph of project?.graphs ?? []) {
    const parsed = parseWorkflowFileName(path.basename(graph.file));
    const byId = { name: graph.id, key: keyOf(graph.id), workflowId: graph.id, slug: slugOf(graph.id) };
    const naming = parsed && !found.some((f) => f.name === parsed.name) ? { ...parsed, slug: parsed.name } : byId;
    found.push({ ...naming, file: graph.file, graphVariable: graph.variable, graphId: graph.id });
  }
  return found;
}
