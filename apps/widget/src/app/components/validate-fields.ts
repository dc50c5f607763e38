import { type FieldMisfit, type FormField, fieldMisfit } from '@parley/protocol';
import type { TranslationKey } from '../i18n/en.js';

/** The message under a field whose answer does not fit it (a select or box: choose one). */
const MISFITS: Record<FieldMisfit, TranslationKey> = {
  email: 'form.email',
  tel: 'form.phone',
  option: 'form.required',
  checkbox: 'form.required',
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
    const misfit = value ? fieldMisfit(field, value) : null;
    if (!value && field.required) errors[field.name] = 'form.required';
    else if (misfit) errors[field.name] = MISFITS[misfit];
  }
  return errors;
}
