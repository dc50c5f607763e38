import { useEffect, useState } from 'preact/hooks';
import type { DeskState } from './desk-state.js';
import type { DeskStore } from './desk-store.js';

/** The store's current state; re-renders on every change, unsubscribes on unmount. */
export function useDeskState(store: DeskStore): DeskState {
  const [state, setState] = useState(store.getState);
  useEffect(() => {
    setState(store.getState());
    return store.subscribe(setState);
  }, [store]);
  return state;
}
