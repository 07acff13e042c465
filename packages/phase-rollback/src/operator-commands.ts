import path from 'node:path';
import { shellQuote } from './markdown.js';

/** What a command line needs to know about the environment. */
export interface CommandTarget {
  /** Environment name. */
  environment: string;
  /** Root holding all environments (`--root`). */
  root: string;
  /** `<root>/<env>`. */
  envDir: string;
  /** The release a rollback would go to, when there is one. */
  rollbackTo?: string | null;
  /** Workflow ids, for per-workflow log filters and the invoke example (the first one). */
  workflowIds?: readonly string[];
  /** A real input for the first workflow (JSON of its recorded smoke test case), for the invoke example. */
  invokeInput?: string;
}

/** How an operator command is grouped in the runbook's Common Operations. */
export type CommandGroup = 'status' | 'run' | 'health' | 'logs' | 'recovery';

/** One command an operator runs against a deployed environment. */
export interface OperatorCommand {
  /** Stable id (`status`, `rollback`, ...). */
  readonly id: string;
  /** Quick-reference label. */
  readonly action: string;
  /** Runbook section it belongs to. */
  readonly group: CommandGroup;
  /** The command line, or undefined when it does not apply (no rollback target). */
  command(target: CommandTarget): string | undefined;
}

/**
 * `exec-automator <sub> [args] --environment=<env> --root <root>`. `operand` is an argument the
 * operator supplies, shown in the CLI's own syntax (`<execution-id>`), unquoted.
 */
export function cliCommand(sub: string, args: readonly string[], target: Pick<CommandTarget, 'environment' | 'root'>, operand?: string): string {
  return [
    'exec-automator', sub, ...(operand ? [operand] : []), ...args.map(shellQuote),
    `--environment=${shellQuote(target.environment)}`, '--root', shellQuote(target.root),
  ].join(' ');
}

/**
 * The command that deploys `workflows` from `sourceDir` again (`all` when more than one:
 * the seed's `/exec:deploy {workflow|all}`), with extra `flags` such as `--dry-run`.
 */
export function deployCommand(
  target: Pick<CommandTarget, 'environment' | 'root'>,
  sourceDir: string,
  workflows: readonly string[],
  flags: readonly string[] = [],
): string {
  const which = workflows.length === 1 ? (workflows[0] as string) : 'all';
  return cliCommand('deploy', [which, '--source', sourceDir, ...flags], target);
}

/** The workflow log every workflow process writes. */
export function workflowLog(envDir: string): string {
  return path.join(envDir, 'logs', 'workflows.log');
}

/** The health-check command, run with the environment's venv interpreter. */
export function healthCheckCommand(envDir: string): string {
  return `${shellQuote(path.join(envDir, 'venv', 'bin', 'python'))} ${shellQuote(path.join(envDir, 'monitoring', 'health-check.py'))}`;
}

/**
 * Every operator command the documents mention, in display order: the CLI's `status`,
 * `history`, `invoke`, `executions`, `cancel`, `monitor` and `rollback`, the health-check script
 * and the workflow log. This is the one list to extend when the CLI grows: the runbook's Quick
 * Reference and Common Operations, and the reports' command sections, are all built from it.
 */
export const OPERATOR_COMMANDS: readonly OperatorCommand[] = [
  {
    id: 'status',
    action: 'Show the current release, releases and lock',
    group: 'status',
    command: (t) => cliCommand('status', [], t),
  },
  {
    id: 'history',
    action: 'List past deployments and rollbacks',
    group: 'status',
    command: (t) => cliCommand('history', [], t),
  },
  {
    id: 'invoke',
    action: 'Run a workflow',
    group: 'run',
    command: (t) =>
      t.workflowIds?.[0] ? cliCommand('invoke', [t.workflowIds[0], ...(t.invokeInput ? ['--input', t.invokeInput] : [])], t) : undefined,
  },
  {
    id: 'executions',
    action: 'List running and recent executions',
    group: 'run',
    command: (t) => cliCommand('executions', [], t),
  },
  {
    id: 'cancel',
    action: 'Cancel a running execution (its id is printed by invoke and listed by executions)',
    group: 'run',
    command: (t) => cliCommand('cancel', [], t, '<execution-id>'),
  },
  {
    id: 'health-check',
    action: 'Check workflow health',
    group: 'health',
    command: (t) => healthCheckCommand(t.envDir),
  },
  {
    id: 'tail-logs',
    action: 'Follow the workflow logs',
    group: 'logs',
    command: (t) => `tail -f ${shellQuote(workflowLog(t.envDir))}`,
  },
  {
    id: 'grep-errors',
    action: 'Search the logs for errors',
    group: 'logs',
    command: (t) => `grep ERROR ${shellQuote(workflowLog(t.envDir))}`,
  },
  {
    id: 'grep-workflow',
    action: 'Filter the logs by workflow',
    group: 'logs',
    command: (t) => (t.workflowIds?.[0] ? `grep ${shellQuote(t.workflowIds[0])} ${shellQuote(workflowLog(t.envDir))}` : undefined),
  },
  {
    id: 'monitor',
    action: 'Evaluate the alert thresholds and notify',
    group: 'health',
    command: (t) => cliCommand('monitor', [], t),
  },
  {
    id: 'rollback',
    action: 'Roll back to the previous release',
    group: 'recovery',
    command: (t) => (t.rollbackTo ? cliCommand('rollback', [t.rollbackTo], t) : undefined),
  },
];

/** A command that applies to `target`, with its line. */
export interface ResolvedCommand {
  /** The command's definition. */
  command: OperatorCommand;
  /** The command line. */
  line: string;
}

/** The commands of {@link OPERATOR_COMMANDS} that apply to `target`, optionally of some groups only. */
export function operatorCommands(target: CommandTarget, groups?: readonly CommandGroup[]): ResolvedCommand[] {
  const out: ResolvedCommand[] = [];
  for (const command of OPERATOR_COMMANDS) {
    if (groups && !groups.includes(command.group)) continue;
    const line = command.command(target);
    if (line !== undefined) out.push({ command, line });
  }
  return out;
}
