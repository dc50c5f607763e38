import type { FormField, FormFields, IdentifiedUser } from '@parley/protocol';

/**
 * What the offline form can fill in itself (issue 14): what the visitor already told, in the
 * pre-chat form (by field name) or through the page's `identify` (name, email). An email field
 * of another name still gets the known email. Checkboxes (consent) are never ticked for them.
 * @example offlinePrefill([{ name: 'email', label: 'Email', type: 'email', required: true }], undefined, { id: 'u1', email: 'a@b.example' }) // { email: 'a@b.example' }
 */
export function offlinePrefill(
  fields: readonly FormField[],
  prechat: FormFields | undefined,
  user: IdentifiedUser | undefined,
): Record<string, string> {
  const known: Record<string, string | undefined> = { name: user?.name, email: user?.email, ...prechat };
  const values: Record<string, string> = {};
  for (const field of fields) {
    if (field.type === 'checkbox') continue;
    const value = known[field.name] || (field.type === 'email' ? known.email : undefined);
    if (value) values[field.name] = value;
  }
  return values;
}
