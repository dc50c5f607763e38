import type { FormField } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { checkForm } from './form-check.js';

const fields: FormField[] = [
  { name: 'name', label: 'Name', type: 'text', required: false },
  { name: 'email', label: 'Email', type: 'email', required: true },
  { name: 'message', label: 'Message', type: 'textarea', required: true },
];

describe('the form check', () => {
  it('keeps the filled fields, trimmed, and drops blank optional ones', () => {
    expect(checkForm(fields, { name: ' ', email: ' ada@example.com ', message: 'Hi' })).toEqual({
      ok: true,
      value: { email: 'ada@example.com', message: 'Hi' },
    });
  });

  it.each([
    [{ email: 'ada@example.com' }, 'Message is required'],
    [{ email: 'not-an-email', message: 'Hi' }, 'Email must be an email address'],
    [{ email: 'ada@example.com', message: 'Hi', phone: '123' }, 'The form has no field "phone"'],
  ])('refuses %j: %s', (values, message) => {
    expect(checkForm(fields, values)).toEqual({
      ok: false,
      error: { code: 'invalid_payload', message },
    });
  });

  const prechat: FormField[] = [
    { name: 'phone', label: 'Phone', type: 'tel', required: false },
    { name: 'topic', label: 'Topic', type: 'select', required: true, options: ['Billing', 'Sales'] },
    { name: 'consent', label: 'I agree', type: 'checkbox', required: true },
    { name: 'news', label: 'Newsletter', type: 'checkbox', required: false },
  ];

  it('checks phones, options and checkboxes, dropping an unticked optional box', () => {
    expect(
      checkForm(prechat, { phone: '+49 (30) 1234-567', topic: 'Sales', consent: 'true', news: '' }),
    ).toEqual({
      ok: true,
      value: { phone: '+49 (30) 1234-567', topic: 'Sales', consent: 'true' },
    });
  });

  it.each([
    [{ topic: 'Sales' }, 'I agree is required'],
    [{ topic: 'Other', consent: 'true' }, 'Topic must be one of its options'],
    [{ topic: 'Sales', consent: 'yes' }, 'I agree is ticked or left out'],
    [{ topic: 'Sales', consent: 'true', phone: 'call me' }, 'Phone must be a phone number'],
    [{ topic: 'Sales', consent: 'true', phone: '12' }, 'Phone must be a phone number'],
  ])('refuses pre-chat answers %j: %s', (values, message) => {
    expect(checkForm(prechat, values)).toEqual({ ok: false, error: { code: 'invalid_payload', message } });
  });
});
