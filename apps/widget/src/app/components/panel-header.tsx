import { useChat } from '../chat-context.js';
import type { ChatState, ConnectionStatus } from '../chat-reducer.js';
import type { TranslationKey } from '../i18n/en.js';
import { CloseIcon, HistoryIcon } from './icons.js';
import { teamStatus } from './team-status.js';

/** What the header says while the widget is not connected (once connected, the team's status). */
const CONNECTION_TEXT: Record<Exclude<ConnectionStatus, 'online'>, TranslationKey> = {
  connecting: 'connection.connecting',
  offline: 'connection.offline',
  error: 'connection.error',
};

export interface PanelHeaderProps {
  titleId: string;
  state: ChatState;
  /** Shows the visitor's conversations; absent while they show. */
  onHistory: (() => void) | undefined;
}

/**
 * The title, whether the team is online or away with how soon it usually replies (the site's
 * `replyTime`), or the connection's state while not connected; the history and close buttons.
 * "End chat" is in the dock, away from ✕ (issue 14).
 */
export function PanelHeader({ titleId, state, onHistory }: PanelHeaderProps) {
  const { t, commands } = useChat();
  const { connection } = state;
  const team = connection === 'online' ? teamStatus(state) : CONNECTION_TEXT[connection];
  const reply = state.site?.replyTime;
  return (
    <header class="panel__header">
      <div class="panel__heading">
        <h1 id={titleId} class="panel__title">
          {t('panel.title')}
        </h1>
        <p class={`panel__status panel__status--${connection}`}>
          {team ? t(team) : null}
          {team && reply && connection === 'online' ? ' · ' : null}
          {reply && connection === 'online' ? t(`reply.${reply}`) : null}
        </p>
      </div>
      {onHistory ? (
        <button type="button" class="icon-button" aria-label={t('panel.history')} onClick={onHistory}>
          <HistoryIcon />
        </button>
      ) : null}
      <button type="button" class="icon-button" aria-label={t('panel.close')} onClick={commands.closePanel}>
        <CloseIcon />
      </button>
    </header>
  );
}
