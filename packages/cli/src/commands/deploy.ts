import type { Command } from 'commander';
import { attachProgress } from '../progress.js';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { printError } from '../error-output.js';
import { exitCodeFor } from '../exit-codes.js';
import { withExamples } from '../help-examples.js';
import { styleFor } from '../style.js';
import { formatDeploySummary } from '../summary.js';
import { environmentOptions, jsonOption, progressOptions, pythonOptions } from './common.js';

interface DeployOptions extends CommonOptions {
  source: string;
  dryRun?: boolean;
  validateOnly?: boolean;
  skipTests?: boolean;
  cache?: boolean;
  force?: boolean;
  report?: boolean;
}

/** Registers `deploy`. */
export function registerDeploy(program: Command): void {
  const command = program
    .command('deploy')
    .description('Validate, release and verify workflows in an environment: validation, environment setup, dependencies, release, monitoring, health checks, documentation.')
    .argument('<workflows...>', 'workflow names (e.g. workflow-resp_002-member-communication) or "all"')
    .option('-s, --source <dir>', 'directory with workflow-*.py, agent configs and tests (or a LangGraph project with langgraph.json)', '.')
    .option('--dry-run', 'validate for real (imports the workflow modules, in a scratch working directory), show what every other phase would do, write nothing')
    .option(
      '--validate-only',
      'run validation only (imports the workflow modules, in a scratch working directory) and write its two reports, <root>/<env>/validation/validation-report-<timestamp>.{json,md}; nothing else is written',
    )
    .option('--skip-tests', 'skip pre-deployment tests (production: only with --force)')
    .option('--force', 'allow --skip-tests in production')
    .option('--no-cache', "run every check fresh: reuse no cached result of an unchanged workflow (production's default)")
    .option('--obsidian-vault <dir>', 'archive the status report (and errors) to this Obsidian vault (real runs only; config: archive.obsidianVault)')
    .option('--report', 'print the whole Markdown report on stdout instead of the short summary');
  environmentOptions(command);
  pythonOptions(command);
  jsonOption(command);
  progressOptions(command);
  withExamples(command, [
    { description: 'deploy every workflow of a directory to dev', command: 'exec-automator deploy all --source ./workflows' },
    { description: 'check one workflow for staging without writing anything', command: 'exec-automator deploy workflow-resp_002-member-communication --source ./workflows --environment=staging --dry-run' },
    { description: 'validate only, writing the JSON and Markdown validation reports', command: 'exec-automator deploy all --source ./workflows --validate-only' },
    { description: 'deploy to production and print the whole status report', command: 'exec-automator deploy all --source ./workflows --environment=production --report' },
    { description: 'for scripts: one JSON object (the result) on stdout', command: 'exec-automator deploy all --source ./workflows --json' },
  ]);
  command.action(async (workflows: string[], options: DeployOptions) => {
    const environment = parseEnvironment(options.environment);
    const deployer = await createDeployer(options, [options.source]);
    const progress = attachProgress(deployer, { quiet: options.quiet || false, verbose: options.verbose || false });
    const controller = new AbortController();
    const onSignal = (): void => {
      if (controller.signal.aborted) process.exit(130);
      progress.note('Cancelling (press Ctrl-C again to exit at once)…');
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
        noCache: options.cache === false,
        force: options.force ?? false,
        signal: controller.signal,
      });
      progress.detach();
      if (!options.json) for (const action of result.reconciled?.actions ?? []) process.stdout.write(`Reconciled: ${action}\n`);
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (options.report && result.reportMarkdown) process.stdout.write(`${result.reportMarkdown}\n`);
      else process.stdout.write(`${formatDeploySummary(result, styleFor(process.stdout))}\n`);
      if (!options.json && result.error && result.status === 'FAILED') printError(result.error.code, result.error.message);
      process.exitCode = result.status === 'FAILED' ? exitCodeFor(result.error?.code ?? 'INTERNAL') : 0;
    } finally {
      progress.detach();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}
