import type { PhaseContext } from '../phase/phase.js';
import { Facts } from '../phase/well-known-facts.js';
import { SECRET_NAME_PATTERN } from '../secrets/secrets-backend.js';

/**
 * The environment of a workflow process: this process's variables, the environment's
 * non-secret settings (the `.env` values) and the values of the secrets the workflows need,
 * read from the secrets backend at run time. Secrets reach workflows only this way, never
 * through a file.
 *
 * The secrets store's own key never reaches a workflow. In production, secret-looking
 * variables inherited from this process (plaintext, e.g. an exported `ANTHROPIC_API_KEY`) are
 * dropped too: there, secret values come from the secrets backend only.
 */
export async function workflowProcessEnv(ctx: PhaseContext, extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const setup = ctx.get(Facts.environmentSetup);
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  // Settings built by hand (tests, older hosts) may lack the secrets section.
  delete inherited[(ctx.settings.secrets as typeof ctx.settings.secrets | undefined)?.keyEnv ?? 'EXEC_AUTOMATOR_SECRETS_KEY'];
  if (ctx.environment === 'production') {
    for (const name of Object.keys(inherited)) if (SECRET_NAME_PATTERN.test(name)) delete inherited[name];
  }
  const env: NodeJS.ProcessEnv = { ...inherited, WORKFLOW_ENV: ctx.environment, ...(setup?.variables ?? {}), ...extra };
  for (const name of setup?.secretNames ?? []) {
    const value = await ctx.secrets.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}
