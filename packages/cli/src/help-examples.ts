import type { Command } from 'commander';

/** One example of a command: the command line and what it does. */
export interface HelpExample {
  /** The command line, starting with `exec-automator`. */
  command: string;
  /** What it does. */
  description: string;
}

const registry = new WeakMap<Command, readonly HelpExample[]>();

/**
 * Attaches examples to a command: `--help` shows them after the options, and the CLI reference
 * (`docs/cli.md`) lists them. Returns the command for chaining.
 */
export function withExamples(command: Command, examples: readonly HelpExample[]): Command {
  registry.set(command, examples);
  command.addHelpText('after', () => `\n${renderExamples(examples)}`);
  return command;
}

/** The examples attached to `command` (none when it has no examples). */
export function examplesOf(command: Command): readonly HelpExample[] {
  return registry.get(command) ?? [];
}

/** The `Examples:` block of `--help`. */
export function renderExamples(examples: readonly HelpExample[]): string {
  const lines = ['Examples:'];
  for (const example of examples) lines.push(`  # ${example.description}`, `  $ ${example.command}`);
  return `${lines.join('\n')}\n`;
}
