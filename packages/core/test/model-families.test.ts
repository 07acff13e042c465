import { describe, expect, it } from 'vitest';
import { MODEL_FAMILIES, modelFamily, requiredSecretsForModels, resolveModel, similarModels } from '../src/entries/models.js';

describe('the supported-model table', () => {
  it('resolves current names, aliases, dated snapshots and provider prefixes', () => {
    expect(resolveModel('claude-sonnet-4-5')).toMatchObject({ id: 'claude-sonnet-4-5', alias: false });
    expect(resolveModel('sonnet')).toMatchObject({ id: 'claude-sonnet-4-5', alias: true });
    expect(resolveModel('claude-sonnet-4-5-20250929')).toMatchObject({ id: 'claude-sonnet-4-5', alias: true });
    expect(resolveModel('anthropic:claude-haiku-4-5')?.family.provider).toBe('anthropic');
    expect(resolveModel('gpt-4o-2024-08-06')).toMatchObject({ id: 'gpt-4o', alias: true });
    expect(resolveModel('openai:o4-mini')?.family.apiKey).toBe('OPENAI_API_KEY');
  });

  it('rejects unknown names, a wrong provider prefix and near misses', () => {
    for (const name of ['claude-sonet-4-5', 'gpt-6-ultra', 'openai:claude-sonnet-4-5', 'llama-3', '']) expect(resolveModel(name)).toBeUndefined();
    expect(modelFamily('claude-sonet-4-5')).toBeUndefined();
  });

  it('marks retired models with their replacement', () => {
    expect(resolveModel('claude-3-5-sonnet-20240620')).toMatchObject({ id: 'claude-3-5-sonnet-latest', deprecated: 'claude-sonnet-4-5' });
    expect(resolveModel('gpt-3.5-turbo')?.deprecated).toBe('gpt-4o-mini');
  });

  it('suggests the closest current models for a typo', () => {
    expect(similarModels('claude-sonet-4-5')[0]).toBe('claude-sonnet-4-5');
    expect(similarModels('gpt4o')[0]).toBe('gpt-4o');
  });

  it('derives the API keys from the models in use', () => {
    expect(requiredSecretsForModels(['sonnet', 'gpt-4.1', 'unknown-model'])).toEqual(['ANTHROPIC_API_KEY', 'OPENAI_API_KEY']);
    expect(requiredSecretsForModels([])).toEqual([]);
  });

  it('lists every name once across the table', () => {
    const names = MODEL_FAMILIES.flatMap((f) => f.models.flatMap((m) => [m.id, ...(m.aliases ?? [])]));
    expect(new Set(names).size).toBe(names.length);
  });
});
