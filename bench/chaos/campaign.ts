/**
 * The kill campaign: SIGKILL the CLI (its whole process group) at a uniformly random point of a
 * deploy or a rollback, then check what an operator relies on:
 *
 * - the environment is sound: `current` names a release under `releases/` whose metadata and
 *   registry parse, the stable paths resolve, no lock is held by a live process;
 * - no orphan: no process of the killed operation is left (runners, installer guards, anything
 *   naming the trial's root), 5 s allowed for the parent-death watches;
 * - the next operation succeeds at once (exit 0, never `DEPLOY_LOCKED`);
 * - history matches `current` after it: the last history entry that names a release as `to` is
 *   the current one.
 *
 * Used by `run.ts` (the full campaign) and `chaos.test.ts` (the CI sample).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentLayout, ReleaseStore, STABLE_PATHS } from '../../packages/core/src/index.js';
import { DeployLock, HistoryJournal } from '../../packages/core/src/entries/state.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO = path.resolve(here, '..', '..');
/** The built CLI. */
export const CLI = path.join(REPO, 'packages', 'cli', 'dist', 'cli.js');
/** The campaign's workflow (one small real LangGraph graph). */
export const FIXTURE = path.join(here, 'fixture');

/** What one CLI run returned. */
export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
  ms: number;
}

/** A campaign's environment: a root with two good releases of the fixture. */
export interface ChaosEnv {
  dir: string;
  root: string;
  source: string;
  layout: EnvironmentLayout;
  env: NodeJS.ProcessEnv;
  /** How long the second (warm) setup deploy took: the range deploy kills are drawn from. */
  deployMs: number;
}

/**
 * Starts `exec-automator ...args` in its own process group; `killAfterMs` SIGKILLs the whole
 * group at that time (if it still runs).
 */
export function cli(chaos: Pick<ChaosEnv, 'env'>, args: string[], killAfterMs?: number): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env: chaos.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer =
      killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            try {
              process.kill(-(child.pid as number), 'SIGKILL');
            } catch {
              // already finished
            }
          }, killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, pid: child.pid as number, ms: performance.now() - started });
    });
  });
}

/** Sets up a campaign root (two good releases) with its own cache directory. */
export async function setUp(cacheDir = process.env.EXEC_AUTOMATOR_CACHE ?? path.join(REPO, '.cache', 'exec-automator')): Promise<ChaosEnv> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-chaos-'));
  const source = path.join(dir, 'source');
  await cp(FIXTURE, source, { recursive: true });
  const root = path.join(dir, 'root');
  const chaos: ChaosEnv = { dir, root, source, layout: new EnvironmentLayout(root, 'dev'), env: { ...process.env, EXEC_AUTOMATOR_CACHE: cacheDir }, deployMs: 0 };
  for (let i = 0; i < 2; i++) {
    const run = await cli(chaos, deployArgs(chaos));
    if (run.code !== 0) throw new Error(`setup deploy failed (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
    chaos.deployMs = run.ms;
  }
  return chaos;
}

/** Removes a campaign root. */
export async function tearDown(chaos: ChaosEnv): Promise<void> {
  await rm(chaos.dir, { recursive: true, force: true });
}

/** Arguments of the campaign's deploy. */
export function deployArgs(chaos: ChaosEnv): string[] {
  return ['deploy', 'all', '--source', chaos.source, '--root', chaos.root, '--environment=dev', '--quiet'];
}

/** Arguments of a rollback to the newest release that is not current (explicit: bad releases allowed). */
export async function rollbackArgs(chaos: ChaosEnv): Promise<string[]> {
  const store = new ReleaseStore(chaos.layout);
  const current = await store.currentId();
  const other = (await store.list()).reverse().find((r) => r.id !== current);
  if (!other) throw new Error('no release to roll back to');
  return ['rollback', other.id, '--root', chaos.root, '--environment=dev', '--quiet'];
}

/** Problems with the environment's soundness (empty: sound). */
export async function soundness(chaos: ChaosEnv): Promise<string[]> {
  const problems: string[] = [];
  const store = new ReleaseStore(chaos.layout);
  let current: string | null = null;
  try {
    current = await store.currentId();
  } catch (error) {
    return [`current: ${(error as Error).message}`];
  }
  if (current === null) return ['current is missing'];
  try {
    const meta = await store.read(current);
    if (meta.workflows.length === 0) problems.push(`release ${current} lists no workflow`);
  } catch (error) {
    problems.push(`release ${current}: ${(error as Error).message}`);
  }
  try {
    JSON.parse(await readFile(path.join(chaos.layout.current, 'configs', 'workflow-registry.json'), 'utf8'));
  } catch (error) {
    problems.push(`registry of ${current}: ${(error as Error).message}`);
  }
  for (const name of ['workflows', 'configs', 'venv'] as const satisfies ReadonlyArray<(typeof STABLE_PATHS)[number]>) {
    await stat(chaos.layout.stable(name)).catch(() => problems.push(`${name} does not resolve through current`));
  }
  const lock = await DeployLock.inspect(chaos.layout);
  if (lock && lock.stale === null) problems.push(`lock held by live pid ${lock.holder.pid}`);
  return problems;
}

/** Null when the last history entry naming a release as `to` is `current`, else what differs. */
export async function historyMismatch(chaos: ChaosEnv): Promise<string | null> {
  const current = await new ReleaseStore(chaos.layout).currentId();
  const history = await new HistoryJournal(chaos.layout.history).read();
  const last = [...history].reverse().find((e) => e.to !== null)?.to ?? null;
  return last === current ? null : `history says ${last ?? '(nothing)'}, current is ${current ?? '(none)'}`;
}

function procState(pid: string): string | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Live (non-zombie) processes started by the operation of `pid` or naming the campaign's root. */
export async function orphansOf(chaos: ChaosEnv, pid: number): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0').join(' ');
    } catch {
      continue;
    }
    const ours = cmdline.includes(`--parent ${pid}`) || cmdline.includes(`exec_automator_guard.py ${pid} `) || cmdline.includes(chaos.root);
    const state = procState(name);
    if (ours && state !== undefined && state !== 'Z' && state !== 'X') found.push(`${name}: ${cmdline.slice(0, 160)}`);
  }
  return found;
}

/** Waits up to `ms` for the operation's processes to go; returns those left. */
export async function waitForOrphans(chaos: ChaosEnv, pid: number, ms = 5000): Promise<string[]> {
  const deadline = Date.now() + ms;
  let left = await orphansOf(chaos, pid);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = await orphansOf(chaos, pid);
  }
  return left;
}

/** The outcome of one kill trial. */
export interface Trial {
  kind: 'deploy' | 'rollback';
  killAtMs: number;
  /** The operation had finished before the kill (a trial that killed nothing). */
  finishedFirst: boolean;
  unsound: string[];
  orphans: string[];
  nextCode: number | null;
  nextLocked: boolean;
  nextReconciled: boolean;
  historyMismatch: string | null;
  /** How long the (uninterrupted) next operation took: the span the next kill is drawn from. */
  nextMs: number;
  ms: number;
}

/** True when a trial met every expectation. */
export function passed(t: Trial): boolean {
  return t.unsound.length === 0 && t.orphans.length === 0 && t.nextCode === 0 && t.historyMismatch === null;
}

/** One trial: run `kind`, SIGKILL its group at `killAtMs`, check, run the next operation, check. */
export async function killTrial(chaos: ChaosEnv, kind: 'deploy' | 'rollback', killAtMs: number): Promise<Trial> {
  const started = performance.now();
  const args = kind === 'deploy' ? deployArgs(chaos) : await rollbackArgs(chaos);
  const killed = await cli(chaos, args, killAtMs);
  const orphans = await waitForOrphans(chaos, killed.pid);
  const unsound = await soundness(chaos);
  // The next operation of the same kind, at once.
  const next = await cli(chaos, kind === 'deploy' ? [...deployArgs(chaos), '--json'] : [...(await rollbackArgs(chaos)), '--json']);
  let reconciled = false;
  try {
    reconciled = (JSON.parse(next.stdout) as { reconciled?: unknown }).reconciled !== undefined;
  } catch {
    // not JSON: the failure shows in nextCode
  }
  await waitForOrphans(chaos, next.pid, 3000);
  return {
    kind, killAtMs: Math.round(killAtMs), finishedFirst: killed.signal === null, unsound, orphans,
    nextCode: next.code, nextLocked: next.code === 4, nextReconciled: reconciled,
    historyMismatch: await historyMismatch(chaos), nextMs: Math.round(next.ms), ms: Math.round(performance.now() - started),
  };
}

/** How long one uninterrupted operation of `kind` takes here (the range kills are drawn from). */
export async function measure(chaos: ChaosEnv, kind: 'deploy' | 'rollback'): Promise<number> {
  const run = await cli(chaos, kind === 'deploy' ? deployArgs(chaos) : await rollbackArgs(chaos));
  if (run.code !== 0) throw new Error(`${kind} failed while measuring (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
  return run.ms;
}

/** Figures of a series of trials. */
export function summarize(trials: readonly Trial[]): Record<string, number> {
  return {
    trials: trials.length,
    passed: trials.filter(passed).length,
    killedMidOperation: trials.filter((t) => !t.finishedFirst).length,
    unsound: trials.filter((t) => t.unsound.length > 0).length,
    withOrphans: trials.filter((t) => t.orphans.length > 0).length,
    nextFailed: trials.filter((t) => t.nextCode !== 0).length,
    nextLocked: trials.filter((t) => t.nextLocked).length,
    reconciledByNext: trials.filter((t) => t.nextReconciled).length,
    historyGaps: trials.filter((t) => t.historyMismatch !== null).length,
    meanTrialMs: Math.round(trials.reduce((s, t) => s + t.ms, 0) / Math.max(1, trials.length)),
  };
}
