import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Translate } from '../i18n/translate.js';
import type { DeskCommands } from './desk-controller.js';

export interface DeskContextValue {
  t: Translate;
  /** The agent's locale, for dates and times. */
  locale: string;
  commands: DeskCommands;
}

/** Commands, translations and locale for components; provided once by `DeskApp`. */
export const DeskContext = createContext<DeskContextValue | null>(null);

export function useDesk(): DeskContextValue {
  const value = useContext(DeskContext);
  if (!value) throw new Error('useDesk() outside <DeskApp>');
  return value;
}
