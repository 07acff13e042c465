/** A model family exec-automator knows how to run and what it needs. */
export interface ModelFamily {
  /** Provider name. */
  provider: 'anthropic' | 'openai';
  /** The secret (environment variable) the provider's client needs. */
  apiKey: string;
  /** LangChain package that provides the chat model. */
  distribution: string;
  /** Known model names of the family (for messages; matching uses `pattern`). */
  examples: readonly string[];
  /** Names that belong to the family. */
  pattern: RegExp;
}

/**
 * Supported chat-model families, kept in one place: validation checks agent configs against it,
 * and the environment checks derive the required API keys from it.
 */
export const MODEL_FAMILIES: readonly ModelFamily[] = [
  {
    provider: 'anthropic',
    apiKey: 'ANTHROPIC_API_KEY',
    distribution: 'langchain-anthropic',
    examples: ['claude-opus-4-1', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-3-7-sonnet-latest', 'claude-3-5-haiku-latest'],
    pattern: /^(anthropic:)?claude-[a-z0-9.-]+$/,
  },
  {
    provider: 'openai',
    apiKey: 'OPENAI_API_KEY',
    distribution: 'langchain-openai',
    examples: ['gpt-5', 'gpt-4.1', 'gpt-4o', 'gpt-4o-mini', 'o3', 'o4-mini'],
    pattern: /^(openai:)?(gpt-[a-z0-9.-]+|o[1-9](-[a-z0-9.-]+)?)$/,
  },
];

/** The family of `model`, or undefined when it is not supported. */
export function modelFamily(model: string): ModelFamily | undefined {
  return MODEL_FAMILIES.find((family) => family.pattern.test(model));
}

/** The secrets the given models need (e.g. `claude-*` → ANTHROPIC_API_KEY), sorted. */
export function requiredSecretsForModels(models: Iterable<string>): string[] {
  const names = new Set<string>();
  for (const model of models) {
    const family = modelFamily(model);
    if (family) names.add(family.apiKey);
  }
  return [...names].sort();
}
