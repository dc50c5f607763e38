import { unreadChats } from '../app/desk-selectors.js';
import type { DeskStore } from '../app/desk-store.js';
import type { Translate } from '../i18n/translate.js';
import type { AlertSound } from './alert-sound.js';

export interface AlertOutputs {
  sound: AlertSound;
  t: Translate;
  /** Sets the page title: the tab shows "(2) Parley desk" while two chats have unread messages. */
  setTitle(title: string): void;
}

/**
 * Turns the state's alerts into what the agent notices when looking elsewhere: the chime for
 * each new assignment, and the unread count in the page title. Returns the unsubscribe.
 * @example const stop = watchAlerts(store, { sound, t, setTitle: (title) => (document.title = title) });
 */
export function watchAlerts(store: DeskStore, { sound, t, setTitle }: AlertOutputs): () => void {
  let rung = store.getState().alerts;
  let title: string | undefined;
  const update = () => {
    const state = store.getState();
    // Below `rung` too: a new login counts from zero again.
    const ring = state.alerts > rung;
    rung = state.alerts;
    if (ring && !sound.play()) store.dispatch({ type: 'sound', blocked: true });
    const unread = state.auth.status === 'in' ? unreadChats(state) : 0;
    const next = unread > 0 ? t('title.unread', { count: unread }) : t('title.base');
    if (next === title) return;
    title = next;
    setTitle(next);
  };
  update();
  return store.subscribe(update);
}
