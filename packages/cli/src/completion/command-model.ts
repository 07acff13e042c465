import type { Command, Option } from 'commander';
import { ENVIRONMENTS } from '@exec-automator/core';

/** What a value is completed with. */
export type ValueKind = { kind: 'choices'; values: readonly string[] } | { kind: 'directory' } | { kind: 'file' } | { kind: 'none' };

/** An option as the completion scripts see it. */
export interface CompletionOption {
  /** `-e`, when it has a short form. */
  short?: string;
  /** `--environment`. */
  long?: string;
  /** One-line help. */
  description: string;
  /** Whether the option is followed by a value. */
  takesValue: boolean;
  /** How that value is completed. */
  value: ValueKind;
}

/** A positional argument. */
export interface CompletionArgument {
  /** Its name (`workflows`). */
  name: string;
  /** Can repeat. */
  variadic: boolean;
  /** How it is completed. */
  value: ValueKind;
}

/** A command with its options, arguments and subcommands. */
export interface CompletionNode {
  /** Names from the root: `[]` for the program, `['secrets', 'set']`. */
  path: readonly string[];
  /** The command's name. */
  name: string;
  /** One-line help. */
  description: string;
  /** Its options (including `--help`). */
  options: readonly CompletionOption[];
  /** Its positional arguments (none when it has subcommands). */
  arguments: readonly CompletionArgument[];
  /** Its subcommands (with `help` where commander adds it). */
  subcommands: readonly CompletionNode[];
}

/** Values of options that take one of a fixed set, by long flag (the CLI checks them itself). */
const KNOWN_VALUES: Readonly<Record<string, readonly string[]>> = {
  '--environment': ENVIRONMENTS,
  '--installer': ['auto', 'uv', 'pip'],
  '--status': ['completed', 'interrupted', 'error', 'cancelled', 'timeout'],
};

/** The first sentence of a help text, at most 100 characters. */
export function oneLine(text: string): string {
  const first = text.split(/(?<=\.)\s|\n/)[0] ?? '';
  return first.length > 100 ? `${first.slice(0, 99)}…` : first;
}

function valueOf(placeholder: string, choices: readonly string[] | undefined): ValueKind {
  if (choices && choices.length > 0) return { kind: 'choices', values: choices };
  if (/dir/i.test(placeholder)) return { kind: 'directory' };
  if (/file|path/i.test(placeholder)) return { kind: 'file' };
  return { kind: 'none' };
}

function optionOf(option: Option): CompletionOption {
  const placeholder = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1] ?? '';
  const takesValue = option.required || option.optional;
  return {
    ...(option.short ? { short: option.short } : {}),
    ...(option.long ? { long: option.long } : {}),
    description: oneLine(option.description),
    takesValue,
    value: takesValue ? valueOf(placeholder, option.argChoices ?? (option.long ? KNOWN_VALUES[option.long] : undefined)) : { kind: 'none' },
  };
}

/** The completion model of a command tree (what `buildProgram()` returns). */
export function completionModel(command: Command, path: readonly string[] = []): CompletionNode {
  const help = command.createHelp();
  const subcommands = help.visibleCommands(command).map((sub) => {
    if (sub.name() === 'help' && sub.commands.length === 0 && !command.commands.includes(sub)) {
      const names = command.commands.map((c) => c.name());
      return {
        path: [...path, 'help'], name: 'help', description: 'display help for a command',
        options: [], arguments: [{ name: 'command', variadic: false, value: { kind: 'choices', values: names } as ValueKind }], subcommands: [],
      };
    }
    return completionModel(sub, [...path, sub.name()]);
  });
  return {
    path,
    name: command.name(),
    description: oneLine(command.description()),
    options: help.visibleOptions(command).map(optionOf),
    arguments: command.registeredArguments.map((a) => ({
      name: a.name(),
      variadic: a.variadic,
      value: a.argChoices ? { kind: 'choices', values: a.argChoices } : a.name() === 'workflows' ? { kind: 'choices', values: ['all'] } : { kind: 'none' },
    })),
    subcommands,
  };
}

/** Every node of the tree, parents first. */
export function allNodes(node: CompletionNode): CompletionNode[] {
  return [node, ...node.subcommands.flatMap(allNodes)];
}

/** The flags of an option (`-e`, `--environment`). */
export function flagsOf(option: CompletionOption): string[] {
  return [option.short, option.long].filter((flag): flag is string => flag !== undefined);
}
