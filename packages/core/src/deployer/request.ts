import { z } from 'zod';
import { deployError } from '../errors/deploy-error.js';
import { errors } from '../errors/factories.js';
import { ENVIRONMENTS, type EnvironmentName } from '../environment/environments.js';
import { showValue, workflowNameProblem } from '../util/identifiers.js';

/** What to deploy, where, and how. */
export interface DeployRequest {
  /** `all` (default) or workflow names (`workflow-resp_002-member-communication`). */
  workflows?: 'all' | readonly string[];
  /** Directory holding `workflow-*.py`, agent configs and test cases. */
  source: string;
  /** Target environment. Default `dev`. */
  environment?: EnvironmentName;
  /** Validate for real, plan everything else, write nothing under the root. */
  dryRun?: boolean;
  /** Validate, then stop. */
  validateOnly?: boolean;
  /** Skip pre-deployment tests (production: only with `force`). */
  skipTests?: boolean;
  /** Allow skipping tests in production. */
  force?: boolean;
  /** Run every check fresh: no cached result is reused (the environment's `reuseResults` setting, for one deployment). */
  noCache?: boolean;
  /** Cancels the deployment (phases stop at their next step; nothing half-written stays). */
  signal?: AbortSignal;
}

/** A rollback of one environment. */
export interface RollbackRequest {
  /** Environment. */
  environment: EnvironmentName;
  /** Release to go back to. Default: the newest good release before the current one. */
  to?: string;
  /** Why (recorded in history). Default `manual rollback`. */
  reason?: string;
  /** Cancellation. */
  signal?: AbortSignal;
}

const deployRequestSchema = z
  .object({
    workflows: z
      .union([z.literal('all'), z.array(z.string().superRefine((v, ctx) => {
        const problem = workflowNameProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: `workflow name ${showValue(v)}: ${problem}` });
      })).min(1)])
      .default('all'),
    source: z.string().min(1).refine((v) => !v.includes('\u0000'), { message: 'the source path holds a NUL byte' }),
    environment: z.enum(ENVIRONMENTS).default('dev'),
    dryRun: z.boolean().default(false),
    validateOnly: z.boolean().default(false),
    skipTests: z.boolean().default(false),
    force: z.boolean().default(false),
    noCache: z.boolean().default(false),
    signal: z.instanceof(AbortSignal).optional(),
  })
  .strict();

/** A request with defaults applied. */
export type NormalizedDeployRequest = z.infer<typeof deployRequestSchema>;

/**
 * Validates a request and applies defaults. Throws `INVALID_ARGUMENT` naming each bad field, or
 * `SKIP_TESTS_REQUIRES_FORCE`.
 */
export function normalizeDeployRequest(request: DeployRequest): NormalizedDeployRequest {
  const parsed = deployRequestSchema.safeParse(request);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`);
    throw deployError('INVALID_ARGUMENT', `Invalid deploy request: ${problems.join('; ')}`, { details: { problems } });
  }
  const value = parsed.data;
  if (value.dryRun && value.validateOnly) {
    throw deployError('INVALID_ARGUMENT', 'Choose one of dryRun and validateOnly: validate-only already writes nothing.');
  }
  if (value.skipTests && value.environment === 'production' && !value.force) {
    throw errors.skipTestsRequiresForce(value.environment);
  }
  return value;
}
