import path from 'node:path';
import type { EnvironmentLayout, EnvironmentSettings } from '@exec-automator/core';

/**
 * Libraries that log their own traffic at DEBUG/INFO (SQL with checkpoint blobs, HTTP requests
 * with headers): kept at WARNING so a DEBUG environment logs the workflows, not their plumbing.
 */
export const QUIET_LOGGERS = ['aiosqlite', 'asyncio', 'httpx', 'httpcore', 'urllib3', 'openai', 'anthropic', 'psycopg', 'redis', 'langsmith', 'sqlalchemy'] as const;

/**
 * The seed's logging-config.json: a `logging.config.dictConfig` document with JSON lines
 * (python-json-logger) to a rotating file (10 MB x 5) and the console. The runner applies it
 * when workflows run and stamps every line with the workflow id, deployment id, node and level.
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
    loggers: Object.fromEntries(QUIET_LOGGERS.map((name) => [name, { level: 'WARNING' }])),
    root: { level: settings.logLevel, handlers: ['file', 'console'] },
  };
}
