export { environmentPhase } from './environment-phase.js';
export { dependenciesPhase } from './dependencies-phase.js';
export { envVariables, renderEnvFile, type EnvFileInput } from './env-file.js';
export { loggingConfig } from './runtime-configs.js';
export { assertStoreReady, ensureEncryptionKey, probeStore, storeAddress } from './checkpoint-store.js';
export { checkRequiredTools, playwrightBrowsersDir, requiredTools, type RequiredTool } from './workflow-tools.js';
export { ENVIRONMENT_FACTS, type PythonEnvironment } from './facts.js';
