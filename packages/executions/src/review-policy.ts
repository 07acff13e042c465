import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { EnvironmentSettings, EnvironmentLayout } from '@exec-automator/core';
import { agentConfigSchema, type hitlReviewersSchema } from '@exec-automator/core/source';
import { resolveDeployedWorkflow } from './deployed-workflow.js';
import { DEFAULT_REVIEW_PAYLOADS, type ReviewAction, type ReviewerTargets, type ReviewTimeoutAction } from './review-model.js';

/** The secret holding the environment's Slack webhook URL for reviews (the seed's `HITL_NOTIFICATION_SLACK`). */
export const HITL_SLACK_SECRET = 'HITL_NOTIFICATION_SLACK';

/** How a checkpoint is reviewed: from the workflow's agent config, else the environment's settings. */
export interface ReviewPolicy {
  /** The checkpoint's description. */
  description: string | null;
  /** Seconds until the timeout action (checkpoint `timeout_seconds`, else `HITL_APPROVAL_TIMEOUT_SECONDS`). */
  timeoutSeconds: number;
  /** What happens at the deadline. Default `expire`. */
  timeoutAction: ReviewTimeoutAction;
  /** Resume value for `resume`. Default: the reject value. */
  timeoutResume: unknown;
  /** Who is told the run waits. */
  reviewers: ReviewerTargets;
  /** Who is told at the deadline (`escalate`); default the reviewers again. */
  escalation: ReviewerTargets | null;
  /** Resume values of approve, reject and edit. */
  payloads: Record<ReviewAction, unknown>;
}

type ReviewersConfig = z.infer<typeof hitlReviewersSchema>;

function targets(config: ReviewersConfig, source: ReviewerTargets['source']): ReviewerTargets {
  const email = config.email === undefined ? [] : Array.isArray(config.email) ? config.email : [config.email];
  return { email, slack_webhook_secret: config.slack_webhook_secret ?? null, webhook_url: config.webhook_url ?? null, source };
}

/** The environment's reviewers: `HITL_NOTIFICATION_EMAIL` (`adminEmail`) and the `HITL_NOTIFICATION_SLACK` secret. */
export function environmentReviewers(settings: EnvironmentSettings): ReviewerTargets {
  return { email: settings.adminEmail ? [settings.adminEmail] : [], slack_webhook_secret: HITL_SLACK_SECRET, webhook_url: null, source: 'environment' };
}

/**
 * The review policy of `node` of a deployed workflow: its agent config's
 * `human_in_the_loop.checkpoints` entry (timeout, timeout action, escalation, resume values) and
 * `human_in_the_loop.reviewers`, over the environment's `HITL_*` settings. A workflow without an
 * agent config, or a node it does not list, gets the environment's defaults.
 */
export async function reviewPolicy(layout: EnvironmentLayout, workflow: string, node: string | null, settings: EnvironmentSettings): Promise<ReviewPolicy> {
  const hitl = await agentHitl(layout, workflow);
  const checkpoint = hitl?.checkpoints?.find((c) => c.node === node) ?? (hitl?.checkpoints?.length === 1 && node === null ? hitl.checkpoints[0] : undefined);
  const payloads: Record<ReviewAction, unknown> = {
    approve: checkpoint?.resume_payloads?.approve ?? DEFAULT_REVIEW_PAYLOADS.approve,
    reject: checkpoint?.resume_payloads?.reject ?? DEFAULT_REVIEW_PAYLOADS.reject,
    edit: checkpoint?.resume_payloads?.edit ?? DEFAULT_REVIEW_PAYLOADS.edit,
  };
  const reviewers = hitl?.reviewers ? targets(hitl.reviewers, 'agent-config') : environmentReviewers(settings);
  const timeoutAction = checkpoint?.timeout_action ?? 'expire';
  return {
    description: checkpoint?.description ?? null,
    timeoutSeconds: checkpoint?.timeout_seconds ?? settings.hitlApprovalTimeoutSeconds,
    timeoutAction,
    timeoutResume: checkpoint?.timeout_resume ?? payloads.reject,
    reviewers,
    escalation: timeoutAction !== 'escalate' ? null : checkpoint?.escalate_to ? targets(checkpoint.escalate_to, 'escalation') : { ...reviewers, source: 'escalation' },
    payloads,
  };
}

type Hitl = NonNullable<z.infer<typeof agentConfigSchema>['human_in_the_loop']>;

/** The `human_in_the_loop` block of the workflow's released agent config; undefined without one (or an unreadable one). */
async function agentHitl(layout: EnvironmentLayout, workflow: string): Promise<Hitl | undefined> {
  try {
    const deployed = await resolveDeployedWorkflow(layout, workflow);
    if (!deployed.workflow.agentConfig) return undefined;
    const parsed = agentConfigSchema.safeParse(JSON.parse(await readFile(path.join(deployed.releaseDir, deployed.workflow.agentConfig), 'utf8')));
    return parsed.success ? parsed.data.human_in_the_loop : undefined;
  } catch {
    return undefined;
  }
}
