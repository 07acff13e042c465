import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, FIXTURES, tempDirs, validate } from './helpers/validate.js';

const tempDir = tempDirs();

describe('dependency checks', () => {
  it('names an import nothing declares, at its line, without guessing a distribution, and still validates the rest', async () => {
    // No distribution is guessed from the import name (it could be someone else's package on
    // PyPI): the import is reported as undeclared, with where to declare it.
    const source = path.join(FIXTURES, 'unknown-import');
    const { report, issues } = await validate(await tempDir(), source, { skipTests: true });
    const found = issues.filter((i) => i.code === 'IMPORT_NOT_DECLARED');
    expect(found.map((i) => [i.file, i.line, i.message])).toEqual([
      [
        path.join(source, 'workflow-u01-unknown-import.py'),
        3,
        'module "exec_automator_fixture_no_such_module" is imported, but no declared dependency provides it (a distribution is never guessed from an import name)',
      ],
    ]);
    expect(found[0]?.fix).toContain('additionalDependencies');
    expect(issues.some((i) => i.code === 'REQUIREMENTS_INSTALL_FAILED')).toBe(false);
    expect(report.package_versions?.langgraph).toMatch(/^\d+\.\d+/);
    expect(report.deployment_approved).toBe(false);
  });

  it('reports a missing Python >= 3.10 and still checks what needs no Python', async () => {
    const { report, issues } = await validate(await tempDir(), EXAMPLES, { python: path.join(await tempDir(), 'no-python3'), skipTests: true });
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual(['PYTHON_VERSION_UNSUPPORTED']);
    expect(report.dependencies_validated).toBe(false);
    // agent configs were still read and checked
    for (const w of report.workflows_validated) expect(w.checks_completed).toBeGreaterThan(0);
  });
});
