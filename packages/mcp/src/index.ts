export { createExecAutomatorServer, SERVER_INFO, type ExecAutomatorServer } from './server.js';
export { ServerContext, type ServerOptions } from './server-context.js';
export { PathGuard } from './path-guard.js';
export { runStdio, USAGE } from './stdio.js';
export { boundResult, ERROR_META_KEY, failure, ok, TRUNCATED_META_KEY, type ToolResult } from './tool-result.js';
export { BoundedStdioServerTransport, DEFAULT_MCP_LIMITS, type McpLimits } from './bounded-stdio.js';
export { deploymentOutput } from './tools/deploy-agent.js';
