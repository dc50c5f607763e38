import {
  type FieldMisfit,
  type FormField,
  type FormFields,
  fail,
  fieldMisfit,
  isNumberAnswer,
  type Result,
} from '@parley/protocol';

/** What the visitor reads when an answer does not fit its field. */
const MISFITS: Record<FieldMisfit, (label: string) => string> = {
  email: (label) => `${label} must be an email address`,
  tel: (label) => `${label} must be a phone number`,
  option: (label) => `${label} must be one of its options`,
  checkbox: (label) => `${label} is ticked or left out`,
};

/**
 * Checks a submitted form (offline, pre-chat, a bot's inline form) against its fields: no unknown
 * field, every required one filled (a required checkbox ticked), each value fitting its type.
 * Blank optional fields and unticked checkboxes are dropped.
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
    const misfit = fieldMisfit(field, value);
    if (misfit) return fail('invalid_payload', MISFITS[misfit](field.label));
    // A number field (issue 14) is checked here, not in `fieldMisfit`: the widget checks numbers
    // only in a bot's form (its rich chunk), the forms' chunk having no room left in the budget.
    if (field.type === 'number' && !isNumberAnswer(value)) {
      return fail('invalid_payload', `${field.label} must be a number`);
    }
    kept[field.name] = value;
  }
  return { ok: true, value: kept };
}
