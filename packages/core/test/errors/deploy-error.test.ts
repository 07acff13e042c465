import { describe, expect, it } from 'vitest';
import { deployError, toDeployError } from '../../src/errors/deploy-error.js';

describe('wrapping errors', () => {
  it('keeps the code of a wrapped error as causeCode, and the cause itself, in the JSON shape', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/x/y'"), { code: 'ENOENT' });
    const wrapped = toDeployError(enoent, 'PHASE_FAILED', 'release');
    expect(wrapped.toJSON()).toEqual({ code: 'PHASE_FAILED', message: enoent.message, phase: 'release', causeCode: 'ENOENT' });
    const plugin = Object.assign(new Error('approval timed out'), { code: 'APPROVAL_TIMEOUT' });
    const outer = deployError('RELEASE_FAILED', 'Could not write the release.', { cause: plugin });
    expect(outer.toJSON()).toMatchObject({ code: 'RELEASE_FAILED', causeCode: 'APPROVAL_TIMEOUT', cause: 'Error: approval timed out' });
  });

  it('keeps a DeployError as it is, adding only the phase', () => {
    const inner = deployError('RUNNER_TIMEOUT', 'Timed out.');
    const wrapped = toDeployError(inner, 'PHASE_FAILED', 'validate');
    expect(wrapped.code).toBe('RUNNER_TIMEOUT');
    expect(wrapped.toJSON()).toEqual({ code: 'RUNNER_TIMEOUT', message: 'Timed out.', phase: 'validate' });
  });
});
