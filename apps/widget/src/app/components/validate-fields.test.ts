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

  it('checks phones, and that a required box is ticked', () => {
    const prechat: FormField[] = [
      { name: 'phone', label: 'Phone', type: 'tel', required: false },
      { name: 'consent', label: 'I agree', type: 'checkbox', required: true },
      { name: 'topic', label: 'Topic', type: 'select', required: true, options: ['A', 'B'] },
    ];
    expect(validateFields(prechat, { phone: 'call me', consent: '' })).toEqual({
      phone: 'form.phone',
      consent: 'form.required',
      topic: 'form.required',
    });
    expect(validateFields(prechat, { phone: '+44 20 7946 0958', consent: 'true', topic: 'B' })).toEqual({});
  });
});
