import type { FormField } from '@parley/protocol';
import type { TranslationKey } from '../i18n/en.js';

/** Something, an @, something, a dot, something: catches typos, leaves the rest to the server. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Digits and the usual separators, 5 to 20 digits (as the server checks). */
const isPhone = (value: string) => {
  const digits = value.replace(/\D/g, '').length;
  return /^\+?[\d\s().-]*$/.test(value) && digits >= 5 && digits <= 20;
};

/**
 * The message to show under each field that is not filled in right, by field name; empty when
 * the form can be sent. An optional email field may be blank, not malformed; a required checkbox
 * (consent) must be ticked, which it answers as 'true'.
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
    } else if (field.type === 'tel' && !isPhone(value)) {
      errors[field.name] = 'form.phone';
    }
  }
  return errors;
}
