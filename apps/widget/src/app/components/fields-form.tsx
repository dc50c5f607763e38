import { type FormField, type FormFields, LIMITS } from '@parley/protocol';
import { useState } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import type { Submission } from '../chat-reducer.js';
import type { TranslationKey } from '../i18n/en.js';
import { SubmitStatus } from './submit-status.js';
import { validateFields } from './validate-fields.js';

export interface FieldsFormProps {
  /** Prefix of the form's element ids; one per kind of form, so labels point at their field. */
  id: string;
  /** The heading and the send button's label, translated (or a bot's own words). */
  title: string;
  submitLabel: string;
  fields: readonly FormField[];
  /** Values filled in as the form first shows, by field name. */
  initial?: Record<string, string>;
  /** What the form's request is doing, when it is tracked as a submission. */
  submission?: Submission | undefined;
  /** The answers, trimmed; a checkbox answers 'true' or ''. Called only once they pass. */
  onSubmit(answers: FormFields): void;
}

type InputEvent = Event & { currentTarget: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement };

/**
 * A site-configured form (pre-chat, offline): its fields, checked as the visitor sends (required,
 * email, phone), each error under its field and tied to it, then re-checked as they type. Focus
 * goes to the first field to fix.
 */
export function FieldsForm({
  id,
  title,
  submitLabel,
  fields,
  initial,
  submission,
  onSubmit,
}: FieldsFormProps) {
  const { t } = useChat();
  const [values, setValues] = useState<Record<string, string>>(() => initial ?? {});
  const [errors, setErrors] = useState<Record<string, TranslationKey> | null>(null);
  const titleId = `${id}-title`;
  const fieldId = (index: number) => `${id}-${index}`;

  const submit = (event: Event) => {
    event.preventDefault();
    const found = validateFields(fields, values);
    setErrors(found);
    const first = fields.findIndex((field) => found[field.name]);
    if (first >= 0) {
      document.getElementById(fieldId(first))?.focus();
      return;
    }
    onSubmit(Object.fromEntries(fields.map((field) => [field.name, (values[field.name] ?? '').trim()])));
  };

  const change = (name: string, value: string) => {
    const next = { ...values, [name]: value };
    setValues(next);
    // Errors shown after a send follow the typing, so they go away once fixed.
    if (errors) setErrors(validateFields(fields, next));
  };

  return (
    <form class="form" noValidate aria-labelledby={titleId} onSubmit={submit}>
      <h2 id={titleId} class="form__title">
        {title}
      </h2>
      {fields.map((field, index) => {
        const fid = fieldId(index);
        const error = errors?.[field.name];
        const common = {
          id: fid,
          name: field.name,
          required: field.required,
          'aria-required': field.required ? true : undefined,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `${fid}-error` : undefined,
          'data-primary': index === 0 ? '' : undefined,
        };
        const text = {
          ...common,
          class: 'field__input',
          value: values[field.name] ?? '',
          maxLength: LIMITS.messageText,
          onInput: (event: InputEvent) => change(field.name, event.currentTarget.value),
        };
        const label = (
          <>
            {field.label}
            {field.required ? <span aria-hidden="true"> *</span> : null}
          </>
        );
        return (
          <div key={field.name} class={field.type === 'checkbox' ? 'field field--check' : 'field'}>
            {field.type === 'checkbox' ? (
              <>
                <input
                  type="checkbox"
                  class="field__check"
                  {...common}
                  checked={values[field.name] === 'true'}
                  onChange={(event) => change(field.name, event.currentTarget.checked ? 'true' : '')}
                />
                <label for={fid} class="field__label">
                  {label}
                </label>
              </>
            ) : (
              <>
                <label for={fid} class="field__label">
                  {label}
                </label>
                {field.type === 'textarea' ? (
                  <textarea rows={3} {...text} />
                ) : field.type === 'select' ? (
                  <select {...text} onChange={text.onInput}>
                    <option value="">{t('form.choose')}</option>
                    {(field.options ?? []).map((option) => (
                      <option key={option} value={option}>
                        {option}
                      </option>
                    ))}
                  </select>
                ) : field.type === 'email' ? (
                  <input type="email" autoComplete="email" {...text} />
                ) : field.type === 'tel' ? (
                  <input type="tel" autoComplete="tel" {...text} />
                ) : (
                  <input type="text" autoComplete={field.name === 'name' ? 'name' : undefined} {...text} />
                )}
              </>
            )}
            {error ? (
              <p id={`${fid}-error`} class="field__error">
                {t(error)}
              </p>
            ) : null}
          </div>
        );
      })}
      <button type="submit" class="button">
        {submitLabel}
      </button>
      <SubmitStatus submission={submission} />
    </form>
  );
}
