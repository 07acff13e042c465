export { validatePhase, type ValidatePhaseOptions } from './validate-phase.js';
export { requiredSecrets } from './environment-checks.js';
export { CheckTally, formatIssue } from './check-tally.js';
export { chooseGraphVariable, staticChecks } from './static-checks.js';
export { agentConfigChecks } from './agent-config-checks.js';
export { dependencyChecks, type DependencyCheckResult } from './dependency-checks.js';
export { runPreDeploymentTests } from './test-execution.js';
