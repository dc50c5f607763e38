import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { ChatConnection } from '../chat-connection.js';
import { ChatContext } from '../chat-context.js';
import type { Translate } from '../i18n/translate.js';
import { useChatState } from '../use-chat-state.js';
import { ChatPanel } from './chat-panel.js';
import { Launcher } from './launcher.js';
import { LiveRegion } from './live-region.js';

export interface ChatAppProps {
  connection: Pick<ChatConnection, 'store' | 'commands'>;
  t: Translate;
}

/**
 * The widget: launcher, panel and live region. Moves focus into the message box when the panel
 * opens and back to the launcher when it closes; Escape closes it.
 */
export function ChatApp({ connection, t }: ChatAppProps) {
  const { store, commands } = connection;
  const state = useChatState(store);
  const launcher = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const mounted = useRef(false);
  const context = useMemo(() => ({ t, commands }), [t, commands]);

  useEffect(() => {
    // Not on the first render: a panel restored open after a reload must not steal focus.
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    (state.open ? input : launcher).current?.focus();
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
      <div class={state.open ? 'parley parley--open' : 'parley'}>
        {state.open ? <ChatPanel state={state} inputRef={input} /> : null}
        <Launcher open={state.open} buttonRef={launcher} />
        <LiveRegion announcement={state.announcement} />
      </div>
    </ChatContext.Provider>
  );
}
