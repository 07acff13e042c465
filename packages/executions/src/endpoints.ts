/** Where `exec-automator serve` answers when the `serverUrl` setting does not say. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8123';

/** The seed's HTTP routes of one workflow, as `exec-automator serve` answers them. */
export interface WorkflowEndpoints {
  /** `POST` to run it. */
  invoke: string;
  /** `GET` its status (`/<execution_id>` after it: one execution). */
  status: string;
  /** `POST <cancel>/<execution_id>` to stop an execution. */
  cancel: string;
}

/**
 * The seed's routes of a workflow: `<base>/api/workflows/<id>/invoke|status|cancel`, `<id>` the
 * seed's workflow id without `workflow_` (`resp_002`), base the `serverUrl` setting.
 */
export function workflowEndpoints(serverUrl: string | undefined, workflowId: string): WorkflowEndpoints {
  const base = `${(serverUrl ?? DEFAULT_SERVER_URL).replace(/\/$/, '')}/api/workflows/${encodeURIComponent(workflowId.replace(/^workflow_/, ''))}`;
  return { invoke: `${base}/invoke`, status: `${base}/status`, cancel: `${base}/cancel` };
}
