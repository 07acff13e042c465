import type { Options } from 'tsup';

/**
 * The build every package shares: ESM for Node 20, declarations for the public entry
 * (`src/index.ts`, and `subpaths`: further public entries with declarations), source maps. `bins`
 * are extra entries (a CLI's main) without declarations.
 */
export function packageBuild(bins: string[] = [], subpaths: string[] = []): Options {
  return {
    entry: ['src/index.ts', ...subpaths, ...bins],
    format: ['esm'],
    dts: { entry: ['src/index.ts', ...subpaths] },
    sourcemap: true,
    clean: true,
    target: 'node20',
  };
}
