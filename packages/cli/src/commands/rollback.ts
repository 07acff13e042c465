import type { Command } from 'commander';
import { attachProgress } from '../progress.js';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { exitCodeFor } from '../exit-codes.js';
import { commonOptions } from './common.js';

/** Registers `rollback`. */
export function registerRollback(program: Command): void {
  commonOptions(
    program
      .command('rollback')
      .description('Switch back to the newest good release before the current one (or to a given release) and verify it.')
      .argument('[deployment-id]', 'release to restore (default: newest good release before the current one)')
      .option('--reason <text>', 'why (recorded in history)', 'manual rollback'),
  ).action(async (id: string | undefined, options: CommonOptions & { reason: string }) => {
    const environment = parseEnvironment(options.environment);
    const deployer = await createDeployer(options);
    const detach = attachProgress(deployer, { quiet: options.quiet || false, verbose: options.verbose || false });
    try {
      const result = await deployer.rollback({ environment, reason: options.reason, ...(id ? { to: id } : {}) });
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (result.error && !result.to) {
        for (const action of result.reconciled?.actions ?? []) process.stdout.write(`Reconciled: ${action}\n`);
        process.stderr.write(`error [${result.error.code}]: ${result.error.message}\n`);
      }
      else {
        const lines = [
          ...(result.reconciled?.actions ?? []).map((a) => `Reconciled: ${a}`),
          `Rolled back ${environment}: ${result.from ?? '(none)'} → ${result.to} (${result.verified ? 'verified: health checks and smoke tests passed' : `NOT verified${result.error ? `: ${result.error.message}` : ''}`}); switch took ${result.switchMs} ms.`,
          ...(result.venvRebuilt ? [`  venv rebuilt from the release's requirements: venvs/${result.venvRebuilt}`] : []),
          ...result.phases.map((p) => `  ${p.status === 'succeeded' ? '✓' : p.status === 'failed' ? '✗' : '—'} ${p.title}: ${p.summary} (${(p.durationMs / 1000).toFixed(1)} s)`),
          result.verified
            ? `  ${result.from ?? 'The release rolled back from'} is marked bad; a rollback without an id never picks it again.`
            : `  ${result.to} failed its checks and is marked bad too: fix the cause and deploy again.`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.exitCode = result.status === 'FAILED' ? exitCodeFor(result.error?.code ?? 'INTERNAL') : 0;
    } finally {
      detach();
    }
  });
}
