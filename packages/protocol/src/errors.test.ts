import { describe, expect, it } from 'vitest';
import { fail, isRetryable, isWireError } from './errors.js';

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

  it('calls only rate_limited and unavailable retryable', () => {
    expect(isRetryable({ code: 'rate_limited', message: 'wait' })).toBe(true);
    expect(isRetryable({ code: 'unavailable', message: 'storage' })).toBe(true);
    expect(isRetryable({ code: 'internal', message: 'bug' })).toBe(false);
    expect(isRetryable({ code: 'unavailable' })).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });
});
