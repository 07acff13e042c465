import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { type PhaseContext } from '@exec-automator/core';
import { pathExists } from '@exec-automator/core/util';
import type { PreviousRelease } from './rollback-manifest.js';

/** The release a rollback would restore, or why there is none. */
export type PreviousLookup = { previous: PreviousRelease; reason?: undefined } | { previous?: undefined; reason: string };

/**
 * Reads the release that was current before this deployment: its metadata (through the release
 * store) and which of its files really exist, so the manifest only points at files that are there.
 */
export async function findPreviousRelease(ctx: PhaseContext, previousId: string | null): Promise<PreviousLookup> {
  if (!previousId) return { reason: 'No release was current before this deployment, so there is nothing to roll back to.' };
  let meta;
  try {
    meta = await ctx.releases.read(previousId);
  } catch (error) {
    return { reason: `The previous release ${previousId} cannot be read: ${(error as Error).message}` };
  }
  const paths = ctx.layout.release(previousId);
  const workflowFiles: string[] = [];
  for (const workflow of meta.workflows) {
    const file = path.join(paths.dir, workflow.file);
    if (await pathExists(file)) workflowFiles.push(path.basename(file));
  }
  const configFiles = await readdir(paths.configs).catch(() => [] as string[]);
  return { previous: { id: previousId, dir: paths.dir, status: meta.status, workflowFiles, configFiles } };
}
