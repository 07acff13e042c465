import { symlink } from 'node:fs/promises';
import path from 'node:path';
import {
  buildRequirements,
  DeployError,
  Facts,
  writeFileAtomic,
  writeJsonAtomic,
  type Phase,
  type PhaseContext,
  type PlannedAction,
  type ReleasePaths,
} from '@exec-automator/core';

function requirementsFor(ctx: PhaseContext) {
  const analysis = ctx.get(Facts.analysis);
  const imports = [...(analysis?.values() ?? [])].flatMap((a) => a.third_party_imports);
  return buildRequirements({ imports, additional: ctx.settings.additionalDependencies });
}

function files(release: ReleasePaths) {
  return {
    requirements: path.join(release.dir, 'requirements.txt'),
    installed: path.join(release.dir, 'installed-packages.json'),
  };
}

/**
 * Seed phase 3, Dependency Installation: requirements.txt in the release, a venv keyed by the
 * requirements hash under `<env>/venvs/` (reused without running the installer when
 * unchanged; uv when available, else pip), the release's `venv` link, installed-packages.json
 * (`pip list --format=json` shape) and a version check of every requirement.
 */
export function dependenciesPhase(): Phase {
  return {
    name: 'dependencies',
    title: 'Dependency Installation',
    kind: 'prepare',
    async plan(ctx) {
      const release = ctx.layout.release(ctx.operationId);
      const requirements = requirementsFor(ctx);
      const f = files(release);
      const actions: PlannedAction[] = [
        { kind: 'write-file', description: `Write requirements.txt (${requirements.lines.length} requirements)`, target: f.requirements },
        { kind: 'create-venv', description: `Create or reuse the virtual environment under ${ctx.layout.venvs}` },
        { kind: 'install', description: `Install ${requirements.lines.length} Python packages` },
        { kind: 'symlink', description: 'Link the release to its venv', target: release.venv },
        { kind: 'write-file', description: 'Record installed packages', target: f.installed },
        { kind: 'check', description: 'Verify package versions' },
      ];
      return actions;
    },
    async run(ctx) {
      const release = ctx.release;
      if (!release) throw new DeployError('INTERNAL', 'The dependencies phase needs a release directory.');
      const requirements = requirementsFor(ctx);
      const f = files(release.paths);
      await writeFileAtomic(f.requirements, requirements.text);
      ctx.progress(`Preparing the venv for ${requirements.lines.length} requirements`);
      let lines = 0;
      const venv = await ctx.python.ensureVenv(requirements.text, {
        baseDir: ctx.layout.venvs,
        signal: ctx.signal,
        onProgress: (line) => {
          lines += 1;
          ctx.log('debug', line);
          if (lines % 20 === 0) ctx.progress(`installing… ${line.trim().slice(0, 80)}`);
        },
      });
      ctx.progress(venv.created ? `Built venv ${venv.hash} with ${venv.installer} in ${(venv.durationMs / 1000).toFixed(1)} s` : `Reusing venv ${venv.hash} (requirements unchanged)`);
      await symlink(path.relative(path.dirname(release.paths.venv), venv.path), release.paths.venv);
      await ctx.releases.update(release.id, { venvHash: venv.hash });
      const worker = ctx.python.worker({ python: venv.python, onStderr: (line) => ctx.log('debug', line) });
      try {
        const packages = await worker.request('list_packages', {}, { signal: ctx.signal });
        await writeJsonAtomic(f.installed, packages);
        const check = await worker.request('check_requirements', { requirements: requirements.lines }, { signal: ctx.signal });
        const unsatisfied = check.results.filter((r) => !r.satisfied);
        if (unsatisfied.length > 0) {
          throw new DeployError(
            'DEPENDENCY_VERSION_MISMATCH',
            `Installed packages do not satisfy the requirements:\n  ${unsatisfied.map((r) => `${r.requirement}: ${r.installed ?? 'not installed'}`).join('\n  ')}`,
            { details: { unsatisfied } },
          );
        }
        ctx.set(Facts.pythonEnvironment, { venv, requirements, packages });
        const critical = ['langgraph', 'langchain', 'langchain-core', 'langchain-anthropic', 'langchain-openai', 'mcp'];
        const versions = Object.fromEntries(check.results.filter((r) => critical.includes(r.name)).map((r) => [r.name, r.installed]));
        return {
          summary: `${venv.created ? 'installed' : 'reused'} venv ${venv.hash} (${packages.length} packages, Python ${check.python}); all ${check.results.length} requirements satisfied`,
          files: [f.requirements, f.installed],
          data: { venv: venv.path, venvHash: venv.hash, reused: !venv.created, installer: venv.installer, durationMs: venv.durationMs, versions },
        };
      } finally {
        await worker.close();
      }
    },
  };
}
