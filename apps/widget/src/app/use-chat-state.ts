import { useEffect, useState } from 'preact/hooks';
import type { ChatState } from './chat-reducer.js';
import type { ChatStore } from './chat-store.js';

/** The store's current state; re-renders on every change, unsubscribes on unmount. */
export function useChatState(store: ChatStore): ChatState {
  const [state, setState] = useState(store.getState);
  useEffect(() => {
    setState(store.getState());
    return store.subscribe(setState);
  }, [store]);
  return state;
}
