import { z } from 'zod';

/** A tool an agent may use: a name, or an object with a name. */
export const agentToolSchema = z.union([
  z.string().min(1),
  z.object({ name: z.string().min(1), description: z.string().optional() }).loose(),
]);

/**
 * A human-in-the-loop checkpoint: the node where the graph waits for a person, as an object or,
 * the shorthand a person writes, just the node's name (`"review"` is `{ "node": "review" }`).
 */
export const hitlCheckpointSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { node: value } : value),
  z
    .object({
      node: z.string().min(1),
      description: z.string().optional(),
      timeout_seconds: z.number().int().positive().optional(),
      /** What happens when nobody decides in time: `expire` (default), `escalate` or `resume` with `timeout_resume`. */
      timeout_action: z.union([z.literal('expire'), z.literal('escalate'), z.literal('resume')]).optional(),
      /** The resume value of `timeout_action: "resume"`. */
      timeout_resume: z.unknown().optional(),
      /** Who is notified on `timeout_action: "escalate"`. */
      escalate_to: z.lazy(() => hitlReviewersSchema).optional(),
      /** Resume values of the review actions, over the defaults (`{"approved": true|false, "edits": ""}`). */
      resume_payloads: z.object({ approve: z.unknown().optional(), reject: z.unknown().optional(), edit: z.unknown().optional() }).optional(),
    })
    .loose(),
);

/**
 * Who is told that a run waits for a human: e-mail addresses, the name of the secret holding a
 * Slack incoming-webhook URL, a webhook URL (Alertmanager JSON). Without it the environment's
 * `HITL_NOTIFICATION_EMAIL` (`adminEmail`) and `HITL_NOTIFICATION_SLACK` secret are used.
 */
export const hitlReviewersSchema = z
  .object({
    email: z.union([z.string().min(3), z.array(z.string().min(3))]).optional(),
    slack_webhook_secret: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a secret name (UPPER_SNAKE_CASE)').optional(),
    webhook_url: z.url().optional(),
  })
  .strict();

/**
 * The accepted forms of agent-config fields, with an example, for error messages that show how
 * to write a field rather than what zod expected.
 */
export const AGENT_CONFIG_FIELD_FORMS: Readonly<Record<string, string>> = {
  agent_id: 'a non-empty string, e.g. "agent_resp_002"',
  agent_name: 'a non-empty string, e.g. "Member Communication Agent"',
  model: 'a model name, e.g. "claude-sonnet-4-5" or "anthropic:claude-sonnet-4-5"',
  system_prompt: 'a non-empty string',
  tools: 'an array of tool names or objects, e.g. ["search", {"name": "send_email", "description": "…"}]',
  monitoring: 'an object, e.g. {"metrics_enabled": true, "alert_thresholds": {"error_rate": 0.05}}',
  human_in_the_loop: 'an object, e.g. {"enabled": true, "checkpoints": ["review"]}',
  'human_in_the_loop.checkpoints': 'an array of node names or objects, e.g. ["review", {"node": "approve", "timeout_seconds": 3600}]',
  'human_in_the_loop.checkpoints.*': 'a node name ("review") or an object {"node": "review", "timeout_seconds": 3600}',
  'human_in_the_loop.reviewers': 'an object, e.g. {"email": ["staff@example.org"], "slack_webhook_secret": "TEAM_SLACK_WEBHOOK", "webhook_url": "https://…"}',
  'human_in_the_loop.checkpoints.*.timeout_action': 'one of "expire", "escalate", "resume"',
  'human_in_the_loop.checkpoints.*.escalate_to': 'an object like "reviewers", e.g. {"email": ["director@example.org"]}',
  'tools.*': 'a tool name ("search") or an object {"name": "search", "description": "…"}',
  priority: 'one of "low", "medium", "high", "critical"',
  temperature: 'a number from 0 to 2, e.g. 0.3',
  max_tokens: 'a positive integer, e.g. 4096',
};

/** The metrics the seed's `monitor_execution` collects. */
export const MONITORING_METRICS = ['execution_count', 'success_rate', 'avg_duration', 'error_rate', 'tokens_used', 'cost_per_execution'] as const;

/** The `monitoring` object of an agent config (the seed's fields, typed; unknown fields kept). */
const monitoringSchema = z
  .object({
    metrics_enabled: z.boolean().optional(),
    alerts_enabled: z.boolean().optional(),
    metrics: z.array(z.enum(MONITORING_METRICS)).optional(),
    alert_thresholds: z
      .object({
        error_rate: z.number().min(0).max(1).optional(),
        avg_duration_seconds: z.number().positive().optional(),
        daily_cost: z.number().nonnegative().optional(),
      })
      .loose()
      .optional(),
    notification_channels: z
      .object({ email: z.string().min(3).optional(), slack: z.string().min(1).optional() })
      .loose()
      .optional(),
    dashboard_url: z.string().min(1).optional(),
  })
  .loose();

const agentConfig = z
  .object({
    agent_id: z.string().min(1),
    agent_name: z.string().min(1),
    model: z.string().min(1),
    system_prompt: z.string().min(1),
    tools: z.array(agentToolSchema),
    monitoring: monitoringSchema,
    human_in_the_loop: z
      .object({ enabled: z.boolean().optional(), checkpoints: z.array(hitlCheckpointSchema).optional(), reviewers: hitlReviewersSchema.optional() })
      .loose()
      .optional(),
    workflow_id: z.string().min(1).optional(),
    workflow_file: z.string().optional(),
    tests_file: z.string().optional(),
    description: z.string().optional(),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().positive().optional(),
    priority: z.enum(['low', 'medium', 'high', 'critical']).optional(),
    schedule: z.string().optional(),
    auto_start: z.boolean().optional(),
    /** The input of the smoke run after a deploy when the workflow has no test case marked `smoke`. */
    smoke_input: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

/** A parsed agent config. */
export type AgentConfig = z.infer<typeof agentConfig>;

/**
 * zod schema of an agent config (`agent-<key>-config.json`) with the seed's required fields:
 * agent_id, agent_name, model, system_prompt, tools[], monitoring{}. Unknown fields are kept.
 */
export const agentConfigSchema: z.ZodType<AgentConfig> = agentConfig;

/** The seed's required agent-config fields, in its order. */
export const REQUIRED_AGENT_FIELDS = ['agent_id', 'agent_name', 'model', 'system_prompt', 'tools', 'monitoring'] as const;
