import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Deployer,
  ENVIRONMENTS,
  EnvironmentLayout,
  isDeployError,
  normalizeDeployRequest,
  ReleaseStore,
  type Phase,
} from '../../packages/core/src/index.js';
import { loadConfigFile } from '../../packages/core/src/entries/config.js';
import { readLanggraphConfig, slugOf } from '../../packages/core/src/entries/source.js';
import { loadTestSuite } from '../../packages/core/src/entries/testing.js';
import {
  assertDeploymentId,
  assertEnvironmentName,
  assertWorkflowName,
  idProblem,
  isInside,
  resolveInside,
  showValue,
  workflowNameProblem,
} from '../../packages/core/src/entries/util.js';

// Property tests over every parser of what users, configs and clients send: no untyped error,
// nothing resolved or written outside its directory. CI runs RUNS generated inputs per pure
// property (CHAOS_PROPERTY_RUNS to change it) and fewer for those that touch the disk.
const RUNS = Number(process.env.CHAOS_PROPERTY_RUNS ?? 1000);
const FS_RUNS = Math.max(20, Math.round(RUNS / 10));

/** Strings that matter here: any code point, and pieces of paths (`..`, `/`, NUL, absolute). */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.constantFrom('..', '.', '/', '\\', '\u0000', 'a', 'dep-1', ' ', '~', '/etc/passwd', 'x y', '\u001b[31m', '%2e%2e', ''), { maxLength: 8 }).map((parts) => parts.join('')),
  fc.array(fc.constantFrom('..', '.', 'releases', 'dep-1', 'out', 'x'), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/')),
);

function typed(error: unknown, codes: readonly string[]): boolean {
  return isDeployError(error) && codes.includes(error.code);
}

let dir: string;
let outside: string;
beforeAll(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'exec-automator-props-')));
  outside = path.join(dir, 'outside');
  await mkdir(path.join(dir, 'base', 'releases'), { recursive: true });
  await mkdir(outside);
  await symlink(outside, path.join(dir, 'base', 'releases', 'out'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('property: ids, names and paths cannot escape', () => {
  it('accepts as an id only one path component of its own directory; refuses the rest with INVALID_ARGUMENT', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const problem = idProblem(value);
        if (problem === null) {
          const joined = path.join('/base/releases', value);
          expect(path.dirname(joined)).toBe('/base/releases');
          expect(path.basename(joined)).toBe(value);
          expect(assertDeploymentId(value)).toBe(value);
        } else {
          expect(() => assertDeploymentId(value)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts workflow names (spaces allowed) whose file names stay in their directory', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        if (workflowNameProblem(value) !== null) {
          expect(() => assertWorkflowName(value)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
          return;
        }
        expect(value).not.toContain('\u0000');
        expect(value).not.toContain('..');
        const slug = slugOf(value);
        expect(path.dirname(path.join('/src/tests', `${slug}.tests.json`))).toBe('/src/tests');
        expect(['.', '..', '']).not.toContain(slug);
      }),
      { numRuns: RUNS },
    );
  });

  it('knows three environments and shows any refused value escaped, without control characters', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        if ((ENVIRONMENTS as readonly string[]).includes(value)) expect(assertEnvironmentName(value)).toBe(value);
        else expect(() => assertEnvironmentName(value)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
        // eslint-disable-next-line no-control-regex
        expect(showValue(value)).not.toMatch(/[\u0000-\u001f\u007f]/);
      }),
      { numRuns: RUNS },
    );
  });

  it('resolves a name inside its directory, through symlinks, or refuses it', async () => {
    const releases = path.join(dir, 'base', 'releases');
    await fc.assert(
      fc.asyncProperty(hostile, async (value) => {
        try {
          const resolved = await resolveInside(releases, value);
          expect(isInside(releases, await realpath(resolved).catch(() => resolved))).toBe(true);
        } catch (error) {
          expect(typed(error, ['INVALID_ARGUMENT'])).toBe(true);
        }
      }),
      { numRuns: FS_RUNS },
    );
  });

  it('gives a release only a directory of releases/, never a symlink out of it', async () => {
    const layout = new EnvironmentLayout(path.join(dir, 'base', '..'), 'dev');
    const store = new ReleaseStore(new EnvironmentLayout(path.join(dir, 'root-props'), 'dev'));
    expect(await store.read('out').catch((e: unknown) => (isDeployError(e) ? e.code : 'untyped'))).toBe('RELEASE_NOT_FOUND');
    fc.assert(
      fc.property(hostile, (value) => {
        try {
          expect(path.dirname(layout.release(value).dir)).toBe(layout.releasesDir);
        } catch (error) {
          expect(typed(error, ['INVALID_ARGUMENT'])).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('property: parsers give typed errors only', () => {
  it('normalizes any deploy request or refuses it with INVALID_ARGUMENT', () => {
    const request = fc.record(
      { source: fc.oneof(hostile, fc.anything()), workflows: fc.oneof(fc.constant('all'), fc.array(hostile), fc.anything()), environment: fc.oneof(fc.constantFrom(...ENVIRONMENTS), hostile), dryRun: fc.anything(), skipTests: fc.boolean(), force: fc.boolean() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(request, (value) => {
        try {
          normalizeDeployRequest(value as never);
        } catch (error) {
          expect(typed(error, ['INVALID_ARGUMENT', 'SKIP_TESTS_REQUIRES_FORCE'])).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('reads any configuration file, test file and langgraph.json with a typed error or an answer inside the project', async () => {
    const project = path.join(dir, 'project');
    await mkdir(project, { recursive: true });
    await writeFile(path.join(project, 'agent.py'), 'graph = None\n');
    const content = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.record({ graphs: fc.dictionary(hostile, fc.oneof(hostile.map((h) => `${h}:graph`), fc.constant('./agent.py:graph'), fc.constant('../outside/x.py:graph'))) }).map((v) => JSON.stringify(v)),
      fc.record({ environments: fc.dictionary(fc.oneof(fc.constantFrom(...ENVIRONMENTS), hostile), fc.jsonValue()) }).map((v) => JSON.stringify(v)),
      fc.record({ cases: fc.array(fc.record({ name: hostile, input: fc.jsonValue(), responses: fc.array(fc.jsonValue()) })) }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(content, async (text) => {
        const file = path.join(project, 'input.json');
        await writeFile(file, text);
        await loadConfigFile(file).catch((error: unknown) => expect(typed(error, ['CONFIG_INVALID'])).toBe(true));
        await loadTestSuite(file).catch((error: unknown) => expect(typed(error, ['VALIDATION_FAILED'])).toBe(true));
        await writeFile(path.join(project, 'langgraph.json'), text);
        const config = await readLanggraphConfig(project);
        for (const graph of config?.graphs ?? []) {
          expect(isInside(project, await realpath(graph.file))).toBe(true);
          expect(workflowNameProblem(graph.id)).toBeNull();
        }
      }),
      { numRuns: FS_RUNS },
    );
  });

  it('answers any rollback request with a typed result, current unchanged and nothing written outside the root', async () => {
    const base = path.join(dir, 'rollbacks');
    const root = path.join(base, 'root');
    const layout = new EnvironmentLayout(root, 'dev');
    const store = new ReleaseStore(layout);
    for (const id of ['dep-1', 'dep-2']) {
      await store.create({ id, environment: 'dev', workflows: [] });
      await store.activate(id);
      await store.mark(id, 'good');
    }
    const noop: Phase = { name: 'verify', title: 'Verify', kind: 'verify', run: async () => ({ summary: 'ok' }) };
    const deployer = new Deployer({ root, phases: [noop] });
    await fc.assert(
      fc.asyncProperty(hostile, async (to) => {
        const result = await deployer.rollback({ environment: 'dev', to });
        if (result.status === 'FAILED') expect(['INVALID_ARGUMENT', 'RELEASE_NOT_FOUND', 'NO_ROLLBACK_TARGET']).toContain(result.error?.code);
        else expect(['dep-1', 'dep-2']).toContain(result.to);
        expect(['dep-1', 'dep-2']).toContain(await store.currentId());
        expect(await readdir(base)).toEqual(['root']);
        expect((await readdir(layout.releasesDir)).sort()).toEqual(['dep-1', 'dep-2']);
      }),
      { numRuns: FS_RUNS },
    );
  });
});
