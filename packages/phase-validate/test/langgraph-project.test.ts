import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Deployer } from '@exec-automator/core';
import { EnvSecretsBackend } from '@exec-automator/core/secrets';
import { validatePhase } from '../src/index.js';
import { FIXTURES, tempDirs, validate } from './helpers/validate.js';

const tempDir = tempDirs();
const PROJECT = path.join(FIXTURES, 'langgraph-project');

describe('a langgraph.json project as the source', () => {
  it('validates each usable graph like a workflow and reports bad entries the way `langgraph validate` does', async () => {
    const { report, issues } = await validate(await tempDir(), PROJECT);
    const config = path.join(PROJECT, 'langgraph.json');
    // the one valid graph was discovered, loaded, compiled and tested; its id is the graph id,
    // verbatim, and its file keeps its path in the project
    expect(report.workflows_validated.map((w) => [w.workflow_id, w.workflow_file, w.validation_status])).toEqual([
      ['support', 'agents/support.py', 'passed'],
    ]);
    expect([report.tests_executed, report.tests_passed]).toEqual([1, 1]);
    const fromConfig = issues.filter((i) => i.file === config).map((i) => [i.severity, i.code, i.message]);
    expect(fromConfig).toEqual([
      ['error', 'LANGGRAPH_GRAPH_FILE_MISSING', `Could not find local module: ${path.join(PROJECT, 'agents', 'billing.py')}`],
      ['error', 'LANGGRAPH_GRAPH_REF_INVALID', 'Import string "./agents/support.py" must be in format "<module>:<attribute>".'],
      ['error', 'LANGGRAPH_GRAPH_FILE_MISSING', `Local module must be a file: ${path.join(PROJECT, 'agents')}`],
      ['error', 'LANGGRAPH_GRAPH_REF_INVALID', "Graph 'listed' must be a string or a dictionary with a 'path' key."],
      ['warning', 'LANGGRAPH_CONFIG_UNKNOWN_KEY', "Unknown key 'deploy_target' is not a recognized config field."],
      ['warning', 'LANGGRAPH_CONFIG_UNKNOWN_KEY', "Unknown key 'pyhton_version' — did you mean 'python_version'?"],
    ]);
    const line = (code: string, message: string): number | undefined => issues.find((i) => i.code === code && i.message.includes(message))?.line;
    expect(line('LANGGRAPH_GRAPH_FILE_MISSING', 'billing.py')).toBe(5);
    expect(line('LANGGRAPH_CONFIG_UNKNOWN_KEY', 'pyhton_version')).toBe(11);
    expect(report.deployment_approved).toBe(false);
  });

  it('fails with LANGGRAPH_CONFIG_INVALID when langgraph.json is the only source and is not valid JSON', async () => {
    const deployer = new Deployer({ root: await tempDir(), phases: [validatePhase()], secrets: new EnvSecretsBackend({}) });
    const result = await deployer.deploy({ source: path.join(FIXTURES, 'langgraph-invalid-json'), validateOnly: true });
    expect(result.status).toBe('FAILED');
    expect(result.error?.code).toBe('LANGGRAPH_CONFIG_INVALID');
    expect(result.error?.message).toContain('Invalid JSON in');
  });
});
