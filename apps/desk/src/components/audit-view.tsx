import type { AuditEntry, Directory } from '@parley/protocol';
import { useEffect } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import type { DeskState } from '../app/desk-state.js';
import { formatTime } from '../format/format-time.js';
import type { TranslationKey } from '../i18n/en.js';
import { errorText } from '../i18n/error-text.js';
import type { Translate } from '../i18n/translate.js';

const ACTOR_KEYS: Record<AuditEntry['actor']['kind'], TranslationKey> = {
  agent: 'audit.actor.agent',
  'api-key': 'audit.actor.api-key',
  bot: 'audit.actor.bot',
  system: 'audit.actor.system',
};

/** Who did it: an agent by their name when the directory knows them. */
function actorName({ kind, id }: AuditEntry['actor'], directory: Directory, t: Translate): string {
  const agent = kind === 'agent' ? directory.agents.find((a) => a.id === id) : undefined;
  return agent ? agent.name : t(ACTOR_KEYS[kind], { id });
}

/** The details an entry carries, `key: value` each (they are plain values: counts, ids, reasons). */
const detailsText = (details: Record<string, unknown>): string =>
  Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');

/** Admins: the audit log, newest first (who did what to what, when), an older page at a time. */
export function AuditView({ state }: { state: DeskState }) {
  const { t, locale, commands } = useDesk();
  const { audit } = state.records;
  useEffect(() => commands.loadAudit(), [commands]);

  return (
    <section class="page" aria-labelledby="desk-audit-title">
      <div class="page__head">
        <h2 id="desk-audit-title" class="page__title">
          {t('audit.title')}
        </h2>
        <button type="button" class="button button--small" onClick={() => commands.loadAudit()}>
          {t('audit.refresh')}
        </button>
      </div>
      {audit.items.length > 0 ? (
        <table class="table" aria-labelledby="desk-audit-title">
          <thead>
            <tr>
              <th scope="col">{t('audit.time')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.target')}</th>
              <th scope="col">{t('audit.site')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {audit.items.map((entry) => (
              <tr key={entry.id}>
                <td class="nowrap">
                  <time dateTime={new Date(entry.at).toISOString()}>{formatTime(entry.at, locale)}</time>
                </td>
                <td class="nowrap">{actorName(entry.actor, state.directory, t)}</td>
                <td class="nowrap">
                  <code>{entry.action}</code>
                </td>
                <td>{entry.target ? `${entry.target.kind} ${entry.target.id}` : ''}</td>
                <td class="nowrap">{entry.siteKey ?? ''}</td>
                <td>{detailsText(entry.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p class="empty" role="status">
        {audit.asking ? t('audit.loading') : audit.loaded && audit.items.length === 0 ? t('audit.empty') : ''}
      </p>
      {audit.error ? (
        <p class="dialog__error" role="alert">
          {errorText(audit.error, t)}
        </p>
      ) : null}
      {audit.next && !audit.asking ? (
        <button
          type="button"
          class="button button--small pager__more"
          onClick={() => commands.loadAudit(true)}
        >
          {t('audit.more')}
        </button>
      ) : null}
    </section>
  );
}
