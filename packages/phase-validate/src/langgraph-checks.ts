import { readLanggraphConfig } from '@exec-automator/core/source';
import type { CheckTally } from './check-tally.js';

/**
 * Checks the source's `langgraph.json`, when it has one, the way `langgraph validate` does:
 * invalid JSON, unknown keys (warnings, with "did you mean"), and `graphs` entries that are not a
 * `./path.py:variable` reference to an existing file. Usable graphs were already discovered as
 * workflows and get every workflow check.
 */
export async function langgraphConfigChecks(sourceDir: string, tally: CheckTally): Promise<void> {
  const project = await readLanggraphConfig(sourceDir);
  if (!project) return;
  tally.record(
    'langgraph.json',
    project.issues.map((issue) => ({
      code: issue.code,
      severity: issue.severity,
      file: project.file,
      ...(issue.line ? { line: issue.line } : {}),
      message: issue.message,
      ...(issue.fix ? { fix: issue.fix } : {}),
    })),
  );
}
