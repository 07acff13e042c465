import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SECRET_NAME_PATTERN } from '../secrets/secrets-backend.js';
import { LANGGRAPH_CONFIG_FILE } from './langgraph-config.js';

/** The `env` of a LangGraph project (`langgraph.json`: a file path or an object). */
export interface ProjectEnv {
  /** The env file, when `env` names one (absolute). */
  file?: string;
  /** The env file relative to the project root (posix), never released. */
  relative?: string;
  /** True when `env` names a file that does not exist (LangGraph projects ship `.env.example` only). */
  missing: boolean;
  /** Variables that are settings (no secret-looking name): they go to the release's `.env`. */
  settings: Record<string, string>;
  /** Variables with secret-looking names: they go to the secrets backend, never to a file. */
  secrets: Record<string, string>;
}

/** Parses dotenv text: `KEY=value`, `export KEY=value`, quoted values, `#` comments. */
export function parseDotenv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    let value = line.slice(eq + 1).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.lastIndexOf(quote) > 0) {
      value = value.slice(1, value.lastIndexOf(quote));
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    vars[key] = value;
  }
  return vars;
}

/**
 * Reads a LangGraph project's `env` at deploy time: a file path relative to `langgraph.json`
 * (usually `.env`) or an object of variables. Secret-looking names (API keys, tokens, passwords)
 * are split from settings, so secrets go to the secrets backend and settings to the release's
 * `.env`; the env file itself is never released. Undefined when the project declares no `env`.
 */
export async function readProjectEnv(sourceDir: string): Promise<ProjectEnv | undefined> {
  const configFile = path.join(sourceDir, LANGGRAPH_CONFIG_FILE);
  let env: unknown;
  try {
    env = (JSON.parse(await readFile(configFile, 'utf8')) as { env?: unknown }).env;
  } catch {
    return undefined;
  }
  let variables: Record<string, string> = {};
  const result: ProjectEnv = { missing: false, settings: {}, secrets: {} };
  if (typeof env === 'string' && env.trim()) {
    const file = path.resolve(sourceDir, env);
    result.file = file;
    result.relative = path.relative(sourceDir, file).split(path.sep).join('/');
    try {
      variables = parseDotenv(await readFile(file, 'utf8'));
    } catch {
      result.missing = true;
    }
  } else if (env !== null && typeof env === 'object' && !Array.isArray(env)) {
    variables = Object.fromEntries(Object.entries(env as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  } else {
    return undefined;
  }
  for (const [key, value] of Object.entries(variables)) {
    if (value === '') continue;
    (SECRET_NAME_PATTERN.test(key) ? result.secrets : result.settings)[key] = value;
  }
  return result;
}
