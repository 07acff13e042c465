import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import {
  type ConfigFile,
  Deployer,
  type DeployerEvent,
  type DeploymentResult,
  type EnvironmentName,
  type EnvironmentSettingsInput,
  type Phase,
} from '@exec-automator/core';
import { type AgentConfig } from '@exec-automator/core/source';
import { dependenciesPhase, environmentPhase } from '../../src/index.js';
import { Facts } from '../../src/facts.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO = path.resolve(here, '..', '..', '..', '..');
/** The example workflows (a real source directory for the Deployer). */
export const EXAMPLES = path.join(REPO, 'examples', 'workflows');
/** A small graph that keeps its input in the state and logs from a node. */
export const MARKER_GRAPH = path.join(REPO, 'packages', 'core', 'python', 'tests', 'fixtures', 'marker_graph.py');

/** Temp directories removed after the file's tests. */
export function tempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-env-'));
    dirs.push(dir);
    return dir;
  };
}

/**
 * Stands in for phases 1 and 4, which live in other packages: publishes the agent configs the
 * validate phase would (with extra fields), and switches `current` like the release phase.
 */
function stubPhases(agentExtras: Record<string, unknown>): { validate: Phase; release: Phase } {
  return {
    validate: {
      name: 'stub-validate',
      title: 'Pre-Deployment Validation',
      kind: 'check',
      async run(ctx) {
        const configs = new Map<string, AgentConfig>();
        for (const w of ctx.workflows) {
          if (!w.agentConfigFile) continue;
          configs.set(w.name, { ...(JSON.parse(await readFile(w.agentConfigFile, 'utf8')) as AgentConfig), ...agentExtras });
        }
        ctx.set(Facts.agentConfigs, configs);
        return { summary: `${configs.size} agent configs` };
      },
    },
    release: {
      name: 'stub-release',
      title: 'Workflow Deployment',
      kind: 'release',
      async run(ctx) {
        await ctx.activateRelease();
        return { summary: 'released' };
      },
    },
  };
}

/** One deployment through the real environment and dependencies phases, with its events. */
export interface Deployed {
  result: DeploymentResult;
  events: DeployerEvent[];
  installs: number;
}

/** Deploys the examples to `environment` under `root` through this package's two phases. */
export async function deployWith(
  root: string,
  environment: EnvironmentName,
  options: { config?: ConfigFile; settings?: EnvironmentSettingsInput; agentExtras?: Record<string, unknown> } = {},
): Promise<Deployed> {
  const { validate, release } = stubPhases(options.agentExtras ?? {});
  const deployer = new Deployer({
    root,
    phases: [validate, environmentPhase(), dependenciesPhase(), release],
    ...(options.config ? { config: options.config } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const events: DeployerEvent[] = [];
  deployer.on('event', (e) => events.push(e));
  const result = await deployer.deploy({ source: EXAMPLES, environment });
  return { result, events, installs: events.filter((e) => e.type === 'python:install').length };
}

export { filesUnder } from '../../../cli/test/helpers/cli.js';
