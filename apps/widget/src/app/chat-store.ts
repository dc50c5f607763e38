import { createStore, type Store } from '@parley/client';
import { type ChatAction, type ChatState, chatReducer } from './chat-reducer.js';

export type ChatStore = Store<ChatState, ChatAction>;

/**
 * Holds one widget's state and runs the reducer; one per connection, never module-level.
 * @example
 * const store = createChatStore(initialChatState());
 * const stop = store.subscribe((state) => render(state));
 */
export function createChatStore(initial: ChatState): ChatStore {
  return createStore(chatReducer, initial);
}
