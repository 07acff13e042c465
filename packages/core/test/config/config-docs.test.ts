import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, loadConfigFile } from '@exec-automator/core/config';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

type Schema = { properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[] };

/** Every property name below `schema`, as `parent.child` paths (array items add nothing). */
function keyPaths(schema: Schema, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    out.push(prefix + key);
    out.push(...keyPaths(child, `${prefix}${key}.`));
  }
  for (const child of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.items ? [schema.items] : [])]) out.push(...keyPaths(child, prefix));
  return out;
}

describe('configuration reference', () => {
  it('ships a JSON Schema equal to the zod schema the tool validates with (run `pnpm run docs:config` after changing it)', async () => {
    const expected = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
    expect(await readFile(path.join(repo, 'docs', 'config.schema.json'), 'utf8')).toBe(expected);
    expect(await readFile(path.join(repo, 'packages', 'core', 'config.schema.json'), 'utf8')).toBe(expected);
  });

  it('documents every settings key in docs/configuration.md', async () => {
    const doc = await readFile(path.join(repo, 'docs', 'configuration.md'), 'utf8');
    const settings = (configJsonSchema().properties as Record<string, Schema>).defaults as Schema;
    // A key counts as documented when its path, or a tail of it (`postgres.host` in the
    // `checkpoints` section), is written in backticks.
    const missing = [...new Set(keyPaths(settings))].filter((key) => {
      const parts = key.split('.');
      return !parts.some((_, i) => doc.includes(`\`${parts.slice(i).join('.')}\``));
    });
    expect(missing).toEqual([]);
  });

  it('has an example that the tool accepts', async () => {
    const doc = await readFile(path.join(repo, 'docs', 'configuration.md'), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(doc)?.[1] as string;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-config-'));
    try {
      const file = path.join(dir, 'exec-automator.config.json');
      await writeFile(file, example);
      const config = await loadConfigFile(file);
      expect(config?.environments?.production?.notifications).toHaveLength(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
