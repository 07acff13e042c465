import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '@exec-automator/core/secrets';

describe('Redactor', () => {
  it('masks registered values in text and nested data, longest first', () => {
    const redactor = new Redactor();
    redactor.add('sk-ant-secret', 'sk-ant-secret-longer', 'abc');
    expect(redactor.size).toBe(2);
    expect(redactor.redact('key=sk-ant-secret-longer and sk-ant-secret')).toBe(`key=${REDACTED} and ${REDACTED}`);
    const deep = redactor.redactDeep({ a: ['x sk-ant-secret y', { b: 'sk-ant-secret' }], n: 1 });
    expect(deep).toEqual({ a: [`x ${REDACTED} y`, { b: REDACTED }], n: 1 });
  });
});
