import { type FormField, type FormFields, fail, type Result } from '@parley/protocol';

/** Loose on purpose: a typo check, not RFC 5322; the reply by email is the real test. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a submitted offline form against the site's fields: no unknown field, every required
 * one filled, emails shaped like emails. Blank optional fields are dropped.
 * @example checkOfflineForm([{ name: 'email', label: 'Email', type: 'email', required: true }], { email: 'a@b.co' }) // ok
 */
export function checkOfflineForm(fields: readonly FormField[], values: FormFields): Result<FormFields> {
  const unknown = Object.keys(values).find((name) => !fields.some((f) => f.name === name));
  if (unknown) return fail('invalid_payload', `The form has no field "${unknown}"`);
  const kept: FormFields = {};
  for (const field of fields) {
    const value = values[field.name]?.trim() ?? '';
    if (value === '') {
      if (field.required) return fail('invalid_payload', `${field.label} is required`);
      continue;
    }
    if (field.type === 'email' && !EMAIL.test(value)) {
      return fail('invalid_payload', `${field.label} must be an email address`);
    }
    kept[field.name] = value;
  }
  return { ok: true, value: kept };
}
