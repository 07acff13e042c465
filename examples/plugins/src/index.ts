export { TeamsNotifier, teamsCard, type TeamsNotifierOptions } from './teams-notifier.js';
export { CommandSecretsBackend, type CommandSecretsBackendOptions } from './command-secrets-backend.js';
