import { createStore, type Store } from '@parley/client';
import { deskReducer } from './desk-reducer.js';
import type { DeskAction, DeskState } from './desk-state.js';

export type DeskStore = Store<DeskState, DeskAction>;

/**
 * Holds one desk's state and runs the reducer; one per page, made in `main.tsx`, never module-level.
 * @example
 * const store = createDeskStore(initialDeskState());
 * const stop = store.subscribe((state) => render(state));
 */
export function createDeskStore(initial: DeskState): DeskStore {
  return createStore(deskReducer, initial);
}
