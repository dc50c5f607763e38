import { type Directory, SESSION_STATUSES, type SearchInput, type SessionStatus } from '@parley/protocol';
import { useId, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { dateField, dayEnd, dayStart } from '../format/day-range.js';
import { Field } from './field.js';
import { statusName } from './names.js';

/** Results a page. */
export const SEARCH_PAGE = 20;

/** What the form holds: its fields as the agent typed them. */
interface Fields {
  text: string;
  from: string;
  to: string;
  queue: string;
  agent: string;
  status: string;
  rating: string;
  /** Labels, comma-separated (issue 15). */
  label: string;
}

const fieldsOf = (query: SearchInput | undefined): Fields => ({
  text: query?.text ?? '',
  from: query?.from === undefined ? '' : dateField(query.from),
  to: query?.to === undefined ? '' : dateField(query.to, true),
  queue: query?.queues?.[0] ?? '',
  agent: query?.agentId ?? '',
  status: query?.statuses?.[0] ?? '',
  rating: query?.rating?.min === undefined ? '' : String(query.rating.min),
  label: query?.labels?.join(', ') ?? '',
});

/** Labels typed comma-separated, as the search filters by them (lower case, blanks dropped). */
const labelsOf = (text: string): { labels?: string[] } => {
  const labels = text
    .split(',')
    .map((label) => label.trim().toLowerCase())
    .filter(Boolean);
  return labels.length > 0 ? { labels } : {};
};

/** The query the fields ask for, from its first page; blank fields filter nothing. */
function queryOf(fields: Fields): SearchInput {
  const from = dayStart(fields.from);
  const to = dayEnd(fields.to);
  const rating = fields.rating.trim() === '' ? Number.NaN : Number(fields.rating);
  return {
    text: fields.text.trim(),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(fields.queue ? { queues: [fields.queue] } : {}),
    ...(fields.agent ? { agentId: fields.agent } : {}),
    ...(fields.status ? { statuses: [fields.status as SessionStatus] } : {}),
    ...(Number.isFinite(rating) ? { rating: { min: rating } } : {}),
    ...labelsOf(fields.label),
    limit: SEARCH_PAGE,
    offset: 0,
  };
}

export interface SearchFormProps {
  /** The query shown now: the fields start from it. */
  query: SearchInput | undefined;
  directory: Directory;
}

/**
 * The search box (any word of the messages, the visitor's name or email) and the filters: a
 * date range, the queue, the agent, the status and the lowest rating. Enter or the button asks.
 */
export function SearchForm({ query, directory }: SearchFormProps) {
  const { t, commands } = useDesk();
  const id = useId();
  const [fields, setFields] = useState(() => fieldsOf(query));
  const set = (name: keyof Fields) => (event: { currentTarget: { value: string } }) =>
    setFields({ ...fields, [name]: event.currentTarget.value });

  return (
    <search aria-label={t('search.title')}>
      <form
        class="search"
        onSubmit={(event) => {
          event.preventDefault();
          commands.search(queryOf(fields));
        }}
      >
        <div class="search__box">
          <input
            type="search"
            class="field__input search__input"
            aria-label={t('search.label')}
            placeholder={t('search.label')}
            value={fields.text}
            maxLength={200}
            onInput={set('text')}
          />
          <button type="submit" class="button button--primary">
            {t('search.submit')}
          </button>
        </div>
        <fieldset class="search__filters">
          <legend class="sr-only">{t('search.filters')}</legend>
          <Field id={`${id}-from`} label={t('search.from')}>
            <input
              id={`${id}-from`}
              type="date"
              class="field__input"
              value={fields.from}
              onInput={set('from')}
            />
          </Field>
          <Field id={`${id}-to`} label={t('search.to')}>
            <input id={`${id}-to`} type="date" class="field__input" value={fields.to} onInput={set('to')} />
          </Field>
          <Field id={`${id}-queue`} label={t('search.queue')}>
            <select id={`${id}-queue`} class="field__input" value={fields.queue} onChange={set('queue')}>
              <option value="">{t('search.any')}</option>
              {directory.queues
                .filter((queue) => queue.kind === 'human')
                .map((queue) => (
                  <option key={queue.id} value={queue.id}>
                    {queue.name}
                  </option>
                ))}
            </select>
          </Field>
          <Field id={`${id}-agent`} label={t('search.agent')}>
            <select id={`${id}-agent`} class="field__input" value={fields.agent} onChange={set('agent')}>
              <option value="">{t('search.any')}</option>
              {directory.agents.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id={`${id}-status`} label={t('search.status')}>
            <select id={`${id}-status`} class="field__input" value={fields.status} onChange={set('status')}>
              <option value="">{t('search.any')}</option>
              {SESSION_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {statusName(status, t)}
                </option>
              ))}
            </select>
          </Field>
          <Field id={`${id}-rating`} label={t('search.rating')}>
            <input
              id={`${id}-rating`}
              type="number"
              class="field__input search__rating"
              min={0}
              max={10}
              step={1}
              value={fields.rating}
              onInput={set('rating')}
            />
          </Field>
          <Field id={`${id}-label`} label={t('labels.filter')}>
            <input id={`${id}-label`} class="field__input" value={fields.label} onInput={set('label')} />
          </Field>
          <button
            type="button"
            class="button button--small search__reset"
            onClick={() => {
              const cleared = fieldsOf(undefined);
              setFields(cleared);
              commands.search(queryOf(cleared));
            }}
          >
            {t('search.reset')}
          </button>
        </fieldset>
      </form>
    </search>
  );
}
