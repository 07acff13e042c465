import { z } from 'zod';

/** The environments exec-automator deploys to. */
export const ENVIRONMENTS = ['dev', 'staging', 'production'] as const;

/** One of {@link ENVIRONMENTS}. */
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** zod schema for an environment name. */
export const environmentNameSchema: z.ZodType<EnvironmentName> = z.enum(ENVIRONMENTS);

/** True when `value` names an environment. */
export function isEnvironmentName(value: unknown): value is EnvironmentName {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}
