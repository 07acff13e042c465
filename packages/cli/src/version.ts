import { readFileSync } from 'node:fs';

/**
 * The version of the installed `@exec-automator/cli` package, read from its package.json
 * (`../package.json` from both `src/` and `dist/`, and always part of the published package).
 */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
