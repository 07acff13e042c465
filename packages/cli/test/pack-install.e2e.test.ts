import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, REPO, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs();

interface Manifest {
  name: string;
  version: string;
  exports?: unknown;
  bin?: Record<string, string>;
  main?: string;
  types?: string;
  dependencies?: Record<string, string>;
  publishConfig?: unknown;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file path an `exports` value points at (conditions and subpaths flattened). */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

/** The workspace packages `@exec-automator/cli` needs, itself first. */
async function cliClosure(): Promise<Array<{ dir: string; manifest: Manifest }>> {
  const dirs = (await readdir(path.join(REPO, 'packages'))).map((name) => path.join(REPO, 'packages', name));
  const all = new Map<string, { dir: string; manifest: Manifest }>();
  for (const dir of dirs) {
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Manifest;
    all.set(manifest.name, { dir, manifest });
  }
  const seen = new Map<string, { dir: string; manifest: Manifest }>();
  const visit = (name: string): void => {
    const pkg = all.get(name);
    if (!pkg || seen.has(name)) return;
    seen.set(name, pkg);
    for (const dep of Object.keys(pkg.manifest.dependencies ?? {})) visit(dep);
  };
  visit('@exec-automator/cli');
  return [...seen.values()];
}

describe('published packages (pnpm pack, then npm install of the tarballs in an empty directory)', () => {
  const tarballs = new Map<string, string>();
  let packages: Array<{ dir: string; manifest: Manifest }> = [];

  beforeAll(async () => {
    packages = await cliClosure();
    const out = path.join(await tempDir(), 'tarballs');
    await mkdir(out);
    for (const { dir, manifest } of packages) {
      const packed = await run('pnpm', ['pack', '--pack-destination', out], dir);
      expect(packed.code, packed.stderr).toBe(0);
      const file = (await readdir(out)).find((f) => f.startsWith(`${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}`));
      expect(file, `tarball of ${manifest.name}`).toBeDefined();
      tarballs.set(manifest.name, path.join(out, file as string));
    }
  });

  it('covers every workspace package', async () => {
    expect((await readdir(path.join(REPO, 'packages'))).length).toBe(packages.length);
  });

  it('ship a README, the MIT LICENSE and every file their exports, main, types and bin point at; workspace versions are pinned', async () => {
    const license = await readFile(path.join(REPO, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    for (const [name, tarball] of tarballs) {
      const listing = await run('tar', ['-tzf', tarball], REPO);
      const files = new Set(listing.stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, '')));
      const manifest = JSON.parse((await run('tar', ['-xzOf', tarball, 'package/package.json'], REPO)).stdout) as Manifest;
      expect(files.has('README.md'), `${name} README.md`).toBe(true);
      expect((await run('tar', ['-xzOf', tarball, 'package/LICENSE'], REPO)).stdout, `${name} LICENSE`).toBe(license);
      const targets = [...exportTargets(manifest.exports), ...Object.values(manifest.bin ?? {}), manifest.main, manifest.types].filter((t): t is string => Boolean(t));
      for (const target of targets) expect(files.has(target.replace(/^\.\//, '')), `${name}: ${target} is not in the tarball`).toBe(true);
      expect(JSON.stringify(manifest.dependencies ?? {}), `${name} dependencies`).not.toContain('workspace:');
      expect([...files].filter((f) => f.includes('__pycache__') || f.startsWith('src/') || f.startsWith('test/')), name).toEqual([]);
    }
    const core = (await run('tar', ['-tzf', tarballs.get('@exec-automator/core') as string], REPO)).stdout;
    expect(core).toContain('package/python/exec_automator_runner.py');
    expect(core).toContain('package/python/exec_automator_runner/loader.py');
    const monitoring = (await run('tar', ['-tzf', tarballs.get('@exec-automator/phase-monitoring') as string], REPO)).stdout;
    expect(monitoring).toContain('package/python/health_check.py');
  });

  it('gives a working exec-automator: --version, deploy --help and a validate-only run of the examples', async () => {
    const app = await tempDir();
    await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'empty-app', private: true }));
    // The tarballs themselves; third-party dependencies come from the npm registry.
    const install = await run('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier', ...tarballs.values()], app);
    expect(install.code, install.stderr).toBe(0);
    const bin = path.join(app, 'node_modules', '.bin', 'exec-automator');
    const version = await run(bin, ['--version'], app);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(packages[0]?.manifest.version);
    const help = await run(bin, ['deploy', '--help'], app);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: exec-automator deploy');
    expect(help.stdout).toContain('Examples:');
    const validate = await run(bin, ['deploy', 'all', '--source', EXAMPLES, '--root', path.join(app, 'root'), '--validate-only', '--skip-tests', '--json'], app);
    expect(validate.code, validate.stderr).toBe(0);
    const result = JSON.parse(validate.stdout) as { status: string; reports: string[] };
    expect(result.status).toBe('SUCCESS');
    expect(result.reports.map((r) => path.extname(r)).sort()).toEqual(['.json', '.md']);
  });
});
