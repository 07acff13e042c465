import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInside, showValue, workflowNameProblem } from '../util/identifiers.js';
import { jsonErrorLocation, lineOfKey } from './json-location.js';
import { FILE_JSON_LIMITS, jsonLimitProblem } from '../util/json-limits.js';

/** The `langgraph.json` file name. */
export const LANGGRAPH_CONFIG_FILE = 'langgraph.json';

/**
 * Top-level keys langgraph-cli accepts (`_KNOWN_CONFIG_KEYS` in `langgraph_cli/config.py`,
 * langgraph-cli 0.4); any other key is reported the way `langgraph validate` does.
 */
export const LANGGRAPH_CONFIG_KEYS: readonly string[] = [
  'python_version', 'node_version', 'api_version', 'base_image', 'image_distro', 'pip_config_file', 'pip_installer',
  'source', 'dependencies', 'dockerfile_lines', 'graphs', 'env', 'store', 'auth', 'encryption', 'priority', 'http',
  'webhooks', 'checkpointer', 'ui', 'ui_config', 'keep_pkg_tools', '_INTERNAL_docker_tag', 'project_root', 'package',
];

/** `langgraph.json` keys that only configure a Docker image build: kept in a release, not applied. */
export const LANGGRAPH_DOCKER_ONLY_KEYS: readonly string[] = [
  'dockerfile_lines', 'image_distro', 'base_image', 'pip_config_file', 'pip_installer', 'api_version', '_INTERNAL_docker_tag', 'keep_pkg_tools',
];

/** A problem in `langgraph.json`, worded as `langgraph validate` words it. */
export interface LanggraphConfigIssue {
  /** The validation code. */
  code: 'LANGGRAPH_CONFIG_INVALID' | 'LANGGRAPH_CONFIG_UNKNOWN_KEY' | 'LANGGRAPH_GRAPH_REF_INVALID' | 'LANGGRAPH_GRAPH_FILE_MISSING' | 'LANGGRAPH_KEY_NOT_APPLIED';
  /** Unknown keys are warnings (as in langgraph-cli); everything else is an error. */
  severity: 'error' | 'warning';
  /** The message. */
  message: string;
  /** 1-based line in `langgraph.json`. */
  line?: number;
  /** How to fix it. */
  fix?: string;
}

/** A usable `graphs` entry. */
export interface LanggraphGraph {
  /** The graph id (the key under `graphs`). */
  id: string;
  /** The reference as written (`./agent/graph.py:graph`). */
  ref: string;
  /** Absolute path of the Python file. */
  file: string;
  /** The variable (or factory) in the file. */
  variable: string;
  /** Line of the entry in `langgraph.json`. */
  line?: number;
}

/** What `langgraph.json` declares, with its problems. */
export interface LanggraphProject {
  /** Absolute path of `langgraph.json`. */
  file: string;
  /** The graphs whose references are valid. */
  graphs: LanggraphGraph[];
  /** Every problem found; an empty list means `langgraph validate` would accept the graphs. */
  issues: LanggraphConfigIssue[];
}

/**
 * Reads `<dir>/langgraph.json`; undefined when there is none. Never throws for a bad file: every
 * problem is returned in `issues`, so validation can report them all together.
 */
export async function readLanggraphConfig(dir: string): Promise<LanggraphProject | undefined> {
  const file = path.join(path.resolve(dir), LANGGRAPH_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { file, graphs: [], issues: [{ code: 'LANGGRAPH_CONFIG_INVALID', severity: 'error', message: `Cannot read ${file}: ${(error as Error).message}` }] };
  }
  const tooLarge = jsonLimitProblem(text, FILE_JSON_LIMITS);
  if (tooLarge) {
    return { file, graphs: [], issues: [{ code: 'LANGGRAPH_CONFIG_INVALID', severity: 'error', message: `${file} is not read: ${tooLarge.message}`, fix: 'keep langgraph.json small and shallow' }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const { message, line } = jsonErrorLocation(text, error as Error);
    return { file, graphs: [], issues: [{ code: 'LANGGRAPH_CONFIG_INVALID', severity: 'error', message: `Invalid JSON in ${file}: ${message}`, ...(line ? { line } : {}), fix: 'correct the JSON syntax' }] };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { file, graphs: [], issues: [{ code: 'LANGGRAPH_CONFIG_INVALID', severity: 'error', message: `${file} must hold a JSON object` }] };
  }
  const config = json as Record<string, unknown>;
  const issues: LanggraphConfigIssue[] = unknownKeys(config).map(({ key, message }) => ({
    code: 'LANGGRAPH_CONFIG_UNKNOWN_KEY', severity: 'warning', message, line: lineOfKey(text, key), fix: 'remove the key or correct its spelling',
  }));
  const dockerOnly = LANGGRAPH_DOCKER_ONLY_KEYS.filter((key) => key in config);
  if (dockerOnly.length > 0) {
    issues.push({
      code: 'LANGGRAPH_KEY_NOT_APPLIED',
      severity: 'warning',
      message: `${dockerOnly.join(', ')} ${dockerOnly.length === 1 ? 'configures' : 'configure'} a Docker image build: kept in the released langgraph.json, not applied (releases run in a venv)`,
      line: lineOfKey(text, dockerOnly[0] as string),
    });
  }
  const graphs: LanggraphGraph[] = [];
  const entries = config.graphs;
  if (entries === undefined || entries === null || typeof entries !== 'object' || Array.isArray(entries) || Object.keys(entries).length === 0) {
    issues.push({
      code: 'LANGGRAPH_GRAPH_REF_INVALID', severity: 'error', line: lineOfKey(text, 'graphs'),
      message: 'No graphs found in config. Add at least one graph, e.g.: "graphs": { "agent": "./my_agent/graph.py:graph" }',
    });
    return { file, graphs, issues };
  }
  for (const [id, spec] of Object.entries(entries as Record<string, unknown>)) {
    const line = lineOfKey(text, id);
    const result = await graphEntry(path.dirname(file), id, spec);
    if ('issue' in result) issues.push({ ...result.issue, ...(line ? { line } : {}) });
    else graphs.push({ ...result.graph, ...(line ? { line } : {}) });
  }
  return { file, graphs, issues };
}

type EntryResult = { graph: LanggraphGraph } | { issue: Omit<LanggraphConfigIssue, 'line'> };

async function graphEntry(dir: string, id: string, spec: unknown): Promise<EntryResult> {
  const invalid = (message: string, fix?: string): EntryResult => ({
    issue: { code: 'LANGGRAPH_GRAPH_REF_INVALID', severity: 'error', message, ...(fix ? { fix } : {}) },
  });
  const badId = workflowNameProblem(id);
  if (badId) return invalid(`Graph id ${showValue(id)} cannot name a workflow: ${badId}.`, 'rename the graph: no "/", "\\", "..", NUL or control characters');
  let ref: unknown = spec;
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) {
    if (!('path' in spec)) return invalid(`Graph '${id}' must contain a 'path' key if it is a dictionary.`);
    ref = (spec as { path: unknown }).path;
  }
  if (typeof ref !== 'string') return invalid(`Graph '${id}' must be a string or a dictionary with a 'path' key.`);
  const colon = ref.indexOf(':'); // langgraph-cli splits at the first colon too
  const modulePart = colon === -1 ? ref : ref.slice(0, colon);
  const variable = colon === -1 ? '' : ref.slice(colon + 1);
  if (!modulePart || !variable) return invalid(`Import string "${ref}" must be in format "<module>:<attribute>".`, 'write it as "./path/to/file.py:variable"');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) return invalid(`Graph '${id}': "${variable}" is not a Python identifier.`);
  if (/\.[cm]?[jt]sx?$/.test(modulePart)) return invalid(`Graph '${id}' is a JavaScript graph (${modulePart}); exec-automator deploys Python graphs.`);
  const relative = /[\\/]/.test(modulePart) || modulePart.endsWith('.py') ? modulePart : `${modulePart.replace(/\./g, '/')}.py`;
  const resolved = path.resolve(dir, relative);
  let kind: 'file' | 'dir' | 'missing' = 'missing';
  try {
    kind = (await stat(resolved)).isFile() ? 'file' : 'dir';
  } catch {
    kind = 'missing';
  }
  const missing = (message: string): EntryResult => ({
    issue: { code: 'LANGGRAPH_GRAPH_FILE_MISSING', severity: 'error', message, fix: `point graph '${id}' at an existing .py file, relative to langgraph.json` },
  });
  if (kind === 'missing') return missing(`Could not find local module: ${resolved}`);
  // A release copies the graph under workflows/ by its path in the project: it must be inside it.
  const realDir = await realpath(dir).catch(() => dir);
  if (!isInside(realDir, await realpath(resolved).catch(() => resolved))) {
    return invalid(`Graph '${id}' (${ref}) is outside the project directory ${dir}.`, 'keep every graph file inside the directory of langgraph.json');
  }
  if (kind === 'dir') return missing(`Local module must be a file: ${resolved}`);
  return { graph: { id, ref, file: resolved, variable } };
}

/** `langgraph validate`'s unknown-key warnings (with difflib's "did you mean"). */
function unknownKeys(config: Record<string, unknown>): Array<{ key: string; message: string }> {
  return Object.keys(config)
    .filter((key) => !LANGGRAPH_CONFIG_KEYS.includes(key))
    .sort()
    .map((key) => {
      const close = closestKey(key);
      return {
        key,
        message: close ? `Unknown key '${key}' — did you mean '${close}'?` : `Unknown key '${key}' is not a recognized config field.`,
      };
    });
}

/** The best match with a similarity ratio >= 0.6, as `difflib.get_close_matches(key, keys, n=1)`. */
function closestKey(key: string): string | undefined {
  let best: { key: string; ratio: number } | undefined;
  for (const candidate of LANGGRAPH_CONFIG_KEYS) {
    const ratio = (2 * matchingCharacters(key, candidate)) / (key.length + candidate.length);
    if (ratio >= 0.6 && (!best || ratio > best.ratio)) best = { key: candidate, ratio };
  }
  return best?.key;
}

/** Ratcliff/Obershelp matching characters (difflib.SequenceMatcher's basis). */
function matchingCharacters(a: string, b: string): number {
  if (!a || !b) return 0;
  let bestLength = 0;
  let bestA = 0;
  let bestB = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
      if (k > bestLength) [bestLength, bestA, bestB] = [k, i, j];
    }
  }
  if (bestLength === 0) return 0;
  return bestLength + matchingCharacters(a.slice(0, bestA), b.slice(0, bestB)) + matchingCharacters(a.slice(bestA + bestLength), b.slice(bestB + bestLength));
}
