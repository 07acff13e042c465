import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EnvironmentLayout } from '@exec-automator/core';

/** What `<env>/server.json` holds while a server runs. */
export interface ServerStateFile {
  /** The server's process id. */
  pid: number;
  /** Its base URL. */
  url: string;
  /** Listening address. */
  host: string;
  /** Listening port. */
  port: number;
  /** Whether API keys are required. */
  auth: boolean;
  /** Whether runs may carry recorded chat-model responses (`serve --simulate`). */
  simulate?: boolean;
  /** When it started (ISO time). */
  started_at: string;
}

/** The state file of a server of `layout`'s environment. */
export function serverStateFile(layout: EnvironmentLayout): string {
  return path.join(layout.dir, 'server.json');
}

/**
 * The server of the environment as its state file tells (`null` without one), with `running`
 * false when that process is gone (a server killed with SIGKILL leaves its file behind).
 */
export async function readServerState(layout: EnvironmentLayout): Promise<(ServerStateFile & { running: boolean }) | null> {
  let state: ServerStateFile;
  try {
    state = JSON.parse(await readFile(serverStateFile(layout), 'utf8')) as ServerStateFile;
  } catch {
    return null;
  }
  let running = true;
  try {
    process.kill(state.pid, 0);
  } catch (error) {
    running = (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return { ...state, running };
}
