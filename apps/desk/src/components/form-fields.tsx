import { useDesk } from '../app/desk-context.js';
import type { TranslationKey } from '../i18n/en.js';

/** Labels for the fields of Parley's default offline form; a site's own fields show by name. */
const FIELD_KEYS: Record<string, TranslationKey> = {
  name: 'field.name',
  email: 'field.email',
  phone: 'field.phone',
  message: 'field.message',
};

/** The answers of a form (the offline form), by field name, in the order given. */
export function FormFields({ fields }: { fields: Record<string, string> }) {
  const { t } = useDesk();
  const entries = Object.entries(fields);
  if (entries.length === 0) return null;
  return (
    <dl class="fields">
      {entries.map(([name, value]) => {
        const key = FIELD_KEYS[name];
        return (
          <div key={name} class="fields__row">
            <dt>{key ? t(key) : name}</dt>
            <dd>{value}</dd>
          </div>
        );
      })}
    </dl>
  );
}
