/** A state container over a pure reducer: what the widget and the desk each keep their state in. */
export interface Store<S, A> {
  getState(): S;
  dispatch(action: A): void;
  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: (state: S) => void): () => void;
}

/**
 * Holds one client's state and runs its reducer; one per connection or page, never module-level.
 * A reducer that returns the same state object means "no change": listeners are not called.
 * @example
 * const store = createStore(chatReducer, initialChatState());
 * const stop = store.subscribe((state) => render(state));
 */
export function createStore<S, A>(reducer: (state: S, action: A) => S, initial: S): Store<S, A> {
  let state = initial;
  const listeners = new Set<(state: S) => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
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
