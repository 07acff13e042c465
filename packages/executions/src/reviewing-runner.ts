import type { Review } from './review-model.js';
import type { ReviewInbox } from './review-inbox.js';
import { WorkflowRunner, type ExecutionResult, type InvokeOptions, type WorkflowRunnerOptions } from './workflow-runner.js';

/** Options of {@link ReviewingWorkflowRunner}: a runner's, plus the inbox. */
export interface ReviewingWorkflowRunnerOptions extends WorkflowRunnerOptions {
  /** Where interrupted executions open reviews. */
  inbox: ReviewInbox;
}

/**
 * A {@link WorkflowRunner} whose executions feed the human-review inbox: one that stops at an
 * interrupt opens a review (and notifies its reviewers) before `invoke` returns; one that resumes
 * a thread closes the thread's pending review. The same runner serves CLI `invoke` and the server,
 * so both open reviews the same way.
 */
export class ReviewingWorkflowRunner extends WorkflowRunner {
  /** The inbox. */
  readonly inbox: ReviewInbox;

  /** @param options - the runner's options and the inbox */
  constructor(options: ReviewingWorkflowRunnerOptions) {
    const { inbox, ...runner } = options;
    super(runner);
    this.inbox = inbox;
  }

  /** {@link WorkflowRunner.invoke}, then the inbox: opens a review when the execution stopped at an interrupt. */
  override async invoke(options: InvokeOptions): Promise<ExecutionResult> {
    const resuming = Object.prototype.hasOwnProperty.call(options, 'resume') && options.threadId !== undefined;
    const superseded: Review[] = resuming ? await this.inbox.supersede(options.threadId as string, options.resume).catch(() => []) : [];
    const result = await super.invoke(options);
    await this.inbox.afterExecution(result, superseded);
    return result;
  }
}
