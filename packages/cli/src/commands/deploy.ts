import type { Command } from 'commander';
import { attachProgress } from '../progress.js';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { exitCodeFor } from '../exit-codes.js';
import { commonOptions } from './common.js';

interface DeployOptions extends CommonOptions {
  source: string;
  dryRun?: boolean;
  validateOnly?: boolean;
  skipTests?: boolean;
  force?: boolean;
}

/** Registers `deploy`. */
export function registerDeploy(program: Command): void {
  commonOptions(
    program
      .command('deploy')
      .description('Validate, release and verify workflows in an environment (the seed\'s seven phases).')
      .argument('<workflows...>', 'workflow names (e.g. workflow-resp_002-member-communication) or "all"')
      .option('-s, --source <dir>', 'directory with workflow-*.py, agent configs and tests', '.')
      .option('--dry-run', 'validate for real (imports the workflow modules, in a scratch working directory), show what every other phase would do, write nothing')
      .option('--validate-only', 'run validation only (imports the workflow modules, in a scratch working directory), then stop')
      .option('--skip-tests', 'skip pre-deployment tests (production: only with --force)')
      .option('--force', 'allow --skip-tests in production')
      .option('--obsidian-vault <dir>', 'archive the status report (and errors) to this Obsidian vault (real runs only; config: archive.obsidianVault)'),
  ).action(async (workflows: string[], options: DeployOptions) => {
    const environment = parseEnvironment(options.environment);
    const deployer = await createDeployer(options, [options.source]);
    const detach = attachProgress(deployer, { quiet: options.quiet || false, verbose: options.verbose || false });
    const controller = new AbortController();
    const onSignal = (): void => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write('\nCancelling (press Ctrl-C again to exit at once)…\n');
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const result = await deployer.deploy({
        workflows: workflows.length === 1 && workflows[0] === 'all' ? 'all' : workflows,
        source: options.source,
        environment,
        dryRun: options.dryRun ?? false,
        validateOnly: options.validateOnly ?? false,
        skipTests: options.skipTests ?? false,
        force: options.force ?? false,
        signal: controller.signal,
      });
      if (!options.json) for (const action of result.reconciled?.actions ?? []) process.stdout.write(`Reconciled: ${action}\n`);
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (result.reportMarkdown) process.stdout.write(`${result.reportMarkdown}\n`);
      else if (result.error) process.stderr.write(`error [${result.error.code}]: ${result.error.message}\n`);
      process.exitCode = result.status === 'FAILED' ? exitCodeFor(result.error?.code ?? 'INTERNAL') : 0;
    } finally {
      detach();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}
