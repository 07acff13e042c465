import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentLayout, ReleaseStore } from '@exec-automator/core';
import { checkpointConfigFor, defaultSettings } from '@exec-automator/core/config';
import { BASE_REQUIREMENTS, ensureVenv, findPython, resolveInstaller } from '@exec-automator/core/python';
import { runCli, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs();
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'env-workflows');
const PRINTER = 'workflow-env_001-print-env';
const OTHER = 'workflow-env_002-other-tool';
const STORE_KEY = 'ab'.repeat(32);
const SECRETS = {
  ANTHROPIC_API_KEY: 'sk-ant-api03-ENVTEST-anthropic',
  OPENAI_API_KEY: 'sk-proj-ENVTEST-openai',
  LANGGRAPH_AES_KEY: 'ENVTEST-aes-key-0123456789abcdef', // 32 bytes
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/ENVTEST',
};

let venv: string;
beforeAll(async () => {
  // Production encrypts checkpoints: the base requirements plus pycryptodome.
  const python = await findPython();
  venv = (
    await ensureVenv({
      baseDir: path.join(os.tmpdir(), 'exec-automator-test-venvs'),
      requirements: `${[...BASE_REQUIREMENTS, 'pycryptodome>=3.20'].join('\n')}\n`,
      python,
      installer: await resolveInstaller(python, 'auto'),
    })
  ).path;
}, 600_000);

/** A production release of the two fixture workflows, laid out as the release phase does, made current. */
async function productionRelease(root: string): Promise<void> {
  const layout = new EnvironmentLayout(root, 'production');
  const store = new ReleaseStore(layout);
  const id = 'dep-20260101T000000000Z-e001';
  const paths = layout.release(id);
  const workflows = [PRINTER, OTHER].map((name) => {
    const key = name.split('-')[1] as string;
    return { name, workflowId: `workflow_${key}`, file: `workflows/${name}.py`, graph: `./workflows/${name}.py:graph`, agentConfig: `configs/agent-${key}-config.json` };
  });
  await store.create({ id, environment: 'production', workflows, secretNames: ['ANTHROPIC_API_KEY', 'LANGGRAPH_AES_KEY', 'OPENAI_API_KEY'] });
  for (const dir of [paths.workflows, paths.configs, layout.checkpoints, layout.logs, layout.metrics]) await mkdir(dir, { recursive: true });
  for (const w of workflows) {
    await copyFile(path.join(FIXTURES, `${w.name}.py`), path.join(paths.dir, w.file));
    await copyFile(path.join(FIXTURES, path.basename(w.agentConfig)), path.join(paths.dir, w.agentConfig));
  }
  const checkpoints = checkpointConfigFor(layout, defaultSettings('production').checkpoints);
  expect(checkpoints).toMatchObject({ encryption_enabled: true });
  await writeFile(path.join(paths.configs, 'checkpoint-config.json'), JSON.stringify(checkpoints));
  await writeFile(path.join(paths.dir, '.env'), 'WORKFLOW_ENV=production\nORGANIZATION_NAME="Test Org"\n');
  await symlink(venv, paths.venv);
  await store.activate(id);
}

describe('least privilege for workflow processes', () => {
  it("gives a workflow its settings and its own model's key, never the store key, the checkpoint key, notifier URLs, other workflows' keys or the shell's variables", async () => {
    const dir = await tempDir();
    const root = path.join(dir, 'root');
    await productionRelease(root);
    const env = {
      EXEC_AUTOMATOR_SECRETS_KEY: STORE_KEY,
      XDG_CONFIG_HOME: path.join(dir, 'config'),
      ...Object.fromEntries(Object.entries(SECRETS).map(([k, v]) => [`SRC_${k}`, v])),
    };
    const common = ['--environment=production', '--root', root];
    for (const name of Object.keys(SECRETS)) {
      const set = await runCli(['secrets', 'set', name, '--from-env', `SRC_${name}`, ...common], { env });
      expect(set.code, set.stderr).toBe(0);
    }
    // The operator's shell also holds the checkpoint key, a webhook and unrelated variables.
    const shell = { ...env, LANGGRAPH_AES_KEY: SECRETS.LANGGRAPH_AES_KEY, SLACK_WEBHOOK_URL: SECRETS.SLACK_WEBHOOK_URL, OPERATOR_SHELL_NOTE: 'x', AWS_SECRET_ACCESS_KEY: 'aws-x', LC_ALL: 'C.UTF-8' };
    const run = await runCli(['invoke', PRINTER, ...common], { env: shell });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('COMPLETED');
    const printed = run.stderr.split('\n').find((line) => line.includes('WORKFLOW-ENVIRONMENT '));
    expect(printed, run.stderr).toBeDefined();
    const names = JSON.parse((printed as string).slice((printed as string).indexOf('WORKFLOW-ENVIRONMENT ') + 'WORKFLOW-ENVIRONMENT '.length)) as string[];
    expect(names).toEqual(expect.arrayContaining(['ANTHROPIC_API_KEY', 'WORKFLOW_ENV', 'ORGANIZATION_NAME', 'PATH', 'HOME', 'LC_ALL']));
    for (const absent of ['EXEC_AUTOMATOR_SECRETS_KEY', 'LANGGRAPH_AES_KEY', 'OPENAI_API_KEY', 'SLACK_WEBHOOK_URL', 'OPERATOR_SHELL_NOTE', 'AWS_SECRET_ACCESS_KEY', 'SRC_ANTHROPIC_API_KEY', 'XDG_CONFIG_HOME']) {
      expect(names, absent).not.toContain(absent);
    }
    for (const value of [...Object.values(SECRETS), STORE_KEY]) expect(run.stdout + run.stderr).not.toContain(value);
  });
});
