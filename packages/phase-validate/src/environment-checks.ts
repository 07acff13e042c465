import { requiredSecretsForModels, type AgentConfig, type EnvironmentName, type SecretsBackend } from '@exec-automator/core';
import type { CheckTally } from './check-tally.js';

/** The secrets the workflows need, derived from their models. */
export function requiredSecrets(configs: Iterable<AgentConfig>): string[] {
  return requiredSecretsForModels([...configs].map((c) => c.model));
}

/**
 * Checks that each required API key has a value in the secrets backend. Values are never read
 * into a message: only SET / NOT SET. In dev a missing key is a warning (tests use fake models);
 * in staging and production it is an error.
 */
export async function environmentChecks(
  environment: EnvironmentName,
  secretNames: readonly string[],
  secrets: SecretsBackend,
  tally: CheckTally,
): Promise<Record<string, 'SET' | 'NOT SET'>> {
  const state: Record<string, 'SET' | 'NOT SET'> = {};
  for (const name of secretNames) {
    const set = (await secrets.get(name)) !== undefined;
    state[name] = set ? 'SET' : 'NOT SET';
    const issue = {
      message: `${name} is not set (secrets backend: ${secrets.name})`,
      fix: `set ${name} in the ${secrets.name} secrets backend before deploying to ${environment}`,
    };
    if (set) tally.record(`env.${name}`, []);
    else if (environment === 'dev') tally.record(`env.${name}`, [], [{ ...issue, message: `${issue.message}; allowed in dev, where tests use fake models` }]);
    else tally.record(`env.${name}`, [issue]);
  }
  return state;
}
