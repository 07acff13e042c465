import { styleFor } from './style.js';

/** Writes `error [CODE]: message` to stderr (the code in red on a colour terminal). */
export function printError(code: string, message: string): void {
  const style = styleFor(process.stderr);
  process.stderr.write(`${style.red(`error [${code}]`)}: ${message}\n`);
}
