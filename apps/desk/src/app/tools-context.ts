import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { initialToolsState, type ToolsState } from './tools-store.js';

/** The team tools' state for components (issue 15); provided by `DeskApp`. */
export const ToolsContext = createContext<ToolsState>(initialToolsState());

export const useTools = (): ToolsState => useContext(ToolsContext);
