import { defineFact } from './facts.js';

/** What the environment phase set up. */
export interface EnvironmentSetup {
  /** The `.env` file (non-secret settings only). */
  envFile: string;
  /** Variables in `.env`. */
  variables: Record<string, string>;
  /** checkpoint-config.json. */
  checkpointConfigFile: string;
  /** logging-config.json. */
  loggingConfigFile: string;
  /** Where checkpoints are stored. */
  checkpointPath: string;
  /** Names of the secrets the workflows need (values live only in the secrets backend). */
  secretNames: string[];
}

/**
 * Set by the environment phase (or restored by a rollback from the release's files): the
 * environment's `.env`, checkpoint and logging configuration and the secret names. The one fact
 * the engine itself reads (to restore an environment and to give workflow processes their
 * settings); every other fact is defined by the phase package that publishes it
 * (`VALIDATE_FACTS`, `ENVIRONMENT_FACTS`, `MONITORING_FACTS`).
 */
export const ENVIRONMENT_SETUP = defineFact<EnvironmentSetup, 'environmentSetup'>('environmentSetup');

/**
 * Set by the Deployer once `current` points at the operation's release: where it came from and
 * how long the switch itself took (measured; the rollback manifest's estimate uses it).
 */
export const RELEASE_SWITCH = defineFact<{ from: string | null; to: string; switchMs: number }>('releaseSwitch');

/** Set by the Deployer when a failed check after the switch rolled the environment back. */
export const AUTO_ROLLBACK = defineFact<{ from: string; to: string; verified: boolean; reason: string }>('autoRollback');
