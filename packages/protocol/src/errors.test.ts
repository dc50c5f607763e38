import { describe, expect, it } from 'vitest';
import { fail, isWireError } from './errors.js';

describe('wire errors', () => {
  it('builds a failed result', () => {
    expect(fail('not_found', 'No such session')).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No such session' },
    });
  });

  it('recognises only known codes', () => {
    expect(isWireError({ code: 'forbidden', message: 'no' })).toBe(true);
    expect(isWireError({ code: 'teapot', message: 'no' })).toBe(false);
    expect(isWireError({ code: 'forbidden' })).toBe(false);
    expect(isWireError(null)).toBe(false);
  });
});
