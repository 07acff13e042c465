import { z } from 'zod';
import { configFileSchema } from './config.js';

/**
 * The JSON Schema (draft 2020-12) of `exec-automator.config.json`, generated from the zod schema
 * the tool validates with, so editors check the same rules (`config.schema.json` in the package).
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configFileSchema as z.ZodType, { io: 'input', unrepresentable: 'any' }),
    title: 'exec-automator configuration (exec-automator.config.json)',
  };
}
