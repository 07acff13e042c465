import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { deployError } from '@exec-automator/core';
import { buildRequirements, type InvokeResult } from '@exec-automator/core/python';
import { testsFileName } from '@exec-automator/core/source';
import { loadTestSuite, recordedResponseSchema, runTestCase } from '@exec-automator/core/testing';
import { assertThreadId } from '@exec-automator/core/util';
import type { ServerContext } from '../server-context.js';
import { failure, ok, type ToolResult } from '../tool-result.js';

/** Input of `simulate_workflow`. */
export const simulateInput = {
  workflow_file: z.string().min(1).describe('Workflow file, optionally with the graph variable: path/workflow-x.py[:graph].'),
  test_input: z.record(z.string(), z.unknown()).optional().describe('Graph input (JSON object). Not needed with test_case.'),
  responses: z
    .array(recordedResponseSchema)
    .default([])
    .describe('Recorded chat-model replies, consumed in call order by fake models (no real LLM is called).'),
  test_case: z.string().optional().describe('Run this case from the workflow\'s <name>.tests.json instead (its input, responses and expectations).'),
  thread_id: z.string().optional().describe('Thread id, to resume an interrupted simulation.'),
  resume: z.unknown().optional().describe('Resume value for a thread stopped at a human-in-the-loop interrupt.'),
  timeout_seconds: z.number().positive().max(3600).default(60).describe('Kill the simulation after this many seconds.'),
  capture_logs: z.boolean().default(true).describe('Return what the workflow printed and logged.'),
};

/** Output of `simulate_workflow`. */
export const simulateOutput = {
  workflow: z.string(),
  status: z.string(),
  thread_id: z.string().optional(),
  output: z.unknown().optional(),
  interrupt: z.object({ node: z.string().nullable(), value: z.unknown() }).nullable().optional(),
  error: z.unknown().optional(),
  duration_ms: z.number(),
  model_calls: z.number(),
  test: z.object({ name: z.string(), passed: z.boolean(), failures: z.array(z.string()) }).optional(),
  logs: z.array(z.string()).optional(),
};

type Args = { [K in keyof typeof simulateInput]: z.infer<(typeof simulateInput)[K]> };

/**
 * Runs a workflow file (not a deployment) with fake chat models: analyses its imports, builds or
 * reuses a venv in the cache for them, and invokes the graph in a warm runner worker. A case
 * that exceeds its timeout is killed with its worker.
 */
export async function simulateWorkflow(ctx: ServerContext, args: Args, signal: AbortSignal): Promise<ToolResult> {
  const logs: string[] = [];
  try {
    const [fileArg, variableArg] = splitRef(args.workflow_file);
    if (args.thread_id !== undefined) assertThreadId(args.thread_id);
    const file = await ctx.guard.check(fileArg, 'workflow file');
    if (!existsSync(file)) throw deployError('WORKFLOW_NOT_FOUND', `Workflow file ${file} does not exist.`, { details: { file } });
    const base = await ctx.python.baseWorker();
    // the server's shared runner on the base interpreter (closed when the server stops)
    const { files } = await base.request('analyze', { files: [file] }, { signal });
    const analysis = files[0];
    if (!analysis || analysis.syntax_error) {
      const e = analysis?.syntax_error;
      throw deployError('VALIDATION_FAILED', `${file}${e ? `:${e.line}` : ''}: Python syntax error${e ? `: ${e.message}` : ''}`, { details: { file } });
    }
    const variable = variableArg ?? (analysis.graph_variables.includes('graph') ? 'graph' : analysis.graph_variables[0]) ?? 'graph';
    const venv = await ctx.python.ensureVenv(buildRequirements({ imports: analysis.third_party_imports }).text, { signal });
    const worker = ctx.worker(venv.python, (line) => {
      if (args.capture_logs) logs.push(line);
    });
    const ref = `${file}:${variable}`;
    const name = path.basename(file, '.py');
    if (args.test_case !== undefined) {
      const suiteFile = [path.join(path.dirname(file), 'tests', testsFileName(name)), path.join(path.dirname(file), testsFileName(name))].find((f) => existsSync(f));
      if (!suiteFile) throw deployError('WORKFLOW_NOT_FOUND', `No test cases for ${name} (looked for tests/${testsFileName(name)}).`);
      const suite = await loadTestSuite(await ctx.guard.check(suiteFile, 'test file'));
      const testCase = suite.cases.find((c) => c.name === args.test_case);
      if (!testCase) {
        throw deployError('INVALID_ARGUMENT', `No test case "${args.test_case}" in ${suiteFile}. Cases: ${suite.cases.map((c) => c.name).join('; ')}`);
      }
      const result = await runTestCase(worker, ref, name, { ...testCase, timeout_seconds: Math.min(testCase.timeout_seconds, args.timeout_seconds) }, { signal });
      const data = {
        workflow: name,
        status: result.status,
        duration_ms: result.durationMs,
        model_calls: result.modelCalls,
        interrupt: result.interruptNode ? { node: result.interruptNode, value: null } : null,
        test: { name: result.name, passed: result.passed, failures: result.failures },
        ...(args.capture_logs ? { logs } : {}),
      };
      return ok(data, `${result.passed ? 'PASSED' : 'FAILED'}: ${name} / ${result.name}${result.failures.length ? `\n- ${result.failures.join('\n- ')}` : ''}`);
    }
    const run: InvokeResult = await worker.request(
      'invoke',
      {
        ref,
        input: args.test_input ?? {},
        fake_models: { responses: args.responses },
        ...(args.thread_id ? { thread_id: args.thread_id } : {}),
        ...(args.resume !== undefined ? { resume: args.resume } : {}),
      },
      { timeoutMs: args.timeout_seconds * 1000, signal },
    );
    const data = {
      workflow: name,
      status: run.status,
      thread_id: run.thread_id,
      output: run.output,
      interrupt: run.interrupt,
      ...(run.error ? { error: run.error } : {}),
      duration_ms: run.duration_ms,
      model_calls: run.model_calls.length,
      ...(args.capture_logs ? { logs } : {}),
    };
    const summary =
      run.status === 'interrupted'
        ? `stopped for a human at ${run.interrupt?.node ?? run.next.join(', ')} (thread ${run.thread_id}; resume with thread_id and resume)`
        : run.status === 'error'
          ? `raised ${run.error?.type}: ${run.error?.message}`
          : 'completed';
    return ok(data, `${name}: ${summary} in ${Math.round(run.duration_ms)} ms with ${run.model_calls.length} model call(s).`);
  } catch (error) {
    return failure(error);
  }
}

function splitRef(ref: string): [string, string | undefined] {
  const index = ref.lastIndexOf(':');
  if (index > 1 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(ref.slice(index + 1))) return [ref.slice(0, index), ref.slice(index + 1)];
  return [ref, undefined];
}
