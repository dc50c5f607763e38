import { useMemo } from 'preact/hooks';
import { DeskContext } from '../app/desk-context.js';
import type { DeskCommands } from '../app/desk-controller.js';
import type { DeskStore } from '../app/desk-store.js';
import { ToolsContext } from '../app/tools-context.js';
import type { ToolsStore } from '../app/tools-store.js';
import { useStoreState } from '../app/use-store-state.js';
import type { Translate } from '../i18n/translate.js';
import { DeskLayout } from './desk-layout.js';
import { LoginScreen } from './login-screen.js';

export interface DeskAppProps {
  store: DeskStore;
  /** The team tools' state (issue 15: notes, canned responses). */
  tools: ToolsStore;
  commands: DeskCommands;
  t: Translate;
  locale: string;
}

/** The desk: the login screen, or the agent's workspace once logged in. */
export function DeskApp({ store, tools, commands, t, locale }: DeskAppProps) {
  const state = useStoreState(store);
  const toolsState = useStoreState(tools);
  const context = useMemo(() => ({ t, locale, commands }), [t, locale, commands]);
  return (
    <DeskContext.Provider value={context}>
      <ToolsContext.Provider value={toolsState}>
        {state.auth.status === 'in' ? (
          <DeskLayout state={state} agent={state.auth.agent} />
        ) : (
          <LoginScreen auth={state.auth} sso={state.sso} />
        )}
      </ToolsContext.Provider>
    </DeskContext.Provider>
  );
}
