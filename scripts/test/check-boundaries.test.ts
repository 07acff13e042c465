import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { checkBoundaries } from '../check-boundaries.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A workspace with the given packages: name → { deps, files: { 'src/x.ts': text } }. */
async function workspace(packages: Record<string, { deps?: string[]; files: Record<string, string> }>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-boundaries-'));
  dirs.push(root);
  for (const [dir, spec] of Object.entries(packages)) {
    const manifest = { name: `@exec-automator/${dir}`, dependencies: Object.fromEntries((spec.deps ?? []).map((d) => [`@exec-automator/${d}`, 'workspace:*'])) };
    await mkdir(path.join(root, 'packages', dir, 'src'), { recursive: true });
    await writeFile(path.join(root, 'packages', dir, 'package.json'), JSON.stringify(manifest));
    for (const [file, text] of Object.entries(spec.files)) await writeFile(path.join(root, 'packages', dir, file), text);
  }
  return root;
}

describe('import boundaries', () => {
  it('hold in this repository', () => {
    expect(checkBoundaries(repo)).toEqual([]);
  });

  it('catch each kind of violation, and allow type-only imports between phases', async () => {
    const root = await workspace({
      core: { files: { 'src/index.ts': "import { x } from '@exec-automator/phase-a';\nexport const y = x;\n" } },
      'phase-a': {
        deps: ['core'],
        files: {
          'src/index.ts': [
            "import type { B } from '@exec-automator/phase-b';",
            "import { type C } from '@exec-automator/phase-b';",
            "import { run } from '@exec-automator/phase-b';",
            "import { z } from '../../core/src/index.js';",
            "export const x: B | C = run(z);",
          ].join('\n'),
        },
      },
      'phase-b': { files: { 'src/index.ts': "import { y } from '@exec-automator/core/src/index.js';\nexport type B = 1;\nexport type C = 2;\nexport const run = (v: unknown) => y ?? v;\n" } },
    });
    const violations: string[] = checkBoundaries(root);
    const text = violations.join('\n');
    expect(text).toContain('core imports @exec-automator/phase-a');
    expect(text).toContain('packages/phase-a/src/index.ts:3: phase-a imports @exec-automator/phase-b at run time');
    expect(text).not.toContain('index.ts:1: phase-a imports');
    expect(text).not.toContain('index.ts:2: phase-a imports');
    expect(text).toContain("imports ../../core/src/index.js, outside its package");
    expect(text).toContain("another package's src/");
    expect(text).toContain('which packages/phase-a/package.json does not list in dependencies');
    expect(text).toContain('which packages/phase-b/package.json does not list in dependencies');
    expect(text).toMatch(/import cycle between packages: (core -> phase-a -> phase-b -> core|phase-a -> phase-b -> core -> phase-a)/);
  });
});
