import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ChatCommands } from './chat-connection.js';
import type { Translate } from './i18n/translate.js';

export interface ChatContextValue {
  t: Translate;
  commands: ChatCommands;
  /** The language shown (`<html lang>`): dates and times are written in it. */
  locale: string;
}

/** Commands, translations and the language for components; provided once by `ChatApp`. */
export const ChatContext = createContext<ChatContextValue | null>(null);

export function useChat(): ChatContextValue {
  const value = useContext(ChatContext);
  if (!value) throw new Error('useChat() outside <ChatApp>');
  return value;
}
