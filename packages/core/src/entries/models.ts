/**
 * `@exec-automator/core/models`: The chat model table: families, aliases, the secrets each needs, and prices per million tokens.
 *
 * @packageDocumentation
 */
export {
  MODEL_FAMILIES,
  modelFamily,
  requiredSecretsForModels,
  resolveModel,
  similarModels,
  type ModelFamily,
  type ResolvedModel,
  type SupportedModel,
} from '../models/model-families.js';
export {
  DEFAULT_MODEL_PRICES,
  estimateCost,
  modelPricesSchema,
  priceFor,
  tokenUsage,
  type ModelPrice,
  type TokenUsage,
} from '../models/price-table.js';
