/**
 * `@exec-automator/core/models`: The chat model table: families, aliases and the secrets each needs.
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
