import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentLayout, type EnvironmentName, ReleaseStore } from '@exec-automator/core';
import { checkpointConfigFor, defaultSettings } from '@exec-automator/core/config';
import { BASE_REQUIREMENTS, ensureVenv, findPython, resolveInstaller } from '@exec-automator/core/python';
import { newOperationId } from '@exec-automator/core/util';

/** The fixture source directory: one workflow that fails, sleeps, asks a model or interrupts on request. */
export const OPS_WORKFLOWS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/ops-workflows');
/** The fixture workflow's name. */
export const OPS_WORKFLOW = 'workflow-ops_901-flaky-ops';
/** Its seed workflow id. */
export const OPS_WORKFLOW_ID = 'workflow_ops_901';

let venv: Promise<string> | undefined;

/**
 * A venv with the seed's base requirements (langgraph, langchain-anthropic, the SQLite
 * checkpointer), shared by test files through core's venv cache (`<tmp>/exec-automator-test-venvs`,
 * keyed by the requirements hash); `EXEC_AUTOMATOR_TEST_VENV` names a ready one.
 */
export function testVenv(): Promise<string> {
  venv ??= (async () => {
    if (process.env.EXEC_AUTOMATOR_TEST_VENV) return path.resolve(process.env.EXEC_AUTOMATOR_TEST_VENV);
    const python = await findPython();
    const built = await ensureVenv({
      baseDir: path.join(os.tmpdir(), 'exec-automator-test-venvs'),
      requirements: `${BASE_REQUIREMENTS.join('\n')}\n`,
      python,
      installer: await resolveInstaller(python, 'auto'),
    });
    return built.path;
  })();
  return venv;
}

/** A deployed fixture: an environment whose current release holds the ops workflow. */
export interface DeployedFixture {
  root: string;
  layout: EnvironmentLayout;
  releaseId: string;
  cleanup: () => Promise<void>;
}

/**
 * Lays out a release of the fixture the way the release phase does (workflows/, configs/ with
 * agent config and checkpoint-config.json, tests/, `.env`, `venv` link, release.json) and makes
 * it current. No deploy pipeline: core's tests stay inside core.
 */
export async function deployFixture(environment: EnvironmentName = 'dev'): Promise<DeployedFixture> {
  const venvDir = await testVenv();
  const root = await mkdtemp(path.join(os.tmpdir(), 'ea-executions-'));
  const layout = new EnvironmentLayout(root, environment);
  const releases = new ReleaseStore(layout);
  const id = newOperationId('dep');
  const paths = layout.release(id);
  await releases.create({
    id,
    environment,
    source: OPS_WORKFLOWS,
    workflows: [
      {
        name: OPS_WORKFLOW,
        workflowId: OPS_WORKFLOW_ID,
        file: `workflows/${OPS_WORKFLOW}.py`,
        graph: `./workflows/${OPS_WORKFLOW}.py:graph`,
        agentConfig: 'configs/agent-ops_901-config.json',
        tests: `tests/${OPS_WORKFLOW}.tests.json`,
      },
    ],
  });
  for (const dir of [paths.workflows, paths.configs, paths.tests, paths.monitoring, layout.checkpoints, layout.metrics, layout.logs]) await mkdir(dir, { recursive: true });
  await copyFile(path.join(OPS_WORKFLOWS, `${OPS_WORKFLOW}.py`), path.join(paths.workflows, `${OPS_WORKFLOW}.py`));
  await copyFile(path.join(OPS_WORKFLOWS, 'agent-ops_901-config.json'), path.join(paths.configs, 'agent-ops_901-config.json'));
  await copyFile(path.join(OPS_WORKFLOWS, 'tests', `${OPS_WORKFLOW}.tests.json`), path.join(paths.tests, `${OPS_WORKFLOW}.tests.json`));
  // The environment phase's files: SQLite checkpoints, JSON-lines logging to <env>/logs.
  await writeFile(path.join(paths.configs, 'checkpoint-config.json'), JSON.stringify(checkpointConfigFor(layout, defaultSettings(environment).checkpoints)));
  await writeFile(
    path.join(paths.configs, 'logging-config.json'),
    JSON.stringify({
      version: 1,
      disable_existing_loggers: false,
      formatters: { json: { class: 'pythonjsonlogger.jsonlogger.JsonFormatter', format: '%(asctime)s %(levelname)s %(name)s %(message)s' } },
      handlers: { file: { class: 'logging.FileHandler', filename: path.join(layout.logs, 'workflows.log'), formatter: 'json' } },
      root: { level: 'INFO', handlers: ['file'] },
    }),
  );
  await writeFile(path.join(paths.dir, '.env'), `WORKFLOW_ENV=${environment}\nDEPLOYMENT_ID=${id}\nORGANIZATION_NAME="Test Org"\n`);
  await symlink(venvDir, paths.venv);
  await releases.activate(id);
  return { root, layout, releaseId: id, cleanup: () => rm(root, { recursive: true, force: true }) };
}
