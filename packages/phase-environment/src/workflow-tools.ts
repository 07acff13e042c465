import { access, readdir } from 'node:fs/promises';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deployError } from '@exec-automator/core';
import { type AgentConfig } from '@exec-automator/core/source';

/**
 * A tool a workflow needs outside Python packages, declared in its agent config as
 * `"required_tools": ["pdftotext", "playwright:chromium"]`: a command that must be on PATH, or a
 * Playwright browser (`playwright:<browser>`) that must already be installed.
 */
export interface RequiredTool {
  /** The workflow that declares it. */
  workflow: string;
  /** As declared. */
  spec: string;
  /** `command` or `playwright`. */
  kind: 'command' | 'playwright';
  /** Command or browser name. */
  name: string;
}

/** The tools the workflows declare (`required_tools` in their agent configs). */
export function requiredTools(configs: ReadonlyMap<string, AgentConfig> | undefined): RequiredTool[] {
  const tools: RequiredTool[] = [];
  for (const [workflow, config] of configs ?? []) {
    const declared = (config as { required_tools?: unknown }).required_tools;
    if (declared === undefined) continue;
    if (!Array.isArray(declared) || !declared.every((t) => typeof t === 'string' && t.trim() !== '')) {
      throw deployError('CONFIG_INVALID', `${workflow}: required_tools must be a list of tool names (e.g. ["pdftotext", "playwright:chromium"]).`, {
        details: { workflow, key: 'required_tools' },
      });
    }
    for (const spec of declared as string[]) {
      const [head, rest] = spec.split(':', 2) as [string, string | undefined];
      tools.push(head === 'playwright' && rest ? { workflow, spec, kind: 'playwright', name: rest } : { workflow, spec, kind: 'command', name: spec });
    }
  }
  return tools;
}

async function onPath(command: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const dirs = command.includes('/') ? [''] : (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    try {
      await access(dir ? path.join(dir, command) : command, constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/** Where Playwright keeps browsers: `PLAYWRIGHT_BROWSERS_PATH`, else its per-user cache. */
export function playwrightBrowsersDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PLAYWRIGHT_BROWSERS_PATH || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'ms-playwright');
}

async function hasBrowser(browser: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const entries = await readdir(playwrightBrowsersDir(env)).catch(() => [] as string[]);
  // Playwright installs `<browser>-<revision>` directories (chromium-1140, firefox-1465, ...).
  return entries.some((entry) => entry.startsWith(`${browser}-`));
}

/**
 * Checks every declared tool and throws `WORKFLOW_TOOL_MISSING` listing the missing ones with
 * the command that installs each. Nothing is downloaded: installing tools is the operator's call.
 */
export async function checkRequiredTools(tools: readonly RequiredTool[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const missing: Array<RequiredTool & { fix: string }> = [];
  for (const tool of tools) {
    if (tool.kind === 'command') {
      if (!(await onPath(tool.name, env))) missing.push({ ...tool, fix: `install "${tool.name}" so that it is on PATH` });
    } else if (!(await hasBrowser(tool.name, env))) {
      missing.push({ ...tool, fix: `run \`<env>/venv/bin/python -m playwright install ${tool.name}\` (browsers dir ${playwrightBrowsersDir(env)})` });
    }
  }
  if (missing.length === 0) return;
  throw deployError(
    'WORKFLOW_TOOL_MISSING',
    `Workflow tools are missing (nothing is downloaded during a deployment):\n  ${missing.map((m) => `${m.workflow}: ${m.spec}: ${m.fix}`).join('\n  ')}`,
    { details: { missing: missing.map(({ workflow, spec }) => ({ workflow, spec })) } },
  );
}
