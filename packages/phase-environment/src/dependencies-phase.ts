import { existsSync } from 'node:fs';
import { readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { deployError, type Phase, type PhaseContext, type PlannedAction, type ReleasePaths } from '@exec-automator/core';
import {
  type CheckpointConfigFile,
  checkpointConfigFor,
  checkpointerSpec,
  checkpointRequirements,
  readCheckpointConfig,
} from '@exec-automator/core/config';
import {
  buildRequirements,
  checkpointRunnerSecrets,
  lockHeader,
  type Requirements,
  ResultCache,
  type RunnerOps,
  venvQueryKey,
  workflowProcessEnv,
} from '@exec-automator/core/python';
import { writeFileAtomic, writeJsonAtomic } from '@exec-automator/core/util';
import { assertStoreReady } from './checkpoint-store.js';
import { checkRequiredTools, requiredTools } from './workflow-tools.js';
import { Facts } from './facts.js';

async function checkpointFor(ctx: PhaseContext): Promise<CheckpointConfigFile> {
  const file = ctx.get(Facts.environmentSetup)?.checkpointConfigFile;
  return file ? readCheckpointConfig(file) : checkpointConfigFor(ctx.layout, ctx.settings.checkpoints);
}

/**
 * The release's requirements, made up as validation checked them (the dependency plan): base
 * lines the project's pins do not contradict, the checkpoint store's packages, the project's
 * declarations and local packages, curated distributions for the seed format's imports, and
 * `additionalDependencies`. Without a plan (a replaced validation phase), the seed format's rule.
 */
function requirementsFor(ctx: PhaseContext, checkpoint: CheckpointConfigFile): { requirements: Requirements; constraints: string } {
  const plan = ctx.get(Facts.dependencyPlan);
  const imports = plan ? plan.imports : [...(ctx.get(Facts.analysis)?.values() ?? [])].flatMap((a) => a.third_party_imports);
  const requirements = buildRequirements({
    imports,
    additional: ctx.settings.additionalDependencies,
    storage: checkpointRequirements(checkpoint),
    declared: plan?.declared ?? [],
    localPackages: plan?.localPackages.map((p) => p.requirement) ?? [],
    omitBase: plan?.omitBase ?? [],
  });
  const constraints = plan?.constraints.length ? `${plan.constraints.join('\n')}\n` : '';
  return { requirements, constraints };
}

function files(release: ReleasePaths) {
  return {
    requirements: path.join(release.dir, 'requirements.txt'),
    constraints: path.join(release.dir, 'constraints.txt'),
    lock: path.join(release.dir, 'requirements.lock'),
    installed: path.join(release.dir, 'installed-packages.json'),
  };
}

/**
 * The lock of the current release when its requirements are the same text and it was resolved
 * by the same installer for the same Python: redeploying unchanged requirements then installs
 * nothing and resolves nothing, and gets the very versions the running release has.
 */
async function reusableLock(ctx: PhaseContext, requirements: string, constraints: string, header: string): Promise<{ lock: string; from: string } | undefined> {
  const previous = ctx.release?.previousId;
  if (!previous) return undefined;
  const paths = files(ctx.layout.release(previous));
  try {
    const [oldRequirements, lock] = await Promise.all([readFile(paths.requirements, 'utf8'), readFile(paths.lock, 'utf8')]);
    const oldConstraints = await readFile(paths.constraints, 'utf8').catch(() => '');
    if (oldRequirements === requirements && oldConstraints === constraints && lock.split('\n', 1)[0] === header) return { lock, from: previous };
  } catch {
    // the previous release has no lock (or no release dir): resolve afresh
  }
  return undefined;
}

/**
 * Seed phase 3, Dependency Installation: requirements.txt in the release (seed base list,
 * checkpoint-store packages, workflow imports, additional dependencies), resolved into
 * requirements.lock (`uv pip compile`, or pip's resolver; reused from the current release when
 * the requirements did not change), a venv keyed by the hash of the lock and the Python
 * version under `<env>/venvs/` (reused with no installer run when unchanged, else built beside
 * the old one), the release's `venv` link, installed-packages.json (`pip list --format=json`),
 * a version check of every requirement, the workflows' declared tools, and a real connection to
 * the checkpoint store from the new venv (including `setup()`).
 */
export function dependenciesPhase(): Phase {
  return {
    name: 'dependencies',
    title: 'Dependency Installation',
    kind: 'prepare',
    async plan(ctx) {
      const release = ctx.layout.release(ctx.operationId);
      const checkpoint = checkpointConfigFor(ctx.layout, ctx.settings.checkpoints);
      const { requirements, constraints } = requirementsFor(ctx, checkpoint);
      const tools = requiredTools(ctx.get(Facts.agentConfigs));
      const f = files(release);
      const actions: PlannedAction[] = [
        { kind: 'write-file', description: `Write requirements.txt (${requirements.lines.length} requirements)`, target: f.requirements },
        ...(constraints ? [{ kind: 'write-file' as const, description: 'Write constraints.txt (the project\'s uv.lock pins)', target: f.constraints }] : []),
        { kind: 'write-file', description: 'Resolve the requirements into a lock (reused when unchanged)', target: f.lock },
        { kind: 'create-venv', description: `Create or reuse the virtual environment for the lock under ${ctx.layout.venvs}` },
        { kind: 'install', description: `Install ${requirements.lines.length} Python packages (only when the lock changed)` },
        { kind: 'symlink', description: 'Link the release to its venv', target: release.venv },
        { kind: 'write-file', description: 'Record installed packages', target: f.installed },
        { kind: 'check', description: 'Verify package versions' },
        { kind: 'check', description: `Connect to the ${checkpoint.storage_type} checkpoint store and set it up` },
        // Setting up a SQLite store creates its database file (kept across releases) the first time.
        ...(checkpoint.database && !existsSync(checkpoint.database)
          ? [{ kind: 'write-file' as const, description: 'Create the SQLite checkpoint database', target: checkpoint.database }]
          : []),
      ];
      if (tools.length) actions.push({ kind: 'check', description: `Check workflow tools: ${tools.map((t) => t.spec).join(', ')} (never downloaded)` });
      return actions;
    },
    async run(ctx) {
      const release = ctx.release;
      if (!release) throw deployError('INTERNAL', 'The dependencies phase needs a release directory.');
      await checkRequiredTools(requiredTools(ctx.get(Facts.agentConfigs)));
      const checkpoint = await checkpointFor(ctx);
      const { requirements, constraints } = requirementsFor(ctx, checkpoint);
      const f = files(release.paths);
      await writeFileAtomic(f.requirements, requirements.text);
      if (constraints) await writeFileAtomic(f.constraints, constraints);

      const installer = await ctx.python.installer();
      const header = lockHeader(installer.kind, (await ctx.python.python()).version);
      const reused = await reusableLock(ctx, requirements.text, constraints, header);
      // Validation locked the same requirements (and built its venv from that lock): use it.
      const plan = ctx.get(Facts.dependencyPlan);
      const validated = plan?.lock && plan.requirementsText === requirements.text && plan.lock.split('\n', 1)[0] === header ? plan.lock : undefined;
      ctx.progress(
        reused
          ? `Requirements unchanged: reusing the lock of ${reused.from}`
          : validated
            ? 'Using the lock validation resolved'
            : `Resolving ${requirements.lines.length} requirements into a lock`,
      );
      const lock = reused?.lock ?? validated ?? (await ctx.python.lock(requirements.text, { signal: ctx.signal, ...(constraints ? { constraints } : {}) }));
      await writeFileAtomic(f.lock, lock);

      let lines = 0;
      const venv = await ctx.python.ensureVenv(lock, {
        baseDir: ctx.layout.venvs,
        exact: true,
        // the validation venv of this lock, in the cache: adopted (hard links), never rebuilt
        adoptFrom: [ctx.python.cacheVenvs],
        signal: ctx.signal,
        onProgress: (line) => {
          lines += 1;
          ctx.log('debug', line);
          if (lines % 20 === 0) ctx.progress(`installing… ${line.trim().slice(0, 80)}`);
        },
      });
      ctx.progress(
        venv.created
          ? `Built venv ${venv.hash} with ${venv.installer} in ${(venv.durationMs / 1000).toFixed(1)} s`
          : venv.adoptedFrom
            ? `Adopted the validation venv ${venv.hash} (hard links, ${(venv.durationMs / 1000).toFixed(1)} s)`
            : `Reusing venv ${venv.hash} (lock unchanged)`,
      );
      await symlink(path.relative(path.dirname(release.paths.venv), venv.path), release.paths.venv);
      await ctx.releases.update(release.id, { venvHash: venv.hash });

      // The operation's one runner on this venv (validation may have started it; health reuses it).
      const worker = ctx.python.sharedWorker(venv.python, { env: await workflowProcessEnv(ctx), onStderr: (line) => ctx.log('debug', ctx.redact(line)) });
      {
        // What a venv holds never changes for its hash: asked once, then cached.
        const cache = new ResultCache(ctx.python.cacheDir, ctx.settings.reuseResults !== false && ctx.mode.noCache !== true);
        const ask = async <K extends 'list_packages' | 'check_requirements'>(op: K, params: RunnerOps[K]['params']): Promise<RunnerOps[K]['result']> => {
          const key = venvQueryKey(venv.hash, op, params);
          const hit = await cache.get<RunnerOps[K]['result']>('venv', key, venv.path);
          if (hit) return hit.value;
          const result = await worker.request(op, params, { signal: ctx.signal });
          await cache.put('venv', key, result, { root: venv.path, files: [], operationId: ctx.operationId });
          return result;
        };
        const packages = await ask('list_packages', {});
        await writeJsonAtomic(f.installed, packages);
        // Local packages are named by path, not version: their import is checked by validation.
        const versioned = requirements.lines.filter((line) => !/\s@\s|^file:/.test(line));
        const check = await ask('check_requirements', { requirements: versioned });
        const unsatisfied = check.results.filter((r) => !r.satisfied);
        if (unsatisfied.length > 0) {
          throw deployError(
            'DEPENDENCY_VERSION_MISMATCH',
            `Installed packages do not satisfy the requirements:\n  ${unsatisfied.map((r) => `${r.requirement}: ${r.installed ?? 'not installed'}`).join('\n  ')}`,
            { details: { unsatisfied } },
          );
        }
        ctx.progress(`Connecting to the ${checkpoint.storage_type} checkpoint store`);
        const store = await worker.request(
          'checkpoint_check',
          { checkpointer: checkpointerSpec(checkpoint), runner_secrets: await checkpointRunnerSecrets(ctx) },
          { signal: ctx.signal, timeoutMs: 60_000 },
        );
        assertStoreReady(checkpoint, store);
        ctx.set(Facts.pythonEnvironment, { venv, requirements, packages });
        const critical = ['langgraph', 'langchain', 'langchain-core', 'langchain-anthropic', 'langchain-openai', 'mcp'];
        const versions = Object.fromEntries(check.results.filter((r) => critical.includes(r.name)).map((r) => [r.name, r.installed]));
        return {
          summary: `${venv.created ? 'installed' : venv.adoptedFrom ? 'adopted the validation' : 'reused'} venv ${venv.hash} (${packages.length} packages, Python ${check.python}); all ${check.results.length} requirements satisfied; ${checkpoint.storage_type} checkpoint store ready`,
          files: [f.requirements, ...(constraints ? [f.constraints] : []), f.lock, f.installed],
          data: {
            venv: venv.path,
            venvHash: venv.hash,
            reused: !venv.created && !venv.adoptedFrom,
            lockReusedFrom: reused?.from ?? null,
            installer: venv.installer,
            durationMs: venv.durationMs,
            versions,
            checkpointStore: { type: store.type, serverVersion: store.server_version ?? null },
            ...(venv.adoptedFrom ? { adoptedFrom: venv.adoptedFrom } : {}),
          },
        };
      }
    },
  };
}
