import { readFile } from 'node:fs/promises';
import type { WorkflowSpec } from '@exec-automator/core';
import type { WorkflowCheck } from './health-report.js';

/** The file name of the seed's workflow registry inside `<release>/configs/`. */
export const REGISTRY_FILE_NAME = 'workflow-registry.json';

/** One entry of the seed's `workflow-registry.json` (the fields the health phase reads). */
interface RegistryEntry {
  workflow_id?: unknown;
  workflow_file?: unknown;
  deployment_status?: unknown;
}

/** The registry's workflows, or why they could not be read. */
export type RegistryRead = { entries: RegistryEntry[] } | { problem: string };

/** Reads the workflow registry; a missing or malformed file is reported, not thrown. */
export async function readRegistry(file: string): Promise<RegistryRead> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? `registry missing: ${file}` : `registry unreadable: ${(error as Error).message}` };
  }
  const workflows = (json as { workflows?: unknown } | null)?.workflows;
  if (!Array.isArray(workflows)) return { problem: `registry ${file} has no workflows list` };
  return { entries: workflows.filter((w): w is RegistryEntry => typeof w === 'object' && w !== null) };
}

/** The seed's "verify workflow status": the registry lists the workflow as `active`. */
export function registryCheck(registry: RegistryRead, spec: WorkflowSpec): WorkflowCheck {
  const name = 'registry_active';
  if ('problem' in registry) return { name, passed: false, detail: registry.problem };
  const entry = registry.entries.find((e) => e.workflow_id === spec.workflowId || e.workflow_file === spec.fileName);
  if (!entry) return { name, passed: false, detail: `${spec.workflowId} is not in the workflow registry` };
  const status = String(entry.deployment_status ?? 'missing');
  return { name, passed: status === 'active', detail: `deployment_status: ${status}` };
}
