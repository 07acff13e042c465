import type { Command, Option } from 'commander';
import { examplesOf } from './help-examples.js';
import { buildProgram } from './program.js';

/** Table-cell text: `|` escaped, and `<placeholder>` kept as text rather than read as an HTML tag. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '\\<');
}

function optionRow(option: Option): string {
  const defaultValue = option.defaultValue === undefined ? '' : `\`${JSON.stringify(option.defaultValue)}\``;
  return `| \`${option.flags}\` | ${cell(option.description)} | ${defaultValue} |`;
}

function usage(command: Command, name: string): string {
  const args = command.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`));
  const sub = command.commands.length ? '<command>' : '';
  return ['exec-automator', name, sub, ...args, command.options.length ? '[options]' : ''].filter(Boolean).join(' ');
}

/** One command's section; subcommands (`secrets set`) follow as sections of their own. */
function section(command: Command, name: string, heading: string): string[] {
  const lines = [`${heading} \`${name}\``, '', command.description(), '', '```', usage(command, name), '```', ''];
  if (command.registeredArguments.length) {
    lines.push('| Argument | Description |', '|---|---|');
    for (const a of command.registeredArguments) lines.push(`| \`${a.name()}\` | ${cell(a.description)} |`);
    lines.push('');
  }
  if (command.options.length) {
    lines.push('| Option | Description | Default |', '|---|---|---|');
    for (const option of command.options) lines.push(optionRow(option));
    lines.push('');
  }
  const examples = examplesOf(command);
  if (examples.length) {
    lines.push('Examples:', '', '```bash');
    for (const example of examples) lines.push(`# ${example.description}`, example.command);
    lines.push('```', '');
  }
  for (const sub of command.commands) lines.push(...section(sub, `${name} ${sub.name()}`, `${heading}#`));
  return lines;
}

/**
 * The CLI reference in Markdown, generated from the command definitions themselves
 * (`buildProgram()`), so it cannot drift from the code. `docs/cli.md` is this text; a test
 * fails when it is stale (`pnpm run docs:cli` rewrites it).
 */
export function renderCliReference(program: Command = buildProgram()): string {
  const lines = [
    '# CLI reference',
    '',
    '<!-- Generated from the command definitions by `pnpm run docs:cli`; do not edit by hand. -->',
    '',
    program.description(),
    '',
    'Exit codes: `0` success, `1` failure, `2` usage error, `3` validation failed, `4` environment locked.',
    '',
    'Output: progress goes to stderr (on a terminal a live status line with a spinner, the current phase, its elapsed time and counts; plain lines when piped or under `CI`; colour only on a terminal and never with `NO_COLOR`; ASCII marks when the locale is not UTF-8, with `TERM=dumb` or on the classic Windows console); the result goes to stdout (a short summary, the whole report with `deploy --report`, exactly one JSON object with `--json`).',
    '',
  ];
  for (const command of program.commands) lines.push(...section(command, command.name(), '##'));
  return `${lines.join('\n').trimEnd()}\n`;
}
