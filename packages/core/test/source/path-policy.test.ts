import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDeployError } from '@exec-automator/core';
import { PathPolicy, sourcePathRefs } from '@exec-automator/core/source';

let dir = '';
let allowed = '';
let outside = '';

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> } | 'resolved'> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (!isDeployError(error)) throw error;
    return { code: error.code, details: error.details };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-policy-'));
  allowed = path.join(dir, 'allowed');
  outside = path.join(dir, 'outside');
  await mkdir(path.join(allowed, 'src'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(outside, 'agent.py'), 'graph = None\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PathPolicy', () => {
  it('confines path arguments to the allowed directories through symlinks, and refuses NUL', async () => {
    const policy = new PathPolicy({ allowedDirs: [allowed] });
    expect(await policy.check('src', 'source directory')).toBe(path.join(allowed, 'src'));
    expect(await codeOf(policy.check(outside, 'source directory'))).toMatchObject({ code: 'PATH_NOT_ALLOWED', details: { path: outside } });
    await symlink(outside, path.join(allowed, 'door'));
    expect(await codeOf(policy.check(path.join(allowed, 'door', 'agent.py'), 'workflow file'))).toMatchObject({ code: 'PATH_NOT_ALLOWED' });
    expect(await codeOf(policy.check(path.join(allowed, 'door-not-yet', 'x'), 'root'))).toBe('resolved');
    expect(await codeOf(policy.check(`${allowed}\u0000`, 'root'))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    await rm(path.join(allowed, 'door'));
  });

  it('lets an unrestricted policy accept any path but still refuses NUL', async () => {
    const policy = new PathPolicy();
    expect(policy.restricted).toBe(false);
    expect(await policy.check(outside, 'source directory')).toBe(outside);
    expect(await codeOf(policy.check('a\u0000b', 'source directory'))).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('finds every path a source names: links, graph files, local dependencies, env file, local requirements', async () => {
    const source = path.join(allowed, 'proj');
    await mkdir(path.join(source, 'sub'), { recursive: true });
    await mkdir(path.join(source, '.venv'), { recursive: true });
    await symlink(path.join(outside, 'agent.py'), path.join(source, 'sub', 'linked.py'));
    await symlink('/usr', path.join(source, '.venv', 'lib')); // never read: not reported
    await writeFile(
      path.join(source, 'langgraph.json'),
      JSON.stringify({ graphs: { a: '../outside-ref.py:graph', b: { path: 'pkg.mod:graph' } }, dependencies: ['.', '../../outside/pkg', 'requests'], env: '../secrets.env' }),
    );
    await writeFile(path.join(source, 'requirements.txt'), 'requests==2.0\n-e ../../outside/lib  # editable\n./vendored\nfile:///opt/x\n');
    const refs = await sourcePathRefs(source);
    const summary = refs.map((r) => [r.kind, r.ref, r.insideSource]);
    expect(summary).toEqual([
      ['symlink', path.join(outside, 'agent.py'), false],
      ['graph', '../outside-ref.py:graph', false],
      ['graph', 'pkg.mod:graph', true],
      ['dependency', '.', true],
      ['dependency', '../../outside/pkg', false],
      ['env-file', '../secrets.env', false],
      ['requirement', '../../outside/lib', false],
      ['requirement', './vendored', true],
      ['requirement', 'file:///opt/x', false],
    ]);
    expect(refs.find((r) => r.kind === 'dependency' && !r.insideSource)?.target).toBe(path.join(outside, 'pkg'));
  });

  it('refuses a source naming a path outside the allowed directories, naming the path', async () => {
    const source = path.join(allowed, 'graph-out');
    await mkdir(source, { recursive: true });
    await writeFile(path.join(source, 'langgraph.json'), JSON.stringify({ graphs: { agent: `${path.join(outside, 'agent.py')}:graph` } }));
    const policy = new PathPolicy({ allowedDirs: [allowed] });
    const refused = await codeOf(policy.checkSource(source, 'dev'));
    expect(refused).toMatchObject({ code: 'PATH_NOT_ALLOWED', details: { kind: 'graph', target: path.join(outside, 'agent.py'), path: path.join(source, 'langgraph.json') } });
    // Unrestricted: the graph outside the project is for validation to report (LANGGRAPH_GRAPH_REF_INVALID).
    expect(await codeOf(new PathPolicy().checkSource(source, 'production'))).toBe('resolved');
  });

  it('warns about links that leave the source in dev and refuses them in staging and production', async () => {
    const source = path.join(allowed, 'linked');
    await mkdir(path.join(source, 'tests'), { recursive: true });
    await writeFile(path.join(allowed, 'shared.tests.json'), '{}');
    await symlink(path.join(allowed, 'shared.tests.json'), path.join(source, 'tests', 'w.tests.json'));
    const policy = new PathPolicy({ allowedDirs: [allowed] });
    const dev = await policy.checkSource(source, 'dev');
    expect(dev.linksOutside.map((l) => l.at)).toEqual([path.join(source, 'tests', 'w.tests.json')]);
    for (const environment of ['staging', 'production'] as const) {
      expect(await codeOf(new PathPolicy().checkSource(source, environment))).toMatchObject({
        code: 'PATH_NOT_ALLOWED',
        details: { reason: 'link-leaves-source', path: path.join(source, 'tests', 'w.tests.json'), environment },
      });
    }
  });

  it('checks a rollback target as a path below releases/ before its id grammar', async () => {
    const releases = path.join(allowed, 'root', 'dev', 'releases');
    const policy = new PathPolicy({ allowedDirs: [allowed] });
    expect(await codeOf(policy.checkReleaseTarget(releases, '../../../../outside/rel'))).toMatchObject({ code: 'PATH_NOT_ALLOWED' });
    expect(await codeOf(policy.checkReleaseTarget(releases, outside))).toMatchObject({ code: 'PATH_NOT_ALLOWED' });
    expect(await codeOf(policy.checkReleaseTarget(releases, 'dep-1'))).toBe('resolved');
    expect(await codeOf(policy.checkReleaseTarget(releases, '../releases/x'))).toBe('resolved'); // the id grammar refuses it later
    expect(await codeOf(policy.checkReleaseTarget(releases, 'a\u0000'))).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('does not walk the deployment root, the cache or virtualenvs inside a source', async () => {
    const source = path.join(allowed, 'with-root');
    await mkdir(path.join(source, 'deploy-root', 'dev', 'venvs', 'h', 'bin'), { recursive: true });
    await symlink('/usr/bin/env', path.join(source, 'deploy-root', 'dev', 'venvs', 'h', 'bin', 'python'));
    await mkdir(path.join(source, 'env', 'bin'), { recursive: true });
    await writeFile(path.join(source, 'env', 'pyvenv.cfg'), 'home = /usr/bin\n');
    await symlink('/usr/bin/env', path.join(source, 'env', 'bin', 'python'));
    expect(await sourcePathRefs(source, { exclude: [path.join(source, 'deploy-root')] })).toEqual([]);
    expect(await codeOf(new PathPolicy().checkSource(source, 'production', { exclude: [path.join(source, 'deploy-root')] }))).toBe('resolved');
    // Without the exclusion the root's links would be the source's own links out.
    expect((await sourcePathRefs(source)).map((r) => r.at)).toEqual([path.join(source, 'deploy-root', 'dev', 'venvs', 'h', 'bin', 'python')]);
  });

  it('checks the paths a configuration file from a source names', async () => {
    const source = path.join(allowed, 'configured');
    await mkdir(source, { recursive: true });
    const file = path.join(source, 'exec-automator.config.json');
    const policy = new PathPolicy({ allowedDirs: [allowed] });
    await writeFile(file, JSON.stringify({ archive: { obsidianVault: '../vault' }, defaults: { secrets: { file: path.join(allowed, 's.json') } } }));
    expect(await codeOf(policy.checkConfigFile(file))).toBe('resolved');
    await writeFile(file, JSON.stringify({ archive: { obsidianVault: '../../outside/vault' } }));
    expect(await codeOf(policy.checkConfigFile(file))).toMatchObject({ code: 'PATH_NOT_ALLOWED', details: { key: 'archive.obsidianVault', target: path.join(outside, 'vault') } });
    await writeFile(file, JSON.stringify({ environments: { production: { secrets: { keyFile: path.join(outside, 'k.key') } } } }));
    expect(await codeOf(policy.checkConfigFile(file))).toMatchObject({ code: 'PATH_NOT_ALLOWED', details: { key: 'environments.production.secrets.keyFile' } });
    expect(await codeOf(new PathPolicy().checkConfigFile(file))).toBe('resolved');
    expect(await codeOf(policy.checkConfigFile(path.join(source, 'missing.json')))).toBe('resolved');
  });
});
