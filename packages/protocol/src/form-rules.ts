import type { FormField } from './site-info.js';

/** Why a filled-in answer does not fit its field's type. */
export type FieldMisfit = 'email' | 'tel' | 'option' | 'checkbox';

/** Loose on purpose: a typo check, not RFC 5322; the reply by email is the real test. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Digits with the usual separators and an optional leading +. */
const PHONE = /^\+?[\d\s().-]*$/;

/**
 * Whether a filled-in (trimmed, not blank) answer fits its field: an email shaped like one, a
 * phone number of 5 to 20 digits, one of a select's options, a ticked checkbox ('true'). The
 * widget checks a form with it as the visitor sends, the server again as it stores.
 * @example fieldMisfit({ name: 'email', label: 'Email', type: 'email', required: true }, 'ada@') // 'email'
 */
export function fieldMisfit(field: FormField, value: string): FieldMisfit | null {
  if (field.type === 'email') return EMAIL.test(value) ? null : 'email';
  if (field.type === 'tel') {
    const digits = value.replace(/\D/g, '').length;
    return PHONE.test(value) && digits >= 5 && digits <= 20 ? null : 'tel';
  }
  if (field.type === 'select') return field.options?.includes(value) ? null : 'option';
  if (field.type === 'checkbox') return value === 'true' ? null : 'checkbox';
  return null;
}
