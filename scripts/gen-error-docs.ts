// Writes docs/errors.md from the error catalogue (run: pnpm run docs:errors).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderErrorReference } from './error-docs.js';

const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'errors.md');
writeFileSync(target, renderErrorReference());
console.log(`wrote ${target}`);
