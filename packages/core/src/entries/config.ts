/**
 * `@exec-automator/core/config`: Settings: the configuration file schema, resolved environment settings, storage and checkpoint settings, the JSON Schema.
 *
 * @packageDocumentation
 */
export { environmentNameSchema, isEnvironmentName } from '../environment/environments.js';
export {
  CONFIG_FILE_NAME,
  checkEnvironmentSettings,
  configFileSchema,
  defaultSettings,
  environmentSettingsInputSchema,
  loadConfigFile,
  resolveSettings,
} from '../config/config.js';
export {
  CHECKPOINT_BACKENDS,
  checkpointSettingsInputSchema,
  defaultCheckpointSettings,
  defaultSecretsSettings,
  SECRETS_BACKENDS,
  secretsSettingsInputSchema,
  type CheckpointBackend,
  type CheckpointSettings,
  type CheckpointSettingsInput,
  type PostgresSettings,
  type RedisSettings,
  type SecretsBackendName,
  type SecretsSettings,
  type SecretsSettingsInput,
} from '../config/storage-settings.js';
export {
  CHECKPOINT_KEY_SECRET,
  checkpointConfigFileSchema,
  checkpointConfigFor,
  checkpointerSpec,
  checkpointRequirements,
  checkpointRuntime,
  checkpointSecretNames,
  checkpointSecretsEnv,
  readCheckpointConfig,
  type CheckpointConfigFile,
  type CheckpointRuntime,
} from '../config/checkpoint-config.js';
export { configJsonSchema } from '../config/json-schema.js';
export { parseEnvFile } from '../deployer/release-environment.js';
