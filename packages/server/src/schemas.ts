import { z } from 'zod';
import { checkpointIdSchema, workflowRefSchema } from './ids.js';

/** Stream modes a client may ask for (the Agent Server's names). */
export const STREAM_MODES = ['values', 'updates', 'custom', 'messages', 'messages-tuple', 'debug', 'tasks', 'checkpoints'] as const;

/** A stream mode of {@link STREAM_MODES}. */
export type StreamMode = (typeof STREAM_MODES)[number];

const record = z.record(z.string(), z.unknown());

/** The body of every run-creating route (`/runs/wait`, `/threads/{id}/runs/stream`, …), as the SDK sends it. */
export const runCreateSchema = z.object({
  assistant_id: workflowRefSchema,
  input: z.unknown().optional(),
  command: z
    .object({
      resume: z.unknown().optional(),
      update: z.unknown().optional(),
      goto: z.unknown().optional(),
    })
    .nullish(),
  config: z
    .object({
      configurable: record.nullish(),
      tags: z.array(z.string()).nullish(),
      metadata: record.nullish(),
      recursion_limit: z.number().int().positive().nullish(),
    })
    .nullish(),
  context: record.nullish(),
  metadata: record.nullish(),
  stream_mode: z.union([z.enum(STREAM_MODES), z.array(z.enum(STREAM_MODES))]).nullish(),
  stream_subgraphs: z.boolean().nullish(),
  stream_resumable: z.boolean().nullish(),
  multitask_strategy: z.enum(['reject', 'enqueue', 'interrupt', 'rollback']).nullish(),
  if_not_exists: z.enum(['create', 'reject']).nullish(),
  on_completion: z.enum(['delete', 'keep']).nullish(),
  on_disconnect: z.enum(['cancel', 'continue']).nullish(),
  interrupt_before: z.union([z.literal('*'), z.array(z.string())]).nullish(),
  interrupt_after: z.union([z.literal('*'), z.array(z.string())]).nullish(),
  checkpoint: record.nullish(),
  checkpoint_id: checkpointIdSchema.nullish(),
  webhook: z.string().nullish(),
  feedback_keys: z.unknown().optional(),
  after_seconds: z.number().nullish(),
  checkpoint_during: z.boolean().nullish(),
  durability: z.string().nullish(),
  langsmith_tracer: z.unknown().optional(),
});

/** A validated run-creating body. */
export type RunCreate = z.infer<typeof runCreateSchema>;

/** `POST /threads`. */
export const threadCreateSchema = z.object({
  thread_id: z.uuid().nullish(),
  metadata: record.nullish(),
  if_exists: z.enum(['raise', 'do_nothing']).nullish(),
  graph_id: workflowRefSchema.nullish(),
  supersteps: z.unknown().optional(),
  ttl: z.unknown().optional(),
});

/** `POST /threads/search`. */
export const threadSearchSchema = z.object({
  metadata: record.nullish(),
  values: record.nullish(),
  status: z.enum(['idle', 'busy', 'interrupted', 'error']).nullish(),
  ids: z.array(z.string()).nullish(),
  limit: z.number().int().min(1).max(1000).nullish(),
  offset: z.number().int().min(0).nullish(),
  sort_by: z.string().nullish(),
  sort_order: z.enum(['asc', 'desc']).nullish(),
  select: z.array(z.string()).nullish(),
  extract: z.unknown().optional(),
});

/** `PATCH /threads/{id}`. */
export const threadPatchSchema = z.object({ metadata: record.nullish(), ttl: z.unknown().optional() });

/** `POST /threads/{id}/state`. */
export const stateUpdateSchema = z.object({
  values: z.unknown(),
  as_node: z.string().nullish(),
  checkpoint: record.nullish(),
  checkpoint_id: checkpointIdSchema.nullish(),
});

/** `POST /threads/{id}/history`. */
export const historySchema = z.object({
  limit: z.number().int().min(1).max(1000).nullish(),
  before: z.unknown().optional(),
  metadata: record.nullish(),
  checkpoint: z.object({ checkpoint_id: checkpointIdSchema.nullish() }).catchall(z.unknown()).nullish(),
});

/** `POST /assistants/search`. */
export const assistantSearchSchema = z.object({
  graph_id: z.string().nullish(),
  name: z.string().nullish(),
  metadata: record.nullish(),
  limit: z.number().int().min(1).max(1000).nullish(),
  offset: z.number().int().min(0).nullish(),
  sort_by: z.string().nullish(),
  sort_order: z.enum(['asc', 'desc']).nullish(),
  select: z.array(z.string()).nullish(),
});

/** `POST /api/workflows/{id}/invoke` (the seed's route). */
export const seedInvokeSchema = z.object({
  input: z.unknown().optional(),
  thread_id: z.uuid().nullish(),
  resume: z.unknown().optional(),
  wait: z.boolean().nullish(),
  config: runCreateSchema.shape.config,
  context: record.nullish(),
});

/** A UUID path parameter. */
export const uuidSchema = z.uuid();
