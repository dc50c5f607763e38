import type { FormField } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { checkOfflineForm } from './offline-form.js';

const fields: FormField[] = [
  { name: 'name', label: 'Name', type: 'text', required: false },
  { name: 'email', label: 'Email', type: 'email', required: true },
  { name: 'message', label: 'Message', type: 'textarea', required: true },
];

describe('the offline form check', () => {
  it('keeps the filled fields, trimmed, and drops blank optional ones', () => {
    expect(checkOfflineForm(fields, { name: ' ', email: ' ada@example.com ', message: 'Hi' })).toEqual({
      ok: true,
      value: { email: 'ada@example.com', message: 'Hi' },
    });
  });

  it.each([
    [{ email: 'ada@example.com' }, 'Message is required'],
    [{ email: 'not-an-email', message: 'Hi' }, 'Email must be an email address'],
    [{ email: 'ada@example.com', message: 'Hi', phone: '123' }, 'The form has no field "phone"'],
  ])('refuses %j: %s', (values, message) => {
    expect(checkOfflineForm(fields, values)).toEqual({
      ok: false,
      error: { code: 'invalid_payload', message },
    });
  });
});
