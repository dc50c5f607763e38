import type { FormField } from '@parley/protocol';
import type { TranslationKey } from '../i18n/en.js';

/** Something, an @, something, a dot, something: catches typos, leaves the rest to the server. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The message to show under each field that is not filled in right, by field name; empty when
 * the form can be sent. An optional email field may be blank, not malformed.
 * @example validateFields([{ name: 'email', label: 'Email', type: 'email', required: true }], {}) // { email: 'form.required' }
 */
export function validateFields(
  fields: readonly FormField[],
  values: Readonly<Record<string, string>>,
): Record<string, TranslationKey> {
  const errors: Record<string, TranslationKey> = {};
  for (const field of fields) {
    const value = (values[field.name] ?? '').trim();
    if (!value) {
      if (field.required) errors[field.name] = 'form.required';
    } else if (field.type === 'email' && !EMAIL.test(value)) {
      errors[field.name] = 'form.email';
    }
  }
  return errors;
}
