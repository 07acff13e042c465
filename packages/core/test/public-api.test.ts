import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('public API of @exec-automator/core', () => {
  it('exports the engine from its root, and nothing else (a new export is a conscious change: add it here)', () => {
    expect(Object.keys(root).sort()).toEqual([
      'AUTO_ROLLBACK', 'DEPLOYER_EVENT_TYPES', 'DeployError', 'Deployer', 'ENVIRONMENTS', 'ENVIRONMENT_SETUP', 'ERROR_CATALOGUE',
      'ERROR_CODES', 'EnvironmentLayout', 'PHASE_KIND_RULES', 'RELEASE_SWITCH', 'ReleaseStore', 'STABLE_PATHS', 'defineFact',
      'deployError', 'deploymentStatus', 'errorClassOf', 'errorDefinition', 'errorDocsAnchor', 'errors', 'factKey',
      'isDeployError', 'normalizeDeployRequest', 'toDeployError',
    ]);
  });

  it('declares one package export per subpath entry, each documented in the README', async () => {
    const manifest = JSON.parse(await readFile(path.join(pkg, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; publishConfig: { exports: Record<string, unknown> } };
    const readme = await readFile(path.join(pkg, 'README.md'), 'utf8');
    const entries = (await readdir(path.join(pkg, 'src', 'entries'))).map((f) => f.replace(/\.ts$/, '')).sort();
    const subpaths = Object.keys(manifest.exports).filter((k) => k !== '.' && !k.endsWith('.json')).map((k) => k.slice(2)).sort();
    expect(subpaths).toEqual(entries);
    expect(Object.keys(manifest.publishConfig.exports).sort()).toEqual(Object.keys(manifest.exports).sort());
    for (const entry of entries) {
      expect(readme).toContain(`\`@exec-automator/core/${entry}\``);
      // every subpath resolves and exports something
      const mod = (await import(/* @vite-ignore */ pathToFileURL(path.join(pkg, 'src', 'entries', `${entry}.ts`)).href)) as Record<string, unknown>;
      expect(Object.keys(mod).length, entry).toBeGreaterThan(0);
    }
  });
});
