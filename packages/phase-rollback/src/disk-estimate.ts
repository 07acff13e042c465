import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { PhaseOutcome, WorkflowSpec } from '@exec-automator/core';

/** A source file and its size. */
export interface SizedFile {
  /** Absolute path. */
  path: string;
  /** Size in bytes. */
  bytes: number;
}

/** The disk space a deployment would need, as far as it can be known before it runs. */
export interface DiskEstimate {
  /** Total estimate in bytes. */
  bytes: number;
  /** Bytes the phases' plans state. */
  plannedBytes: number;
  /** Bytes of source files copied into the release that no planned action sized. */
  sourceBytes: number;
  /** Planned actions whose size is unknown (venv creation, installs, generated files without `bytes`). */
  unsized: number;
  /** True when a venv would be created or packages installed (their size is not included). */
  includesInstall: boolean;
}

/** Sizes of every source file a deployment copies: workflows, agent configs, test cases. */
export async function sizeSourceFiles(workflows: readonly WorkflowSpec[]): Promise<SizedFile[]> {
  const files = workflows.flatMap((w) => [w.file, w.agentConfigFile, w.testsFile]).filter((f): f is string => !!f);
  const out: SizedFile[] = [];
  for (const file of new Set(files)) {
    try {
      out.push({ path: file, bytes: (await stat(file)).size });
    } catch {
      // validation reports a missing file; the estimate just leaves it out
    }
  }
  return out;
}

/**
 * Sums the `bytes` the planned actions state, plus the size of each source file whose copy no
 * planned action sized (matched by file name, so a file is never counted twice).
 */
export function estimateDisk(phases: readonly PhaseOutcome[], sourceFiles: readonly SizedFile[]): DiskEstimate {
  const actions = phases.flatMap((p) => p.plan ?? []);
  const sourceNames = new Set(sourceFiles.map((f) => path.basename(f.path)));
  const sized = new Set<string>();
  let plannedBytes = 0;
  let unsized = 0;
  for (const action of actions) {
    const name = action.target ? path.basename(action.target) : undefined;
    if (typeof action.bytes === 'number') {
      plannedBytes += action.bytes;
      if (name) sized.add(name);
    } else if (['write-file', 'copy-file', 'create-venv', 'install'].includes(action.kind) && !(name && sourceNames.has(name))) {
      unsized += 1; // a copy of a source file is sized by the source file itself
    }
  }
  const sourceBytes = sourceFiles.filter((f) => !sized.has(path.basename(f.path))).reduce((sum, f) => sum + f.bytes, 0);
  return {
    bytes: plannedBytes + sourceBytes,
    plannedBytes,
    sourceBytes,
    unsized,
    includesInstall: actions.some((a) => a.kind === 'create-venv' || a.kind === 'install'),
  };
}
