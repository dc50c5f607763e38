import { deskReducer } from './desk-reducer.js';
import type { DeskAction, DeskState } from './desk-state.js';

export interface DeskStore {
  getState(): DeskState;
  dispatch(action: DeskAction): void;
  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: (state: DeskState) => void): () => void;
}

/**
 * Holds one desk's state and runs the reducer; one per page, made in `main.tsx`, never module-level.
 * @example
 * const store = createDeskStore(initialDeskState());
 * const stop = store.subscribe((state) => render(state));
 */
export function createDeskStore(initial: DeskState): DeskStore {
  let state = initial;
  const listeners = new Set<(state: DeskState) => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = deskReducer(state, action);
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
