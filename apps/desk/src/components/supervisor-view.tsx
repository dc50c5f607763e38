import type { SessionSummary, TeamView } from '@parley/protocol';
import { useEffect } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import type { DeskState } from '../app/desk-state.js';
import type { Translate } from '../i18n/translate.js';
import { MonitorPanel } from './monitor-panel.js';
import { presenceName, statusName, visitorName } from './names.js';
import { TeamPresence } from './team-presence.js';

/** Who has a live chat: an agent by name, a bot, or nobody yet (queued). */
function withWhom(session: SessionSummary, team: TeamView, t: Translate): string {
  const { handler } = session;
  if (handler?.kind === 'agent') return team.agents.find((a) => a.id === handler.id)?.name ?? handler.id;
  if (handler?.kind === 'bot') return statusName('bot', t);
  return t('supervise.nobody');
}

/**
 * Supervisors and admins (issue 15, item 3): every agent of their sites with presence (which
 * they may set), load and chats, and every live chat, each of which they may monitor silently.
 */
export function SupervisorView({ state }: { state: DeskState }) {
  const { t, commands } = useDesk();
  const { team, monitor } = state.supervision;
  useEffect(() => commands.loadTeam(), [commands]);

  return (
    <section class="page" aria-labelledby="desk-team-title">
      <div class="page__head">
        <h2 id="desk-team-title" class="page__title">
          {t('supervise.title')}
        </h2>
        <button type="button" class="button button--small" onClick={() => commands.loadTeam()}>
          {t('supervise.refresh')}
        </button>
      </div>
      {team ? null : (
        <p class="empty" role="status">
          {t('supervise.loading')}
        </p>
      )}
      {team ? (
        <>
          <table class="table" aria-labelledby="desk-team-agents">
            <caption id="desk-team-agents" class="table__caption">
              {t('supervise.agents')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('supervise.agent')}</th>
                <th scope="col">{t('supervise.status')}</th>
                <th scope="col">{t('supervise.load')}</th>
                <th scope="col">{t('supervise.setStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {team.agents.map((agent) => (
                <tr key={agent.id}>
                  <th scope="row">{agent.name}</th>
                  <td>{presenceName(agent.presence, t)}</td>
                  <td class="nowrap">
                    {t('supervise.loadValue', { count: agent.chats.length, capacity: agent.capacity })}
                  </td>
                  <td>
                    <TeamPresence agent={agent} presence={agent.presence} reasons={state.reasons} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="table" aria-labelledby="desk-team-live">
            <caption id="desk-team-live" class="table__caption">
              {t('supervise.live')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('supervise.visitor')}</th>
                <th scope="col">{t('supervise.site')}</th>
                <th scope="col">{t('supervise.state')}</th>
                <th scope="col">{t('supervise.with')}</th>
                <th scope="col">{t('supervise.monitor')}</th>
              </tr>
            </thead>
            <tbody>
              {team.sessions.map((session) => {
                const name = visitorName(session, t);
                const watching = monitor?.session.id === session.id;
                return (
                  <tr key={session.id}>
                    <th scope="row">{name}</th>
                    <td>{session.siteKey}</td>
                    <td>{statusName(session.status, t)}</td>
                    <td>{withWhom(session, team, t)}</td>
                    <td>
                      <button
                        type="button"
                        class="button button--small"
                        aria-pressed={watching}
                        aria-label={t('supervise.monitorChat', { name })}
                        onClick={() => commands.monitor(session.id)}
                      >
                        {t('supervise.monitor')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {team.sessions.length === 0 ? <p class="empty">{t('supervise.empty')}</p> : null}
        </>
      ) : null}
      {monitor ? <MonitorPanel state={state} monitor={monitor} /> : null}
    </section>
  );
}
