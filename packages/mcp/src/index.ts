export { createExecAutomatorServer, SERVER_INFO, type ExecAutomatorServer } from './server.js';
export { ServerContext, type ServerOptions } from './server-context.js';
export { PathGuard } from './path-guard.js';
export { runStdio, USAGE } from './stdio.js';
export { ERROR_META_KEY, failure, ok, type ToolResult } from './tool-result.js';
export { deploymentOutput } from './tools/deploy-agent.js';
