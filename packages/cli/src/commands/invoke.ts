import type { Command } from 'commander';
import { deployError } from '@exec-automator/core';
import { type ExecutionResult, type InvokeOptions, type Review } from '@exec-automator/executions';
import { type RecordedResponse, type RunConfig } from '@exec-automator/core/python';
import { recordedResponseSchema, runConfigSchema } from '@exec-automator/core/testing';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { exitCodeFor } from '../exit-codes.js';
import { cliReviewRuntime } from '../review-runtime.js';
import { withExamples } from '../help-examples.js';
import { styleFor } from '../style.js';
import { environmentOptions, jsonOption, progressOptions } from './common.js';
import { parseJsonArgument } from './json-argument.js';

interface InvokeCliOptions extends CommonOptions {
  input?: string;
  thread?: string;
  resume?: string;
  timeout?: number;
  fakeResponses?: string;
  context?: string;
  runConfig?: string;
}

function contextArgument(value: string): Record<string, unknown> {
  const parsed = parseJsonArgument(value, '--context');
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw deployError('INVALID_ARGUMENT', '--context must be a JSON object, e.g. \'{"model": "anthropic/claude-sonnet-4-5"}\' (or @context.json)');
  }
  return parsed as Record<string, unknown>;
}

function runConfigArgument(value: string): RunConfig {
  const checked = runConfigSchema.safeParse(parseJsonArgument(value, '--run-config'));
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw deployError('INVALID_ARGUMENT', `--run-config ${issue?.path.join('.') || ''}: ${issue?.message ?? 'invalid'}; expected {"configurable": {...}, "tags": [...], "metadata": {...}, "recursion_limit": N}`);
  }
  return checked.data as RunConfig;
}

function fakeResponses(value: string): RecordedResponse[] {
  const parsed = parseJsonArgument(value, '--fake-responses');
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((item, i) => {
    const checked = recordedResponseSchema.safeParse(item);
    if (!checked.success) throw deployError('INVALID_ARGUMENT', `--fake-responses[${i}] is not a recorded response: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    return checked.data as RecordedResponse;
  });
}

function printHuman(result: ExecutionResult, review: Review | undefined): void {
  const r = result.record;
  const lines = [
    `Execution ${r.execution_id}: ${r.status.toUpperCase()} in ${r.duration_seconds.toFixed(2)} s (${r.workflow}, release ${r.release_id}${r.simulated ? ', SIMULATED: fake chat models' : ''})`,
    `Thread: ${r.thread_id}`,
  ];
  if (r.status === 'interrupted') {
    lines.push(`Waiting for a human at ${r.interrupt_node ?? result.next.join(', ')}: ${JSON.stringify(result.interrupt?.value ?? null)}`);
    if (review) {
      const sent = review.notifications.filter((n) => n.ok).map((n) => n.channel);
      lines.push(`Review ${review.review_id} opened (deadline ${review.deadline}, then ${review.timeout_action}; notified: ${sent.length > 0 ? sent.join(', ') : 'nobody'})`);
      lines.push(`Decide with: exec-automator reviews approve|reject|edit ${review.review_id} --environment=${r.environment} --by <name>`);
    } else {
      lines.push(`Resume with: exec-automator invoke ${r.workflow} --environment=${r.environment} --thread ${r.thread_id} --resume '<json>'`);
    }
  }
  if (result.error) lines.push(`Error: ${result.error.type}${result.error.node ? ` in node ${result.error.node}` : ''}: ${result.error.message}`);
  const tokens = r.tokens.reduce((sum, t) => sum + t.input_tokens + t.output_tokens, 0);
  if (tokens > 0) lines.push(`Tokens: ${tokens} (estimated cost $${r.cost_usd.toFixed(4)}${r.unpriced_models.length ? `; no price for ${r.unpriced_models.join(', ')}` : ''})`);
  lines.push('Output:', JSON.stringify(result.output, null, 2));
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Registers `invoke`. */
export function registerInvoke(program: Command): void {
  const command = progressOptions(
    jsonOption(
      environmentOptions(
        program
          .command('invoke')
          .description("Run a workflow of the environment's current release once (or resume an interrupted thread) and record the execution.")
          .argument('<workflow>', 'workflow name (workflow-resp_002-member-communication), graph id of langgraph.json ("Deep Researcher"), or workflow id (workflow_resp_002)')
          .option('-i, --input <json>', 'graph input as JSON, or @file.json', '{}')
          .option('-t, --thread <id>', 'thread id (default: a new one); needed with --resume')
          .option('--resume <json>', 'resume the interrupted thread with this JSON value (or @file.json)')
          .option('--context <json>', "the graph's runtime context (Runtime[Context]) as a JSON object, or @file.json; default: the context schema's defaults")
          .option('--run-config <json>', 'LangGraph run config as JSON (or @file.json): {"configurable": {...}, "tags": [...], "metadata": {...}}')
          .option('--timeout <seconds>', "kill the run after this many seconds (default: the environment's workflowTimeoutSeconds)", (v) => Number.parseFloat(v))
          .option(
            '--fake-responses <json>',
            'SIMULATION ONLY: replace chat models with fakes that answer these recorded responses (JSON list or @file); no LLM is called, the execution is marked simulated',
          ),
      ),
    ),
    { verbose: false },
  );
  withExamples(command, [
    { description: 'run a workflow of the current dev release with an input file', command: 'exec-automator invoke workflow_resp_002 --input @request.json' },
    { description: 'approve a run that waits for a human', command: `exec-automator invoke workflow_resp_002 --thread <thread-id> --resume '{"approved": true}'` },
  ]);
  command.action(async (workflow: string, options: InvokeCliOptions) => {
    const environment = parseEnvironment(options.environment);
    if (options.timeout !== undefined && !(options.timeout > 0)) throw deployError('INVALID_ARGUMENT', '--timeout must be a positive number of seconds.');
    const request: InvokeOptions = {
      workflow,
      ...(options.resume !== undefined ? { resume: parseJsonArgument(options.resume, '--resume') } : { input: parseJsonArgument(options.input ?? '{}', '--input') }),
      ...(options.thread ? { threadId: options.thread } : {}),
      ...(options.timeout !== undefined ? { timeoutMs: Math.round(options.timeout * 1000) } : {}),
      ...(options.fakeResponses !== undefined ? { fakeResponses: fakeResponses(options.fakeResponses) } : {}),
      ...(options.context !== undefined ? { context: contextArgument(options.context) } : {}),
      ...(options.runConfig !== undefined ? { config: runConfigArgument(options.runConfig) } : {}),
    };
    const deployer = await createDeployer(options);
    const quiet = options.quiet ?? false;
    const { runner, inbox } = await cliReviewRuntime(deployer, environment, {
      ...(quiet ? {} : { onLog: (line: string) => process.stderr.write(`  ${styleFor(process.stderr).symbols.bar} ${line}\n`) }),
      onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
    });
    const controller = new AbortController();
    const onSignal = (): void => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write('\nCancelling the execution (press Ctrl-C again to exit at once)…\n');
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const result = await runner.invoke({
        ...request,
        signal: controller.signal,
        onStart: (e) => {
          if (!quiet) process.stderr.write(`Execution ${e.execution_id} started (${e.workflow}, thread ${e.thread_id}); stop it with: exec-automator cancel ${e.execution_id} --environment=${environment}\n`);
        },
      });
      const review = result.record.status === 'interrupted' ? (await inbox.forExecution(result.record.execution_id)).find((r) => r.execution_id === result.record.execution_id) : undefined;
      if (options.json) process.stdout.write(`${JSON.stringify({ execution: result.record, output: result.output, interrupt: result.interrupt, next: result.next, error: result.error, warnings: result.warnings, review: review ?? null }, null, 2)}\n`);
      else printHuman(result, review);
      const failed = result.record.status !== 'completed' && result.record.status !== 'interrupted';
      process.exitCode = failed ? exitCodeFor('EXECUTION_FAILED') : 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await runner.close();
    }
  });
}
