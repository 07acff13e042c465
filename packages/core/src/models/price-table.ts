import { z } from 'zod';
import type { ModelCall } from '../python/runner-protocol.js';

/** Tokens one model used in one node during an execution. */
export interface TokenUsage {
  /** Model name as the chat model reported it (`claude-sonnet-4-5`). */
  model: string;
  /** LangGraph node that made the calls (`unknown` when outside a node). */
  node: string;
  /** Input (prompt) tokens. */
  input_tokens: number;
  /** Output (completion) tokens. */
  output_tokens: number;
  /** Chat-model calls. */
  calls: number;
}

/** Price of a model in USD per million tokens. */
export interface ModelPrice {
  /** USD per 1M input tokens. */
  input: number;
  /** USD per 1M output tokens. */
  output: number;
}

/** zod schema of a price table (`modelPrices` in the configuration file). */
export const modelPricesSchema = z.record(
  z.string().min(1),
  z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }).strict(),
);

/**
 * List prices (USD per 1M tokens) of the supported model families, matched by the longest
 * prefix of the model name (`claude-sonnet-4-5-20250929` uses `claude-sonnet-4`). Estimates
 * only: prices change, so override them with `modelPrices` in the configuration file.
 */
export const DEFAULT_MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-4-5': { input: 5, output: 25 },
  'claude-opus-4': { input: 15, output: 75 },
  'claude-sonnet-4': { input: 3, output: 15 },
  'claude-3-7-sonnet': { input: 3, output: 15 },
  'claude-3-5-sonnet': { input: 3, output: 15 },
  'claude-haiku-4': { input: 1, output: 5 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  'claude-3-haiku': { input: 0.25, output: 1.25 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'o4-mini': { input: 1.1, output: 4.4 },
  o3: { input: 2, output: 8 },
  o1: { input: 15, output: 60 },
};

/** `anthropic:claude-x` → `claude-x`: providers prefix names in `init_chat_model` style. */
function bareModel(model: string): string {
  const colon = model.indexOf(':');
  return (colon === -1 ? model : model.slice(colon + 1)).trim().toLowerCase();
}

/**
 * The price of `model`: an exact entry of `overrides`, else the longest matching prefix in
 * `overrides` merged over {@link DEFAULT_MODEL_PRICES}; undefined when nothing matches.
 */
export function priceFor(model: string, overrides: Readonly<Record<string, ModelPrice>> = {}): ModelPrice | undefined {
  const name = bareModel(model);
  const table: Record<string, ModelPrice> = { ...DEFAULT_MODEL_PRICES };
  for (const [key, price] of Object.entries(overrides)) table[bareModel(key)] = price;
  if (table[name]) return table[name];
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (name.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : table[best];
}

/** The runner's model calls summed by model and node (the `tokens` of an execution record). */
export function tokenUsage(calls: readonly ModelCall[]): TokenUsage[] {
  const byKey = new Map<string, TokenUsage>();
  for (const call of calls) {
    const model = call.model ?? 'unknown';
    const node = call.node ?? 'unknown';
    const key = `${model}\u0000${node}`;
    const entry = byKey.get(key) ?? { model, node, input_tokens: 0, output_tokens: 0, calls: 0 };
    entry.input_tokens += call.input_tokens;
    entry.output_tokens += call.output_tokens;
    entry.calls += 1;
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** Estimated cost of `usage` in USD, and the models that have no price (counted as 0). */
export function estimateCost(
  usage: readonly TokenUsage[],
  overrides: Readonly<Record<string, ModelPrice>> = {},
): { costUsd: number; unpriced: string[] } {
  let cost = 0;
  const unpriced = new Set<string>();
  for (const entry of usage) {
    const price = priceFor(entry.model, overrides);
    if (!price) {
      if (entry.input_tokens + entry.output_tokens > 0) unpriced.add(entry.model);
      continue;
    }
    cost += (entry.input_tokens * price.input + entry.output_tokens * price.output) / 1_000_000;
  }
  // Twelve significant digits: sums of many small costs stay free of float noise in files.
  return { costUsd: Number(cost.toPrecision(12)), unpriced: [...unpriced].sort() };
}
