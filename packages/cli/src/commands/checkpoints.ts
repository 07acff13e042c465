import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { deployError } from '@exec-automator/core';
import { checkpointRuntime } from '@exec-automator/core/config';
import { RunnerWorker } from '@exec-automator/core/python';
import { assertNoPlaintextSecrets, secretsBackendFor } from '@exec-automator/core/secrets';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { withExamples } from '../help-examples.js';
import { environmentOptions, jsonOption } from './common.js';

interface PruneOptions extends CommonOptions {
  olderThanDays?: number;
  dryRun?: boolean;
}

/**
 * Registers `checkpoints prune`: enforces `retention_days` of the current release's
 * checkpoint-config.json by deleting every thread whose newest checkpoint is older, in
 * whichever store the environment uses (SQLite, Postgres, Redis), through the release's venv.
 */
export function registerCheckpoints(program: Command): void {
  const checkpoints = program.command('checkpoints').description("Manage an environment's LangGraph checkpoint store.");
  const prune = jsonOption(
    environmentOptions(
      checkpoints
        .command('prune')
        .description('Delete threads idle for longer than retention_days (checkpoint-config.json of the current release).')
        .option('--older-than-days <days>', 'use this retention instead of retention_days', (v) => Number.parseFloat(v))
        .option('--dry-run', 'list what would be deleted, delete nothing'),
    ),
  );
  withExamples(prune, [
    { description: 'see which threads production would lose', command: 'exec-automator checkpoints prune --environment=production --dry-run' },
    { description: 'delete threads idle for more than a week', command: 'exec-automator checkpoints prune --environment=dev --older-than-days 7' },
  ]);
  prune.action(async (options: PruneOptions) => {
    const environment = parseEnvironment(options.environment);
    if (options.olderThanDays !== undefined && !(options.olderThanDays > 0)) {
      throw deployError('INVALID_ARGUMENT', `--older-than-days must be a number above 0 (got ${String(options.olderThanDays)}).`);
    }
    const deployer = await createDeployer(options);
    const layout = deployer.layout(environment);
    const configFile = path.join(layout.stable('configs'), 'checkpoint-config.json');
    const python = path.join(layout.stable('venv'), 'bin', 'python');
    if (!existsSync(configFile) || !existsSync(python)) {
      throw deployError('RELEASE_NOT_FOUND', `Nothing is deployed to ${environment} under ${layout.dir}: there is no checkpoint store to prune.`, {
        details: { environment },
      });
    }
    const secrets = secretsBackendFor(environment, deployer.settings(environment).secrets, layout);
    assertNoPlaintextSecrets(environment, secrets);
    const runtime = await checkpointRuntime(configFile, secrets);
    const retentionDays = options.olderThanDays ?? runtime.config.retention_days;
    // The store's password and encryption key go in the request, never into the runner's environment.
    const worker = new RunnerWorker({ python });
    try {
      const result = await worker.request('checkpoint_prune', { checkpointer: runtime.spec, retention_days: retentionDays, dry_run: options.dryRun === true, runner_secrets: runtime.env as Record<string, string> });
      const summary = { environment, storage: runtime.config.storage_type, retentionDays, ...result };
      if (options.json) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      const verb = result.dry_run ? 'Would delete' : 'Deleted';
      process.stdout.write(
        `${verb} ${result.threads_deleted.length} thread(s) idle since before ${result.cutoff} (retention ${retentionDays} days) from the ${runtime.config.storage_type} store of ${environment}; kept ${result.threads_kept}.\n`,
      );
      for (const thread of result.threads_deleted) process.stdout.write(`  ${thread}\n`);
    } finally {
      await worker.close();
    }
  });
}
