import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm, lstat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deployer, isDeployError } from '@exec-automator/core';
import { defaultPhases } from '@exec-automator/pipeline';
import { CommandSecretsBackend, TeamsNotifier } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const examples = path.resolve(here, '..', '..', 'workflows');
const MARKER = 'sk-ant-api03-PLUGIN-MARKER-51d2';
const WEBHOOK_TOKEN = 'teams-webhook-token-MARKER-77a1';

let base = '';
let receiver: Server;
let received: Array<{ path: string; body: Record<string, unknown> }> = [];
let failNext = 0;

function backend(): CommandSecretsBackend {
  return new CommandSecretsBackend({ name: 'fake-manager', command: [process.execPath, path.join(here, 'fake-secrets-manager.mjs')] });
}

async function body(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return JSON.parse(text) as Record<string, unknown>;
}

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-plugins-'));
  process.env.FAKE_SECRETS_FILE = path.join(base, 'manager-store.json');
  // A real HTTP receiver on 127.0.0.1 standing in for Microsoft Teams.
  receiver = createServer(async (request, response) => {
    const payload = await body(request);
    if (failNext > 0) {
      failNext -= 1;
      response.writeHead(503).end();
      return;
    }
    received.push({ path: request.url ?? '', body: payload });
    response.writeHead(200).end('1');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await rm(base, { recursive: true, force: true });
  delete process.env.FAKE_SECRETS_FILE;
});

describe('CommandSecretsBackend (example plugin)', () => {
  it('stores, reads and lists secrets through the manager command, values only on stdin/stdout', async () => {
    const secrets = backend();
    expect(await secrets.get('ANTHROPIC_API_KEY')).toBeUndefined();
    await secrets.set('ANTHROPIC_API_KEY', MARKER);
    expect(await secrets.get('ANTHROPIC_API_KEY')).toBe(MARKER);
    expect(await secrets.list()).toEqual(['ANTHROPIC_API_KEY']);
  });

  it('fails with SECRETS_ERROR when the manager cannot be run', async () => {
    const broken = new CommandSecretsBackend({ command: ['/nonexistent/secrets-cli'] });
    const error = await broken.get('X').catch((e: unknown) => e);
    expect(isDeployError(error) && error.code).toBe('SECRETS_ERROR');
  });
});

describe('TeamsNotifier (example plugin)', () => {
  it('retries a 503 and delivers a MessageCard', async () => {
    received = [];
    failNext = 1;
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const teams = new TeamsNotifier({ webhookUrl: async () => url });
    const result = await teams.notify({
      kind: 'firing', alert: 'HighErrorRate', severity: 'critical', environment: 'staging', workflowId: 'workflow_resp_002',
      summary: 'error rate 40% > 5%', dedupKey: 'k', startsAt: new Date().toISOString(), labels: {}, value: 0.4, threshold: 0.05,
    });
    expect(result).toMatchObject({ ok: true, attempts: 2, status: 200 });
    expect(received[0]?.body).toMatchObject({ '@type': 'MessageCard', title: '[FIRING] HighErrorRate (staging)' });
  });
});

describe('both plugins in a real deployment', () => {
  it('deploys to staging with the key from the manager and sends the test alert to Teams; no secret lands in a file', async () => {
    received = [];
    const secrets = backend();
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/${WEBHOOK_TOKEN}`;
    await secrets.set('TEAMS_WEBHOOK_URL', url);
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY; // the key must come from the manager, not the shell
    try {
      const root = path.join(base, 'root');
      const deployer = new Deployer({
        root,
        phases: defaultPhases(),
        secrets,
        notifiers: [new TeamsNotifier({ webhookUrl: () => secrets.get('TEAMS_WEBHOOK_URL') })],
      });
      const result = await deployer.deploy({ source: examples, environment: 'staging' });
      expect(result.status, JSON.stringify(result.error)).toBe('SUCCESS');
      expect(received.map((r) => (r.body.title as string).startsWith('[TEST]'))).toEqual([true]);
      const files: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        for (const name of await readdir(dir)) {
          const full = path.join(dir, name);
          if (name === 'venvs') continue;
          const info = await lstat(full);
          if (info.isDirectory()) await walk(full);
          else if (info.isFile()) files.push(full);
        }
      };
      await walk(root);
      for (const file of files) {
        const text = await readFile(file, 'utf8');
        expect(text.includes(MARKER) || text.includes(WEBHOOK_TOKEN), file).toBe(false);
      }
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
  });
});
