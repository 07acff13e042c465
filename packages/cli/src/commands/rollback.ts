import type { Command } from 'commander';
import { attachProgress } from '../progress.js';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { printError } from '../error-output.js';
import { exitCodeFor } from '../exit-codes.js';
import { withExamples } from '../help-examples.js';
import { seconds, styleFor } from '../style.js';
import { environmentOptions, jsonOption, progressOptions, pythonOptions } from './common.js';

/** Registers `rollback`. */
export function registerRollback(program: Command): void {
  const command = program
    .command('rollback')
    .description('Switch back to the newest good release before the current one (or to a given release) and verify it.')
    .argument('[deployment-id]', 'release to restore (default: newest good release before the current one)')
    .option('--reason <text>', 'why (recorded in history)', 'manual rollback');
  environmentOptions(command);
  pythonOptions(command, { cacheDir: false });
  jsonOption(command);
  progressOptions(command);
  withExamples(command, [
    { description: 'go back to the newest good release before the current one', command: 'exec-automator rollback --environment=production --reason "error rate after release"' },
    { description: 'restore one release (ids: exec-automator status)', command: 'exec-automator rollback dep-20261125T031500123Z-3fa2 --environment=staging' },
  ]);
  command.action(async (id: string | undefined, options: CommonOptions & { reason: string }) => {
    const environment = parseEnvironment(options.environment);
    const deployer = await createDeployer(options);
    const progress = attachProgress(deployer, { quiet: options.quiet || false, verbose: options.verbose || false });
    try {
      const result = await deployer.rollback({ environment, reason: options.reason, ...(id ? { to: id } : {}) });
      progress.detach();
      const style = styleFor(process.stdout);
      const s = style.symbols;
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (result.error && !result.to) {
        for (const action of result.reconciled?.actions ?? []) process.stdout.write(`Reconciled: ${action}\n`);
        printError(result.error.code, result.error.message);
      } else {
        const lines = [
          ...(result.reconciled?.actions ?? []).map((a) => `Reconciled: ${a}`),
          `Rolled back ${environment}: ${result.from ?? '(none)'} ${s.arrow} ${result.to} (${result.verified ? 'verified: health checks and smoke tests passed' : `NOT verified${result.error ? `: ${result.error.message}` : ''}`}); switch took ${result.switchMs} ms.`,
          ...(result.venvRebuilt ? [`  venv rebuilt from the release's requirements: venvs/${result.venvRebuilt}`] : []),
          ...result.phases.map(
            (p) => `  ${p.status === 'succeeded' ? style.green(s.ok) : p.status === 'failed' ? style.red(s.fail) : s.skip} ${p.title}: ${p.summary} (${seconds(p.durationMs)})`,
          ),
          result.verified
            ? `  ${result.from ?? 'The release rolled back from'} is marked bad; a rollback without an id never picks it again.`
            : `  ${result.to} failed its checks and is marked bad too: fix the cause and deploy again (exec-automator deploy all --source <dir> --environment=${environment}).`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.exitCode = result.status === 'FAILED' ? exitCodeFor(result.error?.code ?? 'INTERNAL') : 0;
    } finally {
      progress.detach();
    }
  });
}
