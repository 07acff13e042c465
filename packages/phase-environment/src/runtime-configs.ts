import path from 'node:path';
import type { EnvironmentLayout, EnvironmentSettings } from '@exec-automator/core';

/** The seed's checkpoint-config.json. */
export interface CheckpointConfig {
  storage_type: 'filesystem';
  storage_path: string;
  /** SQLite database used by the runner's SqliteSaver. */
  database: string;
  retention_days: number;
  compression_enabled: boolean;
  encryption_enabled: boolean;
}

/** checkpoint-config.json for an environment: SQLite under `<env>/checkpoints` by default. */
export function checkpointConfig(layout: EnvironmentLayout, environment: string): CheckpointConfig {
  return {
    storage_type: 'filesystem',
    storage_path: layout.checkpoints,
    database: path.join(layout.checkpoints, 'checkpoints.sqlite'),
    retention_days: 30,
    compression_enabled: true,
    encryption_enabled: environment === 'production',
  };
}

/**
 * The seed's logging-config.json: a `logging.config.dictConfig` document with JSON lines
 * (python-json-logger) to a rotating file (10 MB x 5) and the console.
 */
export function loggingConfig(layout: EnvironmentLayout, settings: EnvironmentSettings): Record<string, unknown> {
  return {
    version: 1,
    disable_existing_loggers: false,
    formatters: {
      json: {
        class: 'pythonjsonlogger.jsonlogger.JsonFormatter',
        format: '%(asctime)s %(levelname)s %(name)s %(message)s',
      },
    },
    handlers: {
      file: {
        class: 'logging.handlers.RotatingFileHandler',
        filename: path.join(layout.logs, 'workflows.log'),
        maxBytes: 10_485_760,
        backupCount: 5,
        formatter: 'json',
      },
      console: { class: 'logging.StreamHandler', formatter: 'json' },
    },
    root: { level: settings.logLevel, handlers: ['file', 'console'] },
  };
}
