/** One supported chat model with the other names that mean it. */
export interface SupportedModel {
  /** The name to use (`claude-sonnet-4-5`). */
  readonly id: string;
  /** Other accepted names: dated snapshots, `-latest` forms, the seed's short names (`sonnet`). */
  readonly aliases?: readonly string[];
  /** Set when the model is retired or superseded: what to use instead. */
  readonly deprecated?: string;
}

/** A model family exec-automator knows how to run and what it needs. */
export interface ModelFamily {
  /** Provider name; also the `provider:` prefix `init_chat_model` accepts (`anthropic:claude-...`). */
  readonly provider: 'anthropic' | 'openai';
  /** The secret (environment variable) the provider's client needs. */
  readonly apiKey: string;
  /** LangChain package that provides the chat model. */
  readonly distribution: string;
  /** The supported models of the family. */
  readonly models: readonly SupportedModel[];
}

/**
 * Supported chat models, kept in one place: validation checks agent configs against it, and the
 * environment checks derive the required API keys from it. A dated snapshot of a listed model
 * (`claude-sonnet-4-5-20250929`, `gpt-4o-2024-08-06`) is accepted as that model.
 */
export const MODEL_FAMILIES: readonly ModelFamily[] = [
  {
    provider: 'anthropic',
    apiKey: 'ANTHROPIC_API_KEY',
    distribution: 'langchain-anthropic',
    models: [
      { id: 'claude-opus-4-1', aliases: ['opus', 'claude-opus-4-1-20250805'] },
      { id: 'claude-opus-4-0', aliases: ['claude-opus-4-20250514'] },
      { id: 'claude-sonnet-4-5', aliases: ['sonnet', 'claude-sonnet-4-5-20250929'] },
      { id: 'claude-sonnet-4-0', aliases: ['claude-sonnet-4-20250514'] },
      { id: 'claude-haiku-4-5', aliases: ['haiku', 'claude-haiku-4-5-20251001'] },
      { id: 'claude-3-7-sonnet-latest', aliases: ['claude-3-7-sonnet-20250219'] },
      { id: 'claude-3-5-haiku-latest', aliases: ['claude-3-5-haiku-20241022'] },
      { id: 'claude-3-5-sonnet-latest', aliases: ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-20240620'], deprecated: 'claude-sonnet-4-5' },
      { id: 'claude-3-opus-latest', aliases: ['claude-3-opus-20240229'], deprecated: 'claude-opus-4-1' },
      { id: 'claude-3-haiku-20240307', deprecated: 'claude-haiku-4-5' },
    ],
  },
  {
    provider: 'openai',
    apiKey: 'OPENAI_API_KEY',
    distribution: 'langchain-openai',
    models: [
      { id: 'gpt-5' },
      { id: 'gpt-5-mini' },
      { id: 'gpt-5-nano' },
      { id: 'gpt-4.1' },
      { id: 'gpt-4.1-mini' },
      { id: 'gpt-4.1-nano' },
      { id: 'gpt-4o', aliases: ['chatgpt-4o-latest'] },
      { id: 'gpt-4o-mini' },
      { id: 'o3' },
      { id: 'o3-mini' },
      { id: 'o4-mini' },
      { id: 'o1' },
      { id: 'gpt-4-turbo', deprecated: 'gpt-4.1' },
      { id: 'gpt-3.5-turbo', deprecated: 'gpt-4o-mini' },
    ],
  },
];

/** A model name resolved against {@link MODEL_FAMILIES}. */
export interface ResolvedModel {
  /** The family. */
  family: ModelFamily;
  /** The model's current name. */
  id: string;
  /** True when the name given was an alias or a dated snapshot of `id`. */
  alias: boolean;
  /** What to use instead, when the model is deprecated. */
  deprecated?: string;
}

const SNAPSHOT = /^(.+?)-(\d{8}|\d{4}-\d{2}-\d{2})$/;

/**
 * Resolves a model name (optionally prefixed with its provider, as `init_chat_model` takes it:
 * `anthropic:claude-sonnet-4-5`, or `anthropic/claude-sonnet-4-5` as LangGraph templates write
 * it), its aliases and its dated snapshots; undefined when the model is not supported.
 */
export function resolveModel(name: string): ResolvedModel | undefined {
  const colon = name.search(/[:/]/);
  const provider = colon === -1 ? undefined : name.slice(0, colon);
  const bare = colon === -1 ? name : name.slice(colon + 1);
  for (const family of MODEL_FAMILIES) {
    if (provider !== undefined && provider !== family.provider) continue;
    for (const model of family.models) {
      const snapshot = SNAPSHOT.exec(bare);
      const names = [model.id, ...(model.aliases ?? [])];
      if (names.includes(bare) || (snapshot && names.includes(snapshot[1] as string))) {
        return { family, id: model.id, alias: bare !== model.id, ...(model.deprecated ? { deprecated: model.deprecated } : {}) };
      }
    }
  }
  return undefined;
}

/** The family of `model`, or undefined when it is not supported. */
export function modelFamily(model: string): ModelFamily | undefined {
  return resolveModel(model)?.family;
}

/** Supported model names closest to `name` (for "did you mean" messages), best first. */
export function similarModels(name: string, limit = 3): string[] {
  const bare = name.slice(name.search(/[:/]/) + 1).toLowerCase();
  const current = MODEL_FAMILIES.flatMap((f) => f.models.filter((m) => !m.deprecated).map((m) => m.id));
  return current
    .map((id) => ({ id, distance: editDistance(bare, id) }))
    .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((m) => m.id);
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

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] as number;
}
