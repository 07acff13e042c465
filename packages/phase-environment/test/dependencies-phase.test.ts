import { readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentLayout } from '@exec-automator/core';
import { deployWith, tempDirs } from './helpers/pipeline.js';

const tempDir = tempDirs();

describe('dependency installation', () => {
  it('reuses the venv with no installer run while the lock is unchanged, and gets a new one beside it when it changes', async () => {
    const root = path.join(await tempDir(), 'root');
    const layout = new EnvironmentLayout(root, 'dev');

    const first = await deployWith(root, 'dev');
    expect(first.result.status, JSON.stringify(first.result.error)).toBe('SUCCESS');
    // built, or adopted by hard links when the cache already has the venv of this lock (the
    // validation venv of an earlier deployment): never more than one installer run
    expect(first.installs).toBeLessThanOrEqual(1);
    const firstId = first.result.id;
    const lock = await readFile(path.join(layout.release(firstId).dir, 'requirements.lock'), 'utf8');
    expect(lock).toMatch(/^langgraph==/m);
    const installed = JSON.parse(await readFile(path.join(layout.release(firstId).dir, 'installed-packages.json'), 'utf8')) as Array<{ name: string }>;
    expect(installed.some((p) => p.name.toLowerCase() === 'langgraph')).toBe(true);

    const second = await deployWith(root, 'dev');
    expect(second.result.status).toBe('SUCCESS');
    expect(second.installs).toBe(0);
    const deps = second.result.phases.find((p) => p.name === 'dependencies');
    expect(deps?.data).toMatchObject({ reused: true, lockReusedFrom: firstId });
    expect(await readFile(path.join(layout.release(second.result.id).dir, 'requirements.lock'), 'utf8')).toBe(lock);

    const third = await deployWith(root, 'dev', { settings: { additionalDependencies: ['six>=1.16'] } });
    expect(third.result.status, JSON.stringify(third.result.error)).toBe('SUCCESS');
    expect(third.installs).toBeLessThanOrEqual(1);
    expect(await readdir(layout.venvs)).toHaveLength(2);
    // The first release still runs with its own venv: a rollback gets it back.
    expect(await realpath(layout.release(firstId).venv)).not.toBe(await realpath(layout.release(third.result.id).venv));
    const requirements = await readFile(path.join(layout.release(third.result.id).dir, 'requirements.txt'), 'utf8');
    expect(requirements).toContain('six>=1.16');
  });

  it('fails with WORKFLOW_TOOL_MISSING, downloading nothing, when a declared tool is not installed', async () => {
    const root = path.join(await tempDir(), 'root');
    const missing = await deployWith(root, 'dev', { agentExtras: { required_tools: ['sh', 'exec-automator-no-such-tool', 'playwright:chromium'] } });
    expect(missing.result.status).toBe('FAILED');
    expect(missing.result.error?.code).toBe('WORKFLOW_TOOL_MISSING');
    expect(missing.installs).toBe(0);
    const details = missing.result.error?.details as { missing: Array<{ spec: string }> };
    // both example workflows declare them; `sh` is on PATH
    expect(new Set(details.missing.map((m) => m.spec))).toEqual(new Set(['exec-automator-no-such-tool', 'playwright:chromium']));
    expect(missing.result.release?.switched ?? false).toBe(false);
  });
});
