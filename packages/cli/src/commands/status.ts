import type { Command } from 'commander';
import { formatBytes } from '@exec-automator/core/util';
import { readServerState } from '@exec-automator/executions';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { withExamples } from '../help-examples.js';
import { environmentOptions, jsonOption } from './common.js';

/** Registers `status`. */
export function registerStatus(program: Command): void {
  const command = jsonOption(environmentOptions(program.command('status').description('Show the current release, all releases, the lock, the last operation, the running server (`serve`) and how much the root holds on disk.')));
  withExamples(command, [
    { description: 'what is deployed to staging', command: 'exec-automator status --environment=staging' },
    { description: 'the same as JSON, for scripts', command: 'exec-automator status --environment=production --json' },
  ]);
  command.action(
    async (options: CommonOptions) => {
      const environment = parseEnvironment(options.environment);
      const deployer = await createDeployer(options);
      const status = await deployer.status(environment);
      const disk = await deployer.diskUsage(environment);
      const server = await readServerState(deployer.layout(environment));
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...status, server, disk }, null, 2)}\n`);
        return;
      }
      const lines = [`Environment: ${environment} (${status.dir})`];
      if (!status.current) lines.push('Current release: none (nothing deployed yet)');
      else {
        lines.push(`Current release: ${status.current.id} [${status.current.status}] since ${status.current.activatedAt ?? status.current.createdAt}`);
        for (const w of status.current.workflows) lines.push(`  - ${w.name} (${w.workflowId}) ${w.graph}`);
      }
      lines.push(`Rollback target: ${status.rollbackTarget ?? 'none'}`);
      lines.push(`Lock: ${status.lock ? `${status.lock.holder.operation} ${status.lock.holder.operationId} pid ${status.lock.holder.pid}${status.lock.stale ? ` (stale: ${status.lock.stale})` : ''}` : 'free'}`);
      lines.push(
        `Server: ${server ? `${server.url} pid ${server.pid}${server.running ? '' : ' (not running: the process is gone)'}${server.auth ? '' : ' WITHOUT auth'} since ${server.started_at}` : 'not running (start one with `exec-automator serve`)'}`,
      );
      lines.push(`Releases (${status.releases.length}):`);
      for (const r of status.releases) {
        lines.push(`  ${r.id === status.current?.id ? '*' : ' '} ${r.id}  ${r.status.padEnd(7)} ${r.createdAt}${r.statusReason ? `  ${r.statusReason}` : ''}`);
      }
      if (status.lastOperation) {
        const last = status.lastOperation;
        lines.push(`Last operation: ${last.event} ${last.operationId} ${last.status} at ${last.timestamp}${last.reason ? ` (${last.reason})` : ''}`);
      }
      const p = disk.parts;
      lines.push(`Disk: root ${formatBytes(disk.root.bytes)} (${disk.root.path}); ${environment} ${formatBytes(disk.environment.bytes)}: venvs ${formatBytes(p.venvs)}, releases ${formatBytes(p.releases)}, checkpoints ${formatBytes(p.checkpoints)}, logs ${formatBytes(p.logs)}, metrics ${formatBytes(p.metrics)}, other ${formatBytes(p.other)}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    },
  );
}
