import { type FormField, LIMITS } from '@parley/protocol';
import { useState } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import type { Submission } from '../chat-reducer.js';
import type { TranslationKey } from '../i18n/en.js';
import { SubmitStatus } from './submit-status.js';
import { validateFields } from './validate-fields.js';

const TITLE_ID = 'parley-offline-title';
const fieldId = (index: number) => `parley-offline-${index}`;

export interface OfflineFormProps {
  sessionId: string;
  /** The site's fields (`SiteInfo.offlineForm`). */
  fields: readonly FormField[];
  submission: Submission | undefined;
}

/**
 * "Leave a message" when nobody can chat: the site's fields, checked as the visitor sends
 * (required, email format), each error under its field and tied to it; then re-checked as they
 * type. Focus goes to the first field to fix.
 */
export function OfflineForm({ sessionId, fields, submission }: OfflineFormProps) {
  const { t, commands } = useChat();
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, TranslationKey> | null>(null);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const found = validateFields(fields, values);
    setErrors(found);
    const first = fields.findIndex((field) => found[field.name]);
    if (first >= 0) {
      document.getElementById(fieldId(first))?.focus();
      return;
    }
    const answers = Object.fromEntries(
      fields.map((field) => [field.name, (values[field.name] ?? '').trim()]),
    );
    commands.submitOffline(sessionId, answers);
  };

  return (
    <form class="form" noValidate aria-labelledby={TITLE_ID} onSubmit={onSubmit}>
      <h2 id={TITLE_ID} class="form__title">
        {t('offline.title')}
      </h2>
      {fields.map((field, index) => {
        const id = fieldId(index);
        const error = errors?.[field.name];
        const props = {
          id,
          name: field.name,
          class: 'field__input',
          value: values[field.name] ?? '',
          required: field.required,
          maxLength: LIMITS.messageText,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `${id}-error` : undefined,
          'data-primary': index === 0 ? '' : undefined,
          onInput: (event: Event) => {
            const next = { ...values, [field.name]: (event.currentTarget as HTMLInputElement).value };
            setValues(next);
            // Errors shown after a send follow the typing, so they go away once fixed.
            if (errors) setErrors(validateFields(fields, next));
          },
        };
        return (
          <div key={field.name} class="field">
            <label for={id} class="field__label">
              {field.label}
              {field.required ? <span aria-hidden="true"> *</span> : null}
            </label>
            {field.type === 'textarea' ? (
              <textarea rows={3} {...props} />
            ) : field.type === 'email' ? (
              <input type="email" autoComplete="email" {...props} />
            ) : (
              <input type="text" {...props} />
            )}
            {error ? (
              <p id={`${id}-error`} class="field__error">
                {t(error)}
              </p>
            ) : null}
          </div>
        );
      })}
      <button type="submit" class="button">
        {t('offline.submit')}
      </button>
      <SubmitStatus submission={submission} />
    </form>
  );
}
