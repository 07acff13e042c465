/**
 * `@exec-automator/core/secrets`: Secrets backends (environment, encrypted file), keys, the redactor and the secret commands shown in fixes.
 *
 * @packageDocumentation
 */
export { EnvSecretsBackend, SECRET_NAME_PATTERN } from '../secrets/secrets-backend.js';
export { EncryptedFileSecretsBackend, type EncryptedFileSecretsOptions } from '../secrets/encrypted-file-backend.js';
export { decodeSecretKey, defaultKeyFile, loadSecretKey, type SecretKeySource } from '../secrets/secret-key.js';
export { assertNoPlaintextSecrets, FallbackSecretsBackend, secretsBackendFor, secretsStoreFile } from '../secrets/secrets-factory.js';
export { Redactor, REDACTED } from '../secrets/redactor.js';
export { DEFAULT_ROOT_DIR, environmentFlags, setSecretCommand } from '../secrets/secret-commands.js';
