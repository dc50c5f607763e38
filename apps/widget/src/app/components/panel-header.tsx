import { useChat } from '../chat-context.js';
import type { ConnectionStatus } from '../chat-reducer.js';
import type { TranslationKey } from '../i18n/en.js';
import { CloseIcon, HistoryIcon } from './icons.js';

const CONNECTION_TEXT: Record<ConnectionStatus, TranslationKey> = {
  connecting: 'connection.connecting',
  online: 'connection.online',
  offline: 'connection.offline',
  error: 'connection.error',
};

export interface PanelHeaderProps {
  titleId: string;
  connection: ConnectionStatus;
  /** Ends the open session; absent when there is none. */
  onEnd: (() => void) | undefined;
  /** Shows the visitor's conversations; absent while they show. */
  onHistory: (() => void) | undefined;
}

export function PanelHeader({ titleId, connection, onEnd, onHistory }: PanelHeaderProps) {
  const { t, commands } = useChat();
  return (
    <header class="panel__header">
      <div class="panel__heading">
        <h1 id={titleId} class="panel__title">
          {t('panel.title')}
        </h1>
        <p class={`panel__status panel__status--${connection}`}>{t(CONNECTION_TEXT[connection])}</p>
      </div>
      {onEnd ? (
        <button type="button" class="header-button" onClick={onEnd}>
          {t('panel.endChat')}
        </button>
      ) : null}
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
