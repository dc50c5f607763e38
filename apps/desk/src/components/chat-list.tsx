import { useDesk } from '../app/desk-context.js';
import { listedChats, unreadCount } from '../app/desk-selectors.js';
import type { DeskState } from '../app/desk-state.js';
import { LabelTags } from './labels.js';
import { visitorName } from './names.js';
import { SiteBadge } from './site-switch.js';
import { whereNowText } from './where-now.js';

/**
 * The agent's chats (of the filtered site, when the list is filtered): those still theirs, then
 * ended ones; each with its site (when the agent has several) and unread count.
 */
export function ChatList({ state }: { state: DeskState }) {
  const { t, commands } = useDesk();
  const chats = listedChats(state);
  if (chats.length === 0)
    return <p class="empty">{t(state.siteFilter === null ? 'chats.empty' : 'site.noChats')}</p>;
  return (
    <ul class="nav-list">
      {chats.map((chat) => {
        const unread = unreadCount(state, chat.id);
        const selected = state.view.kind === 'chat' && state.view.sessionId === chat.id;
        const typing = Boolean(state.typing[chat.id]) && !chat.ended;
        return (
          <li key={chat.id}>
            <button
              type="button"
              class={chat.ended ? 'nav-item nav-item--ended' : 'nav-item'}
              aria-current={selected ? 'page' : undefined}
              onClick={() => commands.show({ kind: 'chat', sessionId: chat.id })}
            >
              <span class="nav-item__name">{visitorName(chat.session, t)}</span>
              <SiteBadge state={state} siteKey={chat.session.siteKey} />
              <LabelTags labels={chat.session.labels} />
              {chat.ended ? <span class="tag">{whereNowText(state, chat, t)?.tag}</span> : null}
              {typing ? <span class="tag tag--live">{t('chats.typing')}</span> : null}
              {unread > 0 ? (
                <span class="count count--unread">
                  {unread}
                  <span class="sr-only"> {t('chats.unread')}</span>
                </span>
              ) : null}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
