import type { Directory, OfflineEntry } from '@parley/protocol';
import { useId, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { formatTime } from '../format/format-time.js';
import type { TranslationKey } from '../i18n/en.js';
import { Field } from './field.js';

/** Which offline messages the list shows (issue 15). */
export type OfflineFilter = 'all' | 'open' | 'mine' | 'unassigned' | 'done';

const FILTERS: ReadonlyArray<[OfflineFilter, TranslationKey]> = [
  ['all', 'offlineTools.all'],
  ['open', 'offlineTools.open'],
  ['mine', 'offlineTools.mine'],
  ['unassigned', 'offlineTools.unassigned'],
  ['done', 'offlineTools.done'],
];

/** Whether an entry passes the filter, for the agent `agentId`. */
export function passes(entry: OfflineEntry, filter: OfflineFilter, agentId: string): boolean {
  const state = entry.session.offline ?? {};
  switch (filter) {
    case 'all':
      return true;
    case 'open':
      return state.doneAt === undefined;
    case 'mine':
      return state.assignee === agentId;
    case 'unassigned':
      return state.assignee === undefined;
    case 'done':
      return state.doneAt !== undefined;
  }
}

/** The list's filter, as a select. */
export function OfflineFilterSelect({
  value,
  onChange,
}: {
  value: OfflineFilter;
  onChange(f: OfflineFilter): void;
}) {
  const { t } = useDesk();
  const id = useId();
  return (
    <Field id={id} label={t('offlineTools.show')}>
      <select
        id={id}
        class="field__input"
        value={value}
        onChange={(event) => onChange(event.currentTarget.value as OfflineFilter)}
      >
        {FILTERS.map(([filter, key]) => (
          <option key={filter} value={filter}>
            {t(key)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** An offline message's assignee (a select of colleagues) and its done state, with their commands. */
export function OfflineActions({ entry, agents }: { entry: OfflineEntry; agents: Directory['agents'] }) {
  const { t, locale, commands } = useDesk();
  const [error, setError] = useState('');
  const id = useId();
  const state = entry.session.offline ?? {};
  const sessionId = entry.session.id;
  const update = async (change: { assignee?: string | null; done?: boolean }) => {
    const result = await commands.updateOffline({ sessionId, ...change });
    setError(result.ok ? '' : t('offlineTools.failed', { reason: result.error.message }));
  };
  const nameOf = (agentId: string) => agents.find((a) => a.id === agentId)?.name ?? agentId;
  return (
    <div class="offline-tools">
      <Field id={id} label={t('offlineTools.assignee')}>
        <select
          id={id}
          class="field__input"
          value={state.assignee ?? ''}
          onChange={(event) => void update({ assignee: event.currentTarget.value || null })}
        >
          <option value="">{t('offlineTools.nobody')}</option>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </Field>
      {state.doneAt !== undefined ? (
        <>
          <p class="tag tag--live">
            {t('offlineTools.doneBy', {
              name: nameOf(state.doneBy ?? ''),
              time: formatTime(state.doneAt, locale),
            })}
          </p>
          <button type="button" class="button button--small" onClick={() => void update({ done: false })}>
            {t('offlineTools.reopen')}
          </button>
        </>
      ) : (
        <button type="button" class="button button--small" onClick={() => void update({ done: true })}>
          {t('offlineTools.markDone')}
        </button>
      )}
      {error ? (
        <p class="notes__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
