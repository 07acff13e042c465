import type { AlertNotification } from '@exec-automator/core';

/** `FIRING`, `RESOLVED` or `TEST`. */
export function stateWord(notification: AlertNotification): string {
  return notification.kind === 'firing' ? 'FIRING' : notification.kind === 'resolved' ? 'RESOLVED' : 'TEST';
}

/** One line: `[FIRING] HighErrorRate (dev, workflow_resp_002): Workflow ... threshold`. */
export function titleLine(notification: AlertNotification): string {
  const subject = [notification.environment, notification.workflowId].filter(Boolean).join(', ');
  return `[${stateWord(notification)}] ${notification.alert}${subject ? ` (${subject})` : ''}: ${notification.summary}`;
}

/** The facts of a notification as `label: value` lines (plain text bodies). */
export function detailLines(notification: AlertNotification): string[] {
  const lines = [
    `Alert: ${notification.alert}`,
    `State: ${stateWord(notification)}`,
    `Severity: ${notification.severity}`,
    `Environment: ${notification.environment}`,
    ...(notification.workflowId ? [`Workflow: ${notification.workflowId}`] : []),
    ...(notification.value !== undefined ? [`Value: ${notification.value}`] : []),
    ...(notification.threshold !== undefined ? [`Threshold: ${notification.threshold}`] : []),
    `Started: ${notification.startsAt}`,
    ...(notification.endsAt ? [`Resolved: ${notification.endsAt}`] : []),
    `Dedup key: ${notification.dedupKey}`,
  ];
  return notification.description ? [notification.description, '', ...lines] : lines;
}
