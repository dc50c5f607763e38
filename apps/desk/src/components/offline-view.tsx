import type { Directory, OfflineEntry } from '@parley/protocol';
import { useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { formatTime } from '../format/format-time.js';
import { FormFields } from './form-fields.js';
import { visitorName } from './names.js';
import { OfflineReply } from './offline-reply.js';
import { OfflineActions, type OfflineFilter, OfflineFilterSelect, passes } from './offline-tools.js';

/**
 * Messages visitors left when nobody could chat, newest first; each opens its conversation and,
 * when the server sends email (`email`), can be answered by email.
 */
export function OfflineView({
  entries: all,
  email,
  agents = [],
  agentId = '',
}: {
  entries: OfflineEntry[];
  email: boolean;
  /** Colleagues to assign a message to, and who the agent is (issue 15). */
  agents?: Directory['agents'];
  agentId?: string;
}) {
  const { t, locale, commands } = useDesk();
  const [filter, setFilter] = useState<OfflineFilter>('open');
  const entries = all.filter((entry) => passes(entry, filter, agentId));
  return (
    <section class="page" aria-labelledby="desk-offline-title">
      <h2 id="desk-offline-title" class="page__title">
        {t('offline.title')}
      </h2>
      {all.length > 0 ? <OfflineFilterSelect value={filter} onChange={setFilter} /> : null}
      {entries.length === 0 ? (
        <p class="empty">{all.length === 0 ? t('offline.empty') : t('offlineTools.none')}</p>
      ) : (
        <ul class="cards">
          {entries.map(({ session, form }) => {
            const name = visitorName(session, t);
            return (
              <li key={`${session.id}:${form.seq}`} class="card">
                <div class="card__head">
                  <h3 class="card__title">{name}</h3>
                  <span class="card__meta">
                    <time dateTime={new Date(form.at).toISOString()}>{formatTime(form.at, locale)}</time>
                  </span>
                </div>
                <FormFields fields={form.fields} />
                <div class="card__actions">
                  <button
                    type="button"
                    class="button button--small"
                    aria-label={t('offline.viewLabel', { name })}
                    onClick={() => commands.preview(session.id)}
                  >
                    {t('offline.view')}
                  </button>
                </div>
                <OfflineActions entry={{ session, form }} agents={agents} />
                {email ? <OfflineReply sessionId={session.id} name={name} /> : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
