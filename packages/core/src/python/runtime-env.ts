import { checkpointSecretNames, readCheckpointConfig } from '../config/checkpoint-config.js';
import type { PhaseContext } from '../phase/phase.js';
import { ENVIRONMENT_SETUP } from '../phase/well-known-facts.js';
import { inheritedEnv, NEVER_INHERITED } from './process-env.js';

/** Names of the checkpoint store's secrets (password, encryption key) of the context's release. */
async function checkpointSecrets(ctx: PhaseContext): Promise<string[]> {
  const file = ctx.get(ENVIRONMENT_SETUP)?.checkpointConfigFile;
  if (!file) return [];
  return readCheckpointConfig(file).then(checkpointSecretNames, () => []);
}

/**
 * The environment of a workflow process: an explicit one, never this process's whole
 * environment. It holds what {@link inheritedEnv} lets through (`PATH`, `HOME`, locale, temp
 * directories, proxies, `PYTHON*`), `WORKFLOW_ENV`, the environment's non-secret settings (the
 * `.env` values) and the values of the secrets the workflows need, read from the secrets backend
 * at run time. Secrets reach workflows only this way, never through a file.
 *
 * Never in it: the secrets store's key, the checkpoint store's secrets (its password and
 * `LANGGRAPH_AES_KEY`: the runner gets them in its request, see {@link checkpointRunnerSecrets}),
 * notifier URLs and any other variable of the operator's shell.
 */
export async function workflowProcessEnv(ctx: PhaseContext, extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const setup = ctx.get(ENVIRONMENT_SETUP);
  // Settings built by hand (tests, older hosts) may lack the secrets section.
  const storeKey = (ctx.settings.secrets as typeof ctx.settings.secrets | undefined)?.keyEnv ?? 'EXEC_AUTOMATOR_SECRETS_KEY';
  const withheld = new Set([...NEVER_INHERITED, storeKey, ...(await checkpointSecrets(ctx))]);
  const env: NodeJS.ProcessEnv = { ...inheritedEnv(), WORKFLOW_ENV: ctx.environment, ...(setup?.variables ?? {}), ...extra };
  for (const name of setup?.secretNames ?? []) {
    if (withheld.has(name)) continue;
    const value = await ctx.secrets.get(name);
    if (value !== undefined) env[name] = value;
  }
  for (const name of withheld) delete env[name];
  return env;
}

/**
 * The checkpoint store's secret values (password, encryption key) for the runner's request
 * (`runner_secrets`): the runner keeps them in memory for its checkpointer, out of
 * `os.environ`, where the graph's code would see them.
 */
export async function checkpointRunnerSecrets(ctx: PhaseContext): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const name of await checkpointSecrets(ctx)) {
    const value = await ctx.secrets.get(name);
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/**
 * What a request to a shared runner sets for the workflows it runs (restored after it): the
 * environment's settings (the `.env` values, once the environment phase has written them) and
 * the values of the secrets the workflows need, plus `extra` — under the same rule as
 * {@link workflowProcessEnv}: never the store's key or the checkpoint store's secrets. The worker
 * process itself was started with {@link workflowProcessEnv}; this carries what changed since.
 */
export async function workflowRequestEnv(ctx: PhaseContext, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const setup = ctx.get(ENVIRONMENT_SETUP);
  const storeKey = (ctx.settings.secrets as typeof ctx.settings.secrets | undefined)?.keyEnv ?? 'EXEC_AUTOMATOR_SECRETS_KEY';
  const withheld = new Set([...NEVER_INHERITED, storeKey, ...(await checkpointSecrets(ctx))]);
  const env: Record<string, string> = { WORKFLOW_ENV: ctx.environment, ...(setup?.variables ?? {}), ...extra };
  for (const name of setup?.secretNames ?? []) {
    if (withheld.has(name)) continue;
    const value = await ctx.secrets.get(name);
    if (value !== undefined) env[name] = value;
  }
  for (const name of withheld) delete env[name];
  return env;
}
