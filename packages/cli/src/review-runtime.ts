import type { Deployer, EnvironmentName } from '@exec-automator/core';
import { readServerState, ReviewInbox, ReviewingWorkflowRunner, type ReviewNotifierFactory } from '@exec-automator/executions';
import { createNotifiers } from '@exec-automator/phase-monitoring';

/** The review notifiers of an environment: the built-in channel classes, no implicit channels. */
export function reviewNotifiers(deployer: Deployer, environment: EnvironmentName): ReviewNotifierFactory {
  const settings = deployer.settings(environment);
  const secrets = deployer.secretsBackend(environment);
  return (channels) => createNotifiers(channels, { secrets, environment, adminEmail: settings.adminEmail, implicitChannels: false });
}

/**
 * The runner and review inbox of a CLI command: executions that stop at an interrupt open a
 * review and notify its reviewers before the command ends; decisions resume the thread in this
 * process. Links in notifications point at `serverUrl` from the settings, else at the running
 * server of the environment (`<env>/server.json`), else only at the CLI commands.
 */
export async function cliReviewRuntime(
  deployer: Deployer,
  environment: EnvironmentName,
  options: { onLog?: (line: string) => void; onWarning?: (message: string) => void } = {},
): Promise<{ runner: ReviewingWorkflowRunner; inbox: ReviewInbox }> {
  const settings = deployer.settings(environment);
  const layout = deployer.layout(environment);
  const server = await readServerState(layout).catch(() => null);
  const serverUrl = settings.serverUrl ?? (server?.running ? server.url : undefined);
  // The resumer needs the runner, and the runner the inbox.
  const ref: { runner?: ReviewingWorkflowRunner } = {};
  const inbox = new ReviewInbox({
    layout,
    settings,
    secrets: deployer.secretsBackend(environment),
    notifiers: reviewNotifiers(deployer, environment),
    serverUrl,
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    resume: async (review, payload) => {
      const result = await (ref.runner as ReviewingWorkflowRunner).invoke({ workflow: review.workflow, threadId: review.thread_id, resume: payload });
      return { execution_id: result.record.execution_id, status: result.record.status };
    },
  });
  const runner = new ReviewingWorkflowRunner({
    root: deployer.root,
    environment,
    secrets: deployer.secretsBackend(environment),
    settings,
    inbox,
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
  ref.runner = runner;
  return { runner, inbox };
}
