import { type FormField, type FormFields, fail, type Result } from '@parley/protocol';

/** Loose on purpose: a typo check, not RFC 5322; the reply by email is the real test. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Digits with the usual separators and an optional leading +, at least 5 digits. */
const PHONE = /^\+?[\d\s().-]*$/;
const digits = (value: string) => value.replace(/\D/g, '').length;

/** Why a filled-in value does not fit its field, or null. */
function misfit(field: FormField, value: string): string | null {
  if (field.type === 'email' && !EMAIL.test(value)) return `${field.label} must be an email address`;
  if (field.type === 'tel' && (!PHONE.test(value) || digits(value) < 5 || digits(value) > 20)) {
    return `${field.label} must be a phone number`;
  }
  if (field.type === 'select' && !field.options?.includes(value)) {
    return `${field.label} must be one of its options`;
  }
  if (field.type === 'checkbox' && value !== 'true') return `${field.label} is ticked or left out`;
  return null;
}

/**
 * Checks a submitted form (offline, pre-chat) against its fields: no unknown field, every
 * required one filled (a required checkbox ticked), each value fitting its type. Blank optional
 * fields and unticked checkboxes are dropped.
 * @example checkForm([{ name: 'email', label: 'Email', type: 'email', required: true }], { email: 'a@b.co' }) // ok
 */
export function checkForm(fields: readonly FormField[], values: FormFields): Result<FormFields> {
  const unknown = Object.keys(values).find((name) => !fields.some((f) => f.name === name));
  if (unknown) return fail('invalid_payload', `The form has no field "${unknown}"`);
  const kept: FormFields = {};
  for (const field of fields) {
    const value = values[field.name]?.trim() ?? '';
    if (value === '') {
      if (field.required) return fail('invalid_payload', `${field.label} is required`);
      continue;
    }
    const problem = misfit(field, value);
    if (problem) return fail('invalid_payload', problem);
    kept[field.name] = value;
  }
  return { ok: true, value: kept };
}
