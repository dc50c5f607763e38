import type { Store } from '@parley/client';
import { useEffect, useState } from 'preact/hooks';

/**
 * A store's current state (the desk's, or the team tools'); re-renders on every change,
 * unsubscribes on unmount.
 */
export function useStoreState<S>(store: Store<S, never>): S {
  const [state, setState] = useState(store.getState);
  useEffect(() => {
    setState(store.getState());
    return store.subscribe(setState);
  }, [store]);
  return state;
}
