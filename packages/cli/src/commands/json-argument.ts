import { readFileSync } from 'node:fs';
import { deployError } from '@exec-automator/core';

/**
 * Parses a command-line JSON value: inline JSON, or `@path` to read it from a file.
 * Throws `INVALID_ARGUMENT` naming the option when it is not JSON.
 */
export function parseJsonArgument(value: string, option: string): unknown {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8');
    } catch (error) {
      throw deployError('INVALID_ARGUMENT', `${option}: cannot read ${value.slice(1)}: ${(error as Error).message}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw deployError('INVALID_ARGUMENT', `${option} is not valid JSON (${(error as Error).message}). Give JSON inline or @file.json.`);
  }
}
