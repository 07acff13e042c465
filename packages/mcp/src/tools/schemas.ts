import { z } from 'zod';
import { ENVIRONMENTS } from '@exec-automator/core';

/** `environment` input: dev, staging or production (default dev, as in the seed). */
export const environmentInput = z.enum(ENVIRONMENTS).default('dev').describe('Target environment: dev, staging or production.');

/** `root` input. */
export const rootInput = z
  .string()
  .optional()
  .describe('Directory holding the environments (default: .exec-automator in the first allowed directory).');

/** A serialized DeployError in tool output. */
export const errorOutput = z
  .object({ code: z.string(), message: z.string(), phase: z.string().optional(), details: z.record(z.string(), z.unknown()).optional() })
  .optional();

/** One phase outcome in tool output. */
export const phaseOutput = z.object({
  name: z.string(),
  title: z.string(),
  status: z.string(),
  duration_ms: z.number(),
  summary: z.string(),
});
