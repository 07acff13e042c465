import type { PhaseContext } from '../phase/phase.js';
import { Facts } from '../phase/well-known-facts.js';

/**
 * The environment of a workflow process: this process's variables, the environment's
 * non-secret settings (the `.env` values) and the values of the secrets the workflows need,
 * read from the secrets backend at run time. Secrets reach workflows only this way, never
 * through a file.
 */
export async function workflowProcessEnv(ctx: PhaseContext, extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const setup = ctx.get(Facts.environmentSetup);
  const env: NodeJS.ProcessEnv = { ...process.env, WORKFLOW_ENV: ctx.environment, ...(setup?.variables ?? {}), ...extra };
  for (const name of setup?.secretNames ?? []) {
    const value = await ctx.secrets.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}
