export { releasePhase } from './release-phase.js';
export { buildLanggraphJson, buildRegistry, type RegistryInput, type RegistryWorkflow, type WorkflowRegistry } from './registry.js';
