// docs/errors.md, rendered from ERROR_CATALOGUE (run: pnpm run docs:errors; a test keeps it in sync).
import { ERROR_CATALOGUE, type ErrorDefinition } from '@exec-automator/core';

const EXIT: Record<ErrorDefinition['class'], number> = { usage: 2, validation: 3, locked: 4, failure: 1 };

/** The whole page. */
export function renderErrorReference(): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from packages/core/src/errors/catalogue.ts by `pnpm run docs:errors`; edit the catalogue, not this file. -->',
    '',
    'Every failure is a `DeployError` with one of these codes (`code` in `--json` output, reports and MCP',
    "replies; `causeCode` holds the code of a wrapped error, such as `ENOENT` or a plugin's own code).",
    'The CLI exits with the code of its class: usage 2, validation 3, locked 4, failure 1. Plugins raise',
    '`PLUGIN_<NAME>` codes of their own, which are failures. Each message says what to do in the case at',
    'hand; the fix below is the general one.',
    '',
    '| Code | Class (exit) | Meaning |',
    '|---|---|---|',
    ...Object.entries(ERROR_CATALOGUE).map(([code, d]) => `| [\`${code}\`](#${code.toLowerCase()}) | ${d.class} (${EXIT[d.class]}) | ${d.summary.replace(/\|/g, '\\|')} |`),
    '',
  ];
  for (const [code, d] of Object.entries(ERROR_CATALOGUE)) {
    lines.push(`## ${code}`, '', `${d.summary} Class: ${d.class} (exit ${EXIT[d.class]}).`, '', `Fix: ${d.fix}`, '');
  }
  return lines.join('\n');
}
