// Writes the JSON Schema of exec-automator.config.json from the zod schema the tool validates
// with (run: pnpm run docs:config). Copied into @exec-automator/core for `$schema` references.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from '@exec-automator/core/config';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
for (const target of [path.join(repo, 'docs', 'config.schema.json'), path.join(repo, 'packages', 'core', 'config.schema.json')]) {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
