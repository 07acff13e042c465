// Rewrites docs/cli.md from the CLI's own command definitions (run: pnpm run docs:cli).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCliReference } from '@exec-automator/cli';

const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'cli.md');
writeFileSync(target, renderCliReference());
console.log(`wrote ${target}`);
