import { SECRET_NAME_PATTERN } from '../secrets/secrets-backend.js';

/**
 * Variables of the operator's shell a workflow process may see: how to find programs and files
 * (`PATH`, `HOME`, temp directories), the locale and time zone, proxies and CA bundles (so HTTPS
 * works behind a corporate proxy), and Python's own settings (`PYTHON*`). Everything else of the
 * shell is left out: a workflow gets its settings and secrets explicitly, never by inheritance.
 */
export const INHERITED_VARIABLES: readonly string[] = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TZ', 'TERM',
  'TMPDIR', 'TMP', 'TEMP',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy',
  'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE',
  'PLAYWRIGHT_BROWSERS_PATH', 'XDG_CACHE_HOME',
];

/** Prefixes of inherited variables: the locale (`LC_*`) and Python's settings (`PYTHON*`). */
export const INHERITED_PREFIXES: readonly string[] = ['LC_', 'PYTHON'];

/**
 * Variables never given to a workflow process, whatever else says so: the secrets store's key
 * and the checkpoint encryption key (the runner gets that one in its request, in memory only).
 */
export const NEVER_INHERITED: readonly string[] = ['EXEC_AUTOMATOR_SECRETS_KEY', 'LANGGRAPH_AES_KEY'];

/**
 * The part of `source` (default this process's environment) a workflow process inherits:
 * {@link INHERITED_VARIABLES} and {@link INHERITED_PREFIXES}, never a secret-looking name
 * (`*_API_KEY`, `*_TOKEN`, `*_WEBHOOK_URL`, …) nor {@link NEVER_INHERITED}.
 */
export function inheritedEnv(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const allowed = INHERITED_VARIABLES.includes(name) || INHERITED_PREFIXES.some((p) => name.startsWith(p));
    if (!allowed || SECRET_NAME_PATTERN.test(name) || NEVER_INHERITED.includes(name)) continue;
    env[name] = value;
  }
  return env;
}

/**
 * The environment of an installer run (uv, pip): what a workflow inherits plus the installers'
 * own configuration (`PIP_*`, `UV_*`: index, find-links, certificates), which may point at a
 * private index. No secret-looking variable of the shell is passed but those.
 */
export function installerEnv(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = inheritedEnv(source);
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && (name.startsWith('PIP_') || name.startsWith('UV_'))) env[name] = value;
  }
  return env;
}
