import { readFileSync } from 'node:fs';
import { deployError } from '@exec-automator/core';
import { jsonErrorLocation } from '@exec-automator/core/source';

/**
 * Parses a command-line JSON value: inline JSON, or `@path` to read it from a file.
 * Throws `INVALID_ARGUMENT` naming the option (and the file) when it is not JSON; the message
 * says where the syntax breaks, never what the file holds.
 */
export function parseJsonArgument(value: string, option: string): unknown {
  let text = value;
  const file = value.startsWith('@') ? value.slice(1) : undefined;
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw deployError('INVALID_ARGUMENT', `${option}: cannot read ${file}${code ? ` (${code})` : ''}. Give JSON inline or @file.json.`, { details: { option, file } });
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const where = jsonErrorLocation(text, error as Error);
    const subject = file === undefined ? option : `${option} file ${file}`;
    throw deployError('INVALID_ARGUMENT', `${subject} is not valid JSON (${where.message}). Give JSON inline or @file.json.`, {
      details: { option, ...(file === undefined ? {} : { file }), ...(where.line ? { line: where.line } : {}), ...(where.column ? { column: where.column } : {}) },
    });
  }
}
