import { type ErrorClass, errorClassOf } from '@exec-automator/core';

/** Process exit codes of the CLI, by error class. */
export const EXIT_CODES: Readonly<Record<ErrorClass | 'success', number>> = {
  success: 0,
  failure: 1,
  usage: 2,
  validation: 3,
  locked: 4,
};

/** The exit code for an error code (unknown codes are failures). */
export function exitCodeFor(code: string | undefined): number {
  if (code === undefined) return EXIT_CODES.success;
  return EXIT_CODES[errorClassOf(code)];
}
