/** What a reviewer can do with a pending review. */
export type ReviewAction = 'approve' | 'reject' | 'edit';

/** What happens to a review nobody decided before its deadline. */
export type ReviewTimeoutAction = 'expire' | 'escalate' | 'resume';

/**
 * Where a review stands. `pending` waits for a person (also after an escalation); the others
 * are final: decided by a reviewer (`approved`, `rejected`, `edited`), by its timeout
 * (`expired`, or `resumed` with the checkpoint's default), or superseded (`resumed`: the thread
 * was resumed some other way, e.g. `invoke --resume`).
 */
export type ReviewStatus = 'pending' | 'approved' | 'rejected' | 'edited' | 'expired' | 'resumed';

/** How a decision reached the review. */
export type ReviewChannel = 'cli' | 'api' | 'timeout' | 'invoke';

/** Who is told that a run waits: e-mail recipients, a Slack webhook secret, a webhook URL. */
export interface ReviewerTargets {
  /** E-mail recipients. */
  email: string[];
  /** Name of the secret holding a Slack incoming-webhook URL (the URL itself is never stored). */
  slack_webhook_secret: string | null;
  /** Webhook receiver URL (Alertmanager JSON), if any. */
  webhook_url: string | null;
  /** `agent-config` (the workflow's `human_in_the_loop.reviewers`) or `environment` (`HITL_NOTIFICATION_*`). */
  source: 'agent-config' | 'environment' | 'escalation';
}

/** One notification sent (or not) for a review. */
export interface ReviewNotificationOutcome {
  /** `pending` when the run stopped, `escalation` after the deadline. */
  kind: 'pending' | 'escalation';
  /** Channel name. */
  channel: string;
  /** True when the channel accepted it. */
  ok: boolean;
  /** Why not (never a secret value), or `unavailable` when the channel is not set up. */
  error: string | null;
  /** ISO time. */
  at: string;
}

/** One entry of a review's audit trail: who did what, when, with which resume value. */
export interface ReviewDecision {
  /** `approve`, `reject`, `edit` (reviewers), `expire`, `escalate`, `resume` (timeout or a resume from elsewhere). */
  action: ReviewAction | 'expire' | 'escalate' | 'resume';
  /** The person (`--by`, the API key's name) or `timeout`. */
  by: string;
  /** How the decision came. */
  via: ReviewChannel;
  /** ISO time. */
  at: string;
  /** The value the thread was resumed with (`Command(resume=...)`), `null` when it was not resumed. */
  payload: unknown;
  /** The reviewer's note, if any. */
  comment: string | null;
  /** The execution that resumed the thread, once started. */
  resumed_execution_id: string | null;
  /** How that execution ended (`completed`, `interrupted`, `error`, …), once known. */
  resumed_status: string | null;
  /** Why resuming failed, when it did. */
  resume_error: string | null;
}

/**
 * A run stopped at a human-in-the-loop checkpoint: `<env>/reviews/<review_id>.json`. Written
 * atomically; it survives restarts of the server and holds the audit trail of the decision.
 * Holds what the interrupt showed (secrets masked by the runner), never a secret value.
 */
export interface Review {
  /** `rev-20261202T101500Z-3fa2`. */
  review_id: string;
  /** Environment. */
  environment: string;
  /** Workflow name. */
  workflow: string;
  /** Seed workflow id. */
  workflow_id: string;
  /** Release that ran the execution. */
  release_id: string;
  /** Thread that waits (resume it with the decision). */
  thread_id: string;
  /** The execution that stopped. */
  execution_id: string;
  /** The node that waits (`human_review`). */
  node: string | null;
  /** What the interrupt showed the reviewer (`interrupt(value)`). */
  value: unknown;
  /** The checkpoint's description from the agent config, if any. */
  description: string | null;
  /** True when the execution used fake chat models. */
  simulated: boolean;
  /** ISO time the run stopped. */
  created_at: string;
  /** ISO time the timeout action runs. */
  deadline: string;
  /** Seconds from `created_at` (or the escalation) to `deadline`. */
  timeout_seconds: number;
  /** What happens at the deadline. */
  timeout_action: ReviewTimeoutAction;
  /** Resume value of `timeout_action: resume`. */
  timeout_resume: unknown;
  /** What reviewers may do. */
  actions: ReviewAction[];
  /** Resume values of the actions (an edit adds the reviewer's `edits`). */
  payloads: Record<ReviewAction, unknown>;
  /** Who was told. */
  reviewers: ReviewerTargets;
  /** Who is told at the deadline when the action is `escalate`. */
  escalation: ReviewerTargets | null;
  /** Where it stands. */
  status: ReviewStatus;
  /** Audit trail, oldest first. */
  decisions: ReviewDecision[];
  /** Notifications sent for it. */
  notifications: ReviewNotificationOutcome[];
}

/** The default resume values: the examples' `{"approved": bool, "edits": str}`. */
export const DEFAULT_REVIEW_PAYLOADS: Readonly<Record<ReviewAction, unknown>> = {
  approve: { approved: true, edits: '' },
  reject: { approved: false, edits: '' },
  edit: { approved: true, edits: '' },
};

/** The final status a reviewer's action gives. */
export const STATUS_OF_ACTION: Readonly<Record<ReviewAction, ReviewStatus>> = { approve: 'approved', reject: 'rejected', edit: 'edited' };
