import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AlertNotification, Deployer, type Notifier, type NotifyResult, type Phase } from '@exec-automator/core';
import { ObsidianArchiver } from '@exec-automator/phase-rollback';
import { EnvSecretsBackend } from '@exec-automator/core/secrets';
import { defaultPhases } from '@exec-automator/pipeline';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EXAMPLES, json, runCli, snapshotTree, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs();
/** Staging requires the model's key to be set; nothing here calls a real LLM (fake models). */
const ENV = { ANTHROPIC_API_KEY: 'sk-ant-not-a-real-key' };
/**
 * A seed-style `{placeholder}` left from a template. Grafana's `${datasource}` and
 * `{{workflow_id}}` in the dashboard are that format's own variables, not placeholders.
 */
const PLACEHOLDER = /(?<![${])\{[a-z_]+\}(?!\})/;
const WRITES = new Set(['write-file', 'copy-file', 'symlink']);

interface Result {
  id: string;
  status: string;
  reportMarkdown?: string;
  phases: Array<{ name: string; status: string; plan?: Array<{ kind: string; target?: string }> }>;
}

/**
 * What a real run wrote under the environment: every file and symlink (links are not
 * followed), and every directory. Not counted: the venv contents (third-party packages), the
 * lock (held only while running) and the history journal (the audit log of runs, not a
 * deployment artefact).
 */
async function written(envDir: string): Promise<{ files: string[]; dirs: string[] }> {
  const files: string[] = [];
  const dirs: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const name of await readdir(dir)) {
      const full = path.join(dir, name);
      const rel = path.relative(envDir, full);
      if (rel === 'venvs' || rel === '.lock' || rel === 'history.jsonl') continue;
      const info = await lstat(full);
      if (info.isDirectory()) {
        dirs.push(full);
        await walk(full);
      } else files.push(full);
    }
  }
  await walk(envDir);
  return { files, dirs };
}

/** Paths of two operations made comparable: their ids and start times differ, nothing else may. */
function normalize(paths: readonly string[], id: string): string[] {
  return [...new Set(paths.map((p) => p.split(id).join('<id>').replace(/\d{8}T\d{9}Z/g, '<ts>')))].sort();
}

describe('dry-run fidelity (CLI subprocess, real venv, real langgraph)', () => {
  it('plans exactly the files the real run then writes, and archives nothing in the dry-run', async () => {
    const base = await tempDir();
    const root = path.join(base, 'root');
    const vault = path.join(base, 'vault');
    await mkdir(vault);
    const config = path.join(base, 'exec-automator.config.json');
    await writeFile(config, JSON.stringify({ archive: { obsidianVault: './vault' } }));
    const args = ['deploy', 'all', '--source', EXAMPLES, '--environment=staging', '--root', root, '--config', config, '--json'];

    const dryRun = await runCli([...args, '--dry-run'], { env: ENV });
    expect(dryRun.code, dryRun.stderr).toBe(0);
    const dry = json<Result>(dryRun);
    expect(await snapshotTree(root)).toEqual([]);
    expect(await snapshotTree(vault)).toEqual([]);
    const actions = dry.phases.flatMap((p) => p.plan ?? []);
    const plannedFiles = actions.filter((a) => WRITES.has(a.kind) && a.target).map((a) => a.target as string);
    const plannedDirs = actions.filter((a) => a.kind === 'create-dir' && a.target).map((a) => a.target as string);
    expect(dry.phases.find((p) => p.name === 'report')?.plan?.map((a) => a.target)).toEqual([path.join(root, 'staging', 'DEPLOYMENT-STATUS-REPORT.md')]);

    const realRun = await runCli(args, { env: ENV });
    expect(realRun.code, realRun.stderr).toBe(0);
    const real = json<Result>(realRun);
    expect(real.status).toBe('SUCCESS');
    const envDir = path.join(root, 'staging');
    const tree = await written(envDir);

    expect(normalize(tree.files, real.id)).toEqual(normalize(plannedFiles, dry.id));
    // Every directory was planned, or holds a planned file; every planned directory exists.
    const plannedNorm = normalize([...plannedFiles, ...plannedDirs], dry.id);
    for (const dir of normalize(tree.dirs, real.id)) {
      expect(plannedNorm.some((p) => p === dir || p.startsWith(`${dir}${path.sep}`)), dir).toBe(true);
    }
    for (const dir of normalize(plannedDirs, dry.id)) expect(normalize(tree.dirs, real.id)).toContain(dir);

    // The real run archived its status report; the dry-run had left the vault empty.
    const notes = await readdir(path.join(vault, 'Projects', 'Exec-Automator', 'Deployments'));
    expect(notes).toEqual([`exec-automator-staging-${new Date().toISOString().slice(0, 10)}.md`]);
    const note = await readFile(path.join(vault, 'Projects', 'Exec-Automator', 'Deployments', notes[0] as string), 'utf8');
    expect(note).toContain(`· ${real.id} · SUCCESS`);

    // No document holds template text: the reports, manifests and notes are filled from real data.
    const documents = tree.files.filter((f) => /\.(md|json)$/.test(f));
    expect(documents.length).toBeGreaterThan(10);
    for (const file of documents) expect(await readFile(file, 'utf8'), file).not.toMatch(PLACEHOLDER);
    for (const markdown of [dry.reportMarkdown, real.reportMarkdown, note]) expect(markdown).not.toMatch(PLACEHOLDER);
    expect(dry.reportMarkdown).toContain('**This was a DRY-RUN. No actual changes were made.**');
  });

  it('never lets a notifier reach its receiver in a dry-run of the real pipeline', async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => (received.push(body), res.writeHead(204).end()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      // A tiny webhook notifier posting to the loopback receiver, as a host would write one.
      const webhook: Notifier = {
        name: 'loopback-webhook',
        async notify(n: AlertNotification): Promise<NotifyResult> {
          const response = await fetch(url, { method: 'POST', body: JSON.stringify(n) });
          return { notifier: 'loopback-webhook', ok: response.ok, attempts: 1, status: response.status, durationMs: 0 };
        },
      };
      const calls: NotifyResult[] = [];
      // A phase that notifies in every mode, as a careless plugin would: the Deployer must keep a dry-run silent.
      const announce: Phase = {
        name: 'announce',
        title: 'Announce',
        kind: 'report',
        async run(ctx) {
          for (const n of ctx.notifiers) {
            calls.push(await n.notify({ kind: 'test', alert: 'DeploymentFinished', severity: 'info', environment: ctx.environment, summary: 'done', dedupKey: ctx.operationId, startsAt: new Date().toISOString(), labels: {} }));
          }
          for (const a of ctx.archivers) await a.archive({ kind: 'deployment', environment: ctx.environment, organization: 'Org', operationId: ctx.operationId, status: 'SUCCESS', timestamp: new Date().toISOString(), markdown: '# x' });
          return { summary: `${calls.length} notification(s) attempted` };
        },
      };
      const base = await tempDir();
      const vault = path.join(base, 'vault');
      await mkdir(vault);
      const phases = defaultPhases();
      phases.splice(phases.length - 1, 0, announce);
      const deployer = new Deployer({
        root: path.join(base, 'root'), phases, notifiers: [webhook], archivers: [new ObsidianArchiver({ vault })],
        secrets: new EnvSecretsBackend({ ...process.env, ...ENV }),
      });
      const result = await deployer.deploy({ source: EXAMPLES, environment: 'staging', dryRun: true });
      expect(result.status, JSON.stringify(result.error)).toBe('SUCCESS');
      expect(calls).toEqual([expect.objectContaining({ notifier: 'loopback-webhook', ok: false, attempts: 0 })]);
      expect(received).toEqual([]);
      expect(await snapshotTree(vault)).toEqual([]);
      expect(await snapshotTree(path.join(base, 'root'))).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
