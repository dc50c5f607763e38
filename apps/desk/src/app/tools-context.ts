import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { initialToolsState, type ToolsState, type ToolsStore } from './tools-store.js';

/** The team tools' state for components (issue 15); provided by `DeskApp`. */
export const ToolsContext = createContext<ToolsState>(initialToolsState());

export const useTools = (): ToolsState => useContext(ToolsContext);

/** The tools store's current state; re-renders on every change, unsubscribes on unmount. */
export function useToolsState(store: ToolsStore): ToolsState {
  const [state, setState] = useState(store.getState);
  useEffect(() => {
    setState(store.getState());
    return store.subscribe(setState);
  }, [store]);
  return state;
}
