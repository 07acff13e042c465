import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidationCode } from '../src/validation-codes.js';
import { FIXTURES, tempDirs, validate, type Validation } from './helpers/validate.js';

const tempDir = tempDirs();
const BROKEN = path.join(FIXTURES, 'broken');

/**
 * One defect per workflow of the corpus: its code, the file it is reported in, and the line. A
 * static finding on a graph LangGraph compiles is a warning (static reading may be wrong where
 * LangGraph is not): an unreachable node and a loop without exit compile, so they warn.
 */
const DEFECTS: Array<{ workflow: string; code: ValidationCode; file: string; line?: RegExp | number; severity?: 'warning' }> = [
  { workflow: 'e01-dangling-edge', code: 'EDGE_UNKNOWN_NODE', file: 'workflow-e01-dangling-edge.py', line: /add_edge\("first", "secnd"\)/ },
  { workflow: 'e02-no-entry-point', code: 'ENTRY_POINT_MISSING', file: 'workflow-e02-no-entry-point.py', line: /StateGraph\(State\)/ },
  { workflow: 'e03-never-compiled', code: 'COMPILE_MISSING', file: 'workflow-e03-never-compiled.py', line: /StateGraph\(State\)/ },
  { workflow: 'e04-unreachable-node', code: 'NODE_UNREACHABLE', file: 'workflow-e04-unreachable-node.py', line: /add_node\("orphan"/, severity: 'warning' },
  { workflow: 'e05-dead-end', code: 'NODE_DEAD_END', file: 'workflow-e05-dead-end.py', line: /add_node\("stuck"/, severity: 'warning' },
  { workflow: 'e06-duplicate-node', code: 'DUPLICATE_NODE', file: 'workflow-e06-duplicate-node.py', line: /add_node\("first", second\)/ },
  { workflow: 'e07-syntax-error', code: 'PYTHON_SYNTAX_ERROR', file: 'workflow-e07-syntax-error.py', line: /def broken/ },
  { workflow: 'e08-missing-import', code: 'MISSING_IMPORT', file: 'workflow-e08-missing-import.py', line: /= StateGraph\(State\)/ },
  { workflow: 'e09-config-missing-fields', code: 'AGENT_CONFIG_FIELD_MISSING', file: 'agent-e09-config.json' },
  { workflow: 'e10-unknown-model', code: 'MODEL_UNSUPPORTED', file: 'agent-e10-config.json', line: /"model"/ },
  { workflow: 'e11-undefined-tool', code: 'TOOL_NOT_DEFINED', file: 'agent-e11-config.json', line: /"send_email"/ },
  { workflow: 'e12-hitl-node-missing', code: 'HITL_NODE_NOT_IN_GRAPH', file: 'agent-e12-config.json', line: /"approval"/ },
  { workflow: 'e13-invalid-json', code: 'AGENT_CONFIG_INVALID_JSON', file: 'agent-e13-config.json', line: 5 },
  { workflow: 'e14-hung-test', code: 'TEST_TIMEOUT', file: 'workflow-e14-hung-test.tests.json' },
  { workflow: 'e15-hitl-not-configured', code: 'HITL_NOT_CONFIGURED', file: 'agent-e15-config.json', line: /"second"/ },
  { workflow: 'e16-hitl-trigger-missed', code: 'TEST_HITL_MISMATCH', file: 'workflow-e16-hitl-trigger-missed.tests.json' },
  { workflow: 'e17-import-raises', code: 'GRAPH_LOAD_FAILED', file: 'workflow-e17-import-raises.py', line: /SETTINGS\["timeout"\]/ },
  { workflow: 'e18-bad-tests-file', code: 'TESTS_FILE_INVALID', file: 'workflow-e18-bad-tests-file.tests.json', line: /"inputs"/ },
];

async function lineMatching(file: string, pattern: RegExp): Promise<number> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const index = lines.findIndex((l) => pattern.test(l));
  if (index === -1) throw new Error(`${pattern} not found in ${file}`);
  return index + 1;
}

async function fileIn(name: string): Promise<string> {
  return name.endsWith('.tests.json') ? path.join(BROKEN, 'tests', name) : path.join(BROKEN, name);
}

describe('the broken-workflow corpus (one validation run, real Python and LangGraph)', () => {
  let run: Validation;
  beforeAll(async () => {
    run = await validate(await tempDir(), BROKEN);
  });

  it.each(DEFECTS)('reports $workflow as $code, with file and line', async ({ workflow, code, file, line, severity }) => {
    const found = run.issues.filter((i) => i.workflow === `workflow-${workflow}.py` && i.code === code);
    expect(found.length, JSON.stringify(run.issues.filter((i) => i.workflow === `workflow-${workflow}.py`), null, 2)).toBeGreaterThan(0);
    const issue = found[0] as (typeof found)[number];
    expect(issue.severity).toBe(severity ?? 'error');
    if (severity === 'warning') expect(issue.message).toContain('LangGraph compiled the graph');
    expect(issue.file).toBe(await fileIn(file));
    if (line !== undefined) expect(issue.line).toBe(typeof line === 'number' ? line : await lineMatching(issue.file as string, line));
    expect(issue.fix ?? '').not.toBe('');
  });

  it('finds every defect in one run and refuses the deployment with VALIDATION_FAILED', () => {
    expect(run.result.status).toBe('FAILED');
    expect(run.result.error?.code).toBe('VALIDATION_FAILED');
    expect(run.report.deployment_approved).toBe(false);
    const failed = run.report.workflows_validated.filter((w) => w.validation_status === 'failed').map((w) => w.workflow_file);
    const errors = DEFECTS.filter((d) => d.severity !== 'warning');
    expect(failed).toEqual(errors.map((d) => `workflow-${d.workflow}.py`));
    for (const { code } of errors) expect(run.result.error?.message).toContain(`[${code}]`);
  });

  it('names each missing required agent-config field', () => {
    const missing = run.issues.filter((i) => i.code === 'AGENT_CONFIG_FIELD_MISSING').map((i) => i.message);
    for (const field of ['agent_id', 'agent_name', 'model', 'system_prompt', 'tools', 'monitoring']) {
      expect(missing).toContain(`required field "${field}" is missing`);
    }
  });

  it("reports LangGraph's own compile errors verbatim next to the static findings", () => {
    const compile = run.issues.filter((i) => i.code === 'GRAPH_COMPILE_FAILED');
    expect(compile.map((i) => i.workflow).sort()).toEqual(['workflow-e01-dangling-edge.py', 'workflow-e02-no-entry-point.py', 'workflow-e06-duplicate-node.py']);
    expect(compile.find((i) => i.workflow.includes('e01'))?.message).toContain('Found edge ending at unknown node `secnd`');
    expect(compile.find((i) => i.workflow.includes('e06'))?.message).toContain('Node `first` already present.');
  });

  it('kills the hung test case at its timeout and goes on with a fresh worker', () => {
    const e14 = run.report.workflows_validated.find((w) => w.workflow_file === 'workflow-e14-hung-test.py');
    expect(e14?.errors.map((e) => e.code)).toEqual(['TEST_TIMEOUT']);
    expect(e14?.errors[0]?.message).toContain('did not finish within 2 s');
    // 3 cases of e14 and 2 of e16 ran; the case after the hung one passed on a new worker
    expect([run.report.tests_executed, run.report.tests_passed, run.report.tests_failed]).toEqual([5, 3, 2]);
  });

  it('counts the checks actually run', () => {
    for (const w of run.report.workflows_validated) {
      expect(w.checks_completed).toBe(w.checks_passed + w.checks_failed);
      expect(w.checks_failed).toBe(new Set(w.errors.map((e) => e.check)).size);
    }
    const syntax = run.report.workflows_validated.find((w) => w.workflow_file === 'workflow-e07-syntax-error.py');
    const clean = run.report.workflows_validated.find((w) => w.workflow_file === 'workflow-e10-unknown-model.py');
    // a file that does not parse skips every check that needs its structure
    expect(syntax?.checks_completed).toBeLessThan(clean?.checks_completed ?? 0);
  });
});
