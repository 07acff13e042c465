import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * The report files that accumulate in `<env>/`, one per operation: the deployment reports, the
 * error logs of failed deployments and the validation reports of `--validate-only` runs. Each
 * kind keeps its newest `keep` (their names end in a sortable timestamp).
 */
const KINDS: ReadonlyArray<{ dir: string; stem: RegExp }> = [
  { dir: '', stem: /^(DEPLOYMENT-REPORT-.+)\.md$/ },
  { dir: '', stem: /^(deployment-errors-.+)\.json$/ },
  // A validation report is a pair (.json + .md) with one timestamp: kept or removed together.
  { dir: 'validation', stem: /^(validation-report-.+)\.(?:json|md)$/ },
];

/** The report files of `envDir` beyond the newest `keep` of each kind, oldest first. */
export async function reportsBeyond(envDir: string, keep: number): Promise<string[]> {
  const out: string[] = [];
  for (const kind of KINDS) {
    const dir = path.join(envDir, kind.dir);
    const names = await readdir(dir).catch(() => [] as string[]);
    const byStem = new Map<string, string[]>();
    for (const name of names) {
      const stem = kind.stem.exec(name)?.[1];
      if (stem) byStem.set(stem, [...(byStem.get(stem) ?? []), name]);
    }
    const stems = [...byStem.keys()].sort();
    for (const stem of stems.slice(0, Math.max(0, stems.length - keep))) {
      for (const name of (byStem.get(stem) ?? []).sort()) out.push(path.join(dir, name));
    }
  }
  return out;
}

/** Removes the report files of `envDir` beyond the newest `keep` of each kind; returns what it removed. */
export async function pruneReports(envDir: string, keep: number): Promise<string[]> {
  const old = await reportsBeyond(envDir, keep);
  for (const file of old) await rm(file, { force: true });
  return old;
}
