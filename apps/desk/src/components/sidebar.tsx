import type { AgentProfile } from '@parley/protocol';
import { useDesk } from '../app/desk-context.js';
import { activeChats, canReadReports, isAdmin, isSupervisor } from '../app/desk-selectors.js';
import type { DeskState } from '../app/desk-state.js';
import { ChatList } from './chat-list.js';
import { SiteFilter } from './site-switch.js';
import { TeamList } from './team-list.js';

/** The desk's navigation: the agent's chats, the queue, offline messages, search, (admins) the audit log, and the team. */
export function Sidebar({ state, agent }: { state: DeskState; agent: AgentProfile }) {
  const { t, commands } = useDesk();
  const { view } = state;
  return (
    <nav class="sidebar" aria-label={t('nav.label')}>
      <section class="sidebar__section" aria-labelledby="desk-chats-title">
        <h2 id="desk-chats-title" class="sidebar__title">
          {t('chats.title')}
          <span class="sidebar__meta">
            {t('chats.capacity', { count: activeChats(state), capacity: agent.capacity })}
          </span>
        </h2>
        <SiteFilter state={state} />
        <ChatList state={state} />
      </section>
      <ul class="nav-list">
        <li>
          <button
            type="button"
            class="nav-item"
            aria-current={view.kind === 'queue' ? 'page' : undefined}
            onClick={() => commands.show({ kind: 'queue' })}
          >
            <span>{t('nav.queue')}</span>
            <span class="count">{state.queue.length}</span>
          </button>
        </li>
        <li>
          <button
            type="button"
            class="nav-item"
            aria-current={view.kind === 'offline' ? 'page' : undefined}
            onClick={() => commands.show({ kind: 'offline' })}
          >
            <span>{t('nav.offline')}</span>
            <span class="count">{state.offline.length}</span>
          </button>
        </li>
        <li>
          <button
            type="button"
            class="nav-item"
            aria-current={view.kind === 'search' ? 'page' : undefined}
            onClick={() => commands.show({ kind: 'search' })}
          >
            <span>{t('nav.search')}</span>
          </button>
        </li>
        {isSupervisor(state) ? (
          <li>
            <button
              type="button"
              class="nav-item"
              aria-current={view.kind === 'team' ? 'page' : undefined}
              onClick={() => commands.show({ kind: 'team' })}
            >
              <span>{t('nav.team')}</span>
            </button>
          </li>
        ) : null}
        {isAdmin(state) ? (
          <li>
            <button
              type="button"
              class="nav-item"
              aria-current={view.kind === 'audit' ? 'page' : undefined}
              onClick={() => commands.show({ kind: 'audit' })}
            >
              <span>{t('nav.audit')}</span>
            </button>
          </li>
        ) : null}
        {canReadReports(state) ? (
          <li>
            <button
              type="button"
              class="nav-item"
              aria-current={view.kind === 'reports' ? 'page' : undefined}
              onClick={() => commands.show({ kind: 'reports' })}
            >
              <span>{t('nav.reports')}</span>
            </button>
          </li>
        ) : null}
      </ul>
      <TeamList state={state} />
    </nav>
  );
}
