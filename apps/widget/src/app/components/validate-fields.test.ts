import type { FormField } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { validateFields } from './validate-fields.js';

const fields: FormField[] = [
  { name: 'name', label: 'Your name', type: 'text', required: false },
  { name: 'email', label: 'Email', type: 'email', required: true },
  { name: 'message', label: 'Message', type: 'textarea', required: true },
  { name: 'backup', label: 'Other email', type: 'email', required: false },
];

describe('validateFields', () => {
  it('asks for every required field left blank (or only spaces)', () => {
    expect(validateFields(fields, { message: '   ' })).toEqual({
      email: 'form.required',
      message: 'form.required',
    });
  });

  it('checks the format of email fields, optional ones only when filled in', () => {
    expect(validateFields(fields, { email: 'ada@example', message: 'Hi', backup: 'nope' })).toEqual({
      email: 'form.email',
      backup: 'form.email',
    });
    expect(validateFields(fields, { email: ' ada@example.com ', message: 'Hi' })).toEqual({});
  });
});
