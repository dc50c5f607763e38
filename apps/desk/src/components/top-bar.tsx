import type { AgentProfile } from '@parley/protocol';
import { useDesk } from '../app/desk-context.js';
import type { ConnectionStatus, DeskState } from '../app/desk-state.js';
import type { TranslationKey } from '../i18n/en.js';
import { NotificationsButton } from './notifications.js';
import { PresenceSwitch } from './presence-switch.js';
import { Shortcuts } from './shortcuts.js';
import { SiteSwitch } from './site-switch.js';

const CONNECTION_TEXT: Record<ConnectionStatus, TranslationKey> = {
  connecting: 'connection.connecting',
  online: 'connection.online',
  offline: 'connection.offline',
  error: 'connection.error',
};

/** Who is logged in, their presence, the connection, the sound switch and logout. */
export function TopBar({ state, agent }: { state: DeskState; agent: AgentProfile }) {
  const { t, commands } = useDesk();
  return (
    <header class="top-bar">
      <h1 class="top-bar__brand">{t('app.name')}</h1>
      <p class={`connection connection--${state.connection}`} role="status">
        {t(CONNECTION_TEXT[state.connection])}
      </p>
      <PresenceSwitch presence={state.presence} reasons={state.reasons} />
      <SiteSwitch state={state} />
      {state.soundBlocked ? (
        <button type="button" class="button button--small" onClick={commands.enableSound}>
          {t('sound.enable')}
        </button>
      ) : null}
      <NotificationsButton />
      <Shortcuts state={state} />
      <p class="top-bar__agent">{t('account.signedInAs', { name: agent.name })}</p>
      <button type="button" class="button button--small" onClick={commands.logout}>
        {t('account.logout')}
      </button>
    </header>
  );
}
