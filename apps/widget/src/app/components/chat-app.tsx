import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { ChatConnection } from '../chat-connection.js';
import { ChatContext } from '../chat-context.js';
import { unreadCount } from '../chat-reducer.js';
import type { Dictionary } from '../i18n/en.js';
import { withSiteTexts } from '../i18n/site-texts.js';
import { createTranslate } from '../i18n/translate.js';
import { useChatState } from '../use-chat-state.js';
import { ChatPanel } from './chat-panel.js';
import { preloadForms } from './dock.js';
import { Launcher } from './launcher.js';
import { LiveRegion } from './live-region.js';
import { PRIMARY } from './primary.js';

export interface ChatAppProps {
  connection: Pick<ChatConnection, 'store' | 'commands'>;
  /** The widget's texts; the site's own (`SiteInfo.texts`) replace some. */
  dictionary: Dictionary;
  /** The language of `dictionary`. */
  locale: string;
  /** Text beside the launcher's icon (`data-launcher-label` or the site's config); empty for none. */
  launcherLabel?: string;
}

/**
 * The widget: launcher, panel and live region. Moves focus into the message box (or the form
 * in its place) when the panel opens and back to the launcher when it closes; Escape closes it.
 */
export function ChatApp({ connection, dictionary, locale, launcherLabel = '' }: ChatAppProps) {
  const { store, commands } = connection;
  const state = useChatState(store);
  const launcher = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const mounted = useRef(false);
  const texts = state.site?.texts;
  const t = useMemo(() => createTranslate(withSiteTexts(dictionary, texts)), [dictionary, texts]);
  const context = useMemo(() => ({ t, commands, locale }), [t, commands, locale]);

  useEffect(() => {
    // Not on the first render: a panel restored open after a reload must not steal focus.
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    if (state.open) {
      root.current?.querySelector<HTMLElement>(PRIMARY)?.focus();
      preloadForms();
    } else launcher.current?.focus();
  }, [state.open]);

  useEffect(() => {
    if (!state.open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') commands.closePanel();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [state.open, commands]);

  return (
    <ChatContext.Provider value={context}>
      <div ref={root} class={state.open ? 'parley parley--open' : 'parley'}>
        {state.open ? <ChatPanel state={state} /> : null}
        <Launcher open={state.open} buttonRef={launcher} label={launcherLabel} unread={unreadCount(state)} />
        <LiveRegion announcement={state.announcement} />
      </div>
    </ChatContext.Provider>
  );
}
