import { type ChatAction, type ChatState, chatReducer } from './chat-reducer.js';

export interface ChatStore {
  getState(): ChatState;
  dispatch(action: ChatAction): void;
  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: (state: ChatState) => void): () => void;
}

/**
 * Holds one widget's state and runs the reducer; one per connection, never module-level.
 * @example
 * const store = createChatStore(initialChatState());
 * const stop = store.subscribe((state) => render(state));
 */
export function createChatStore(initial: ChatState): ChatStore {
  let state = initial;
  const listeners = new Set<(state: ChatState) => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = chatReducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener(state);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
