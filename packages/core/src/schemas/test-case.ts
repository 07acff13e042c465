import { z } from 'zod';

/** A recorded chat-model response: text, or text with tool calls and token usage. */
export const recordedResponseSchema = z.union([
  z.string(),
  z
    .object({
      content: z.string(),
      tool_calls: z
        .array(z.object({ name: z.string().min(1), args: z.record(z.string(), z.unknown()), id: z.string().optional() }))
        .optional(),
      usage: z.object({ input_tokens: z.number().int().nonnegative(), output_tokens: z.number().int().nonnegative() }).optional(),
    })
    .strict(),
]);

/** What a test case expects. Every given field must hold. */
export const testExpectationSchema = z
  .object({
    /** Partial deep match on the final state. */
    output: z.record(z.string(), z.unknown()).optional(),
    /** Dot paths into the final state with their exact values (`draft.subject`). */
    paths: z.record(z.string(), z.unknown()).optional(),
    /** The node where the graph stops for a human. */
    interrupt: z.string().min(1).optional(),
    /** The exception class the graph raises. */
    error: z.string().min(1).optional(),
  })
  .strict();

/** LangGraph run configuration a test case passes (`configurable` values, tags, metadata). */
export const runConfigSchema = z
  .object({
    configurable: z.record(z.string(), z.unknown()).optional(),
    tags: z.array(z.string()).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    recursion_limit: z.number().int().positive().optional(),
  })
  .strict();

/** One pre-deployment test case. */
export const testCaseSchema = z
  .object({
    name: z.string().min(1),
    input: z.unknown(),
    /** The runtime context (`Runtime[Context]`); default: the graph's context schema defaults. */
    context: z.record(z.string(), z.unknown()).optional(),
    /** Run configuration, passed as LangGraph takes it. */
    config: runConfigSchema.optional(),
    responses: z.array(recordedResponseSchema).default([]),
    resume: z.array(z.unknown()).optional(),
    expect: testExpectationSchema.default({}),
    critical: z.boolean().default(true),
    smoke: z.boolean().default(false),
    timeout_seconds: z.number().positive().default(60),
  })
  .strict();

/** A workflow's test cases file (`<workflow>.tests.json`). */
export const testSuiteSchema = z
  .object({
    $schema: z.string().optional(),
    workflow: z.string().min(1),
    cases: z.array(testCaseSchema),
  })
  .strict();

/** A parsed test case (defaults applied). */
export type TestCase = z.infer<typeof testCaseSchema>;
/** A parsed test suite. */
export type TestSuite = z.infer<typeof testSuiteSchema>;
