import type { Command } from 'commander';
import type { Review, ReviewAction, ReviewInbox } from '@exec-automator/executions';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { withExamples } from '../help-examples.js';
import { cliReviewRuntime } from '../review-runtime.js';
import { environmentOptions, jsonOption } from './common.js';
import { parseJsonArgument } from './json-argument.js';

interface ListOptions extends CommonOptions {
  all?: boolean;
}

interface DecideCliOptions extends CommonOptions {
  payload?: string;
  by?: string;
  comment?: string;
}

/** One line per review. */
export function reviewLine(r: Review): string {
  const last = r.decisions[r.decisions.length - 1];
  const state = r.status === 'pending' ? `pending until ${r.deadline} (then ${r.timeout_action})` : `${r.status}${last ? ` by ${last.by} at ${last.at}` : ''}`;
  return `  ${r.review_id}  ${r.workflow}${r.node ? ` @ ${r.node}` : ''}  thread ${r.thread_id}  ${state}`;
}

/** The audit trail of a review, one line per decision. */
export function decisionLines(r: Review): string[] {
  return r.decisions.map((d) => {
    const resumed = d.resumed_execution_id ? `; resumed by ${d.resumed_execution_id} (${d.resumed_status ?? 'running'})` : d.resume_error ? `; resume failed: ${d.resume_error}` : '';
    return `    ${d.at}  ${d.action} by ${d.by} (${d.via})${d.payload !== null ? ` with ${JSON.stringify(d.payload)}` : ''}${d.comment ? ` — ${d.comment}` : ''}${resumed}`;
  });
}

async function runtime(options: CommonOptions): Promise<{ inbox: ReviewInbox; close: () => Promise<void> }> {
  const environment = parseEnvironment(options.environment);
  const deployer = await createDeployer(options);
  const { runner, inbox } = await cliReviewRuntime(deployer, environment, { onWarning: (message) => process.stderr.write(`warning: ${message}\n`) });
  return { inbox, close: () => runner.close() };
}

function print(options: CommonOptions, value: unknown, lines: string[]): void {
  process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : `${lines.join('\n')}\n`);
}

/** Registers `reviews [list]`, `reviews approve|reject|edit <id>` and `reviews sweep`. */
export function registerReviews(program: Command): void {
  const group = program
    .command('reviews')
    .description('The human-review inbox: runs stopped at a human-in-the-loop checkpoint, waiting for a decision; approve, reject or edit resumes the thread.');

  const list = jsonOption(
    environmentOptions(
      group
        .command('list', { isDefault: true })
        .description('List pending reviews (after running the timeout action of overdue ones).')
        .option('--all', 'also decided, expired and resumed reviews, with their audit trail'),
    ),
  );
  withExamples(list, [
    { description: 'what waits for a decision in production', command: 'exec-automator reviews --environment=production' },
    { description: 'every review with who decided it', command: 'exec-automator reviews --all --json' },
  ]);
  list.action(async (options: ListOptions) => {
    const { inbox, close } = await runtime(options);
    try {
      const swept = await inbox.sweep();
      const reviews = await inbox.list({ all: options.all ?? false });
      const lines = [`${options.all ? 'Reviews' : 'Pending reviews'} (${reviews.length}):`, ...reviews.flatMap((r) => [reviewLine(r), ...(options.all ? decisionLines(r) : [])])];
      if (swept.length > 0) lines.unshift(`Timeout actions run: ${swept.map((r) => `${r.review_id} ${r.status === 'pending' ? 'escalated' : r.status}`).join(', ')}`);
      print(options, { reviews, timed_out: swept.map((r) => r.review_id) }, lines);
    } finally {
      await close();
    }
  });

  const sweep = jsonOption(environmentOptions(group.command('sweep').description('Run the timeout action (expire, escalate, resume with the default) of every overdue review; for cron when no server runs.')));
  sweep.action(async (options: CommonOptions) => {
    const { inbox, close } = await runtime(options);
    try {
      const swept = await inbox.sweep();
      print(options, { timed_out: swept }, [`Timeout actions run: ${swept.length}`, ...swept.flatMap((r) => [reviewLine(r), ...decisionLines(r)])]);
    } finally {
      await close();
    }
  });

  const actions: Array<{ action: ReviewAction; description: string; example: string }> = [
    { action: 'approve', description: "Approve a pending review and resume its thread with the checkpoint's approve value (default {\"approved\": true, \"edits\": \"\"}).", example: 'exec-automator reviews approve rev-20261202T101500123Z-3fa2 --by dana' },
    { action: 'reject', description: "Reject a pending review and resume its thread with the checkpoint's reject value (default {\"approved\": false, \"edits\": \"\"}; give notes in --payload).", example: `exec-automator reviews reject rev-20261202T101500123Z-3fa2 --by dana --payload '{"edits": "Mention the early-renewal deadline."}'` },
    { action: 'edit', description: 'Approve with edits: resume with the approve value plus your edits (--payload: a JSON object, or a JSON string that becomes "edits").', example: `exec-automator reviews edit rev-20261202T101500123Z-3fa2 --by dana --payload '"Dear Dana, ..."'` },
  ];
  for (const { action, description, example } of actions) {
    const command = jsonOption(
      environmentOptions(
        group
          .command(action)
          .description(description)
          .argument('<review-id>', 'the review id from `exec-automator reviews`')
          .option('--payload <json>', 'resume value over the default, as JSON (or @file.json); objects merge into the default')
          .option('--by <name>', 'who decides (recorded in the audit trail)', process.env.USER ?? 'cli')
          .option('--comment <text>', 'a note for the audit trail'),
      ),
    );
    withExamples(command, [{ description: `${action} a review`, command: example }]);
    command.action(async (reviewId: string, options: DecideCliOptions) => {
      const { inbox, close } = await runtime(options);
      try {
        const review = await inbox.decide(reviewId, action, {
          by: options.by ?? 'cli',
          via: 'cli',
          comment: options.comment,
          ...(options.payload !== undefined ? { payload: parseJsonArgument(options.payload, '--payload') } : {}),
        });
        const last = review.decisions[review.decisions.length - 1];
        print(options, { review }, [`Review ${review.review_id}: ${review.status} by ${last?.by ?? '?'}`, ...decisionLines(review)]);
        if (last?.resume_error) process.exitCode = 1;
      } finally {
        await close();
      }
    });
  }
}
