export { environmentPhase } from './environment-phase.js';
export { dependenciesPhase } from './dependencies-phase.js';
export { envVariables, renderEnvFile, type EnvFileInput } from './env-file.js';
export { checkpointConfig, loggingConfig, type CheckpointConfig } from './runtime-configs.js';
