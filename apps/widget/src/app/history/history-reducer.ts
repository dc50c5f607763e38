/**
 * The history screen's state and its pure reducer: the visitor's conversations from the records,
 * a page at a time, and the one opened read-only. The screen feeds it the answers of
 * `ChatCommands.history` and `conversation`; no DOM, no socket, no clock.
 */
import type { ConversationRecord, HistoryPage, Transcript } from '@parley/protocol';
import type { ChatError } from '../chat-reducer.js';

/** A conversation opened read-only: loading, shown, or why it could not be. */
export interface OpenedConversation {
  sessionId: string;
  transcript?: Transcript;
  error?: ChatError;
}

export interface HistoryState {
  /** Newest first, each once. */
  sessions: ConversationRecord[];
  /** The next page's cursor; null once the last page is in. */
  next: string | null;
  /** The first page has come: an empty list then means "no conversations". */
  loaded: boolean;
  /** The page request on its way (each has a number: an answer to an older one is dropped). */
  asking?: number;
  /** Why the last page could not be loaded (asking again clears it). */
  error?: ChatError;
  opened?: OpenedConversation;
}

export type HistoryAction =
  | { type: 'asked'; request: number }
  | { type: 'page'; request: number; page: HistoryPage }
  | { type: 'failed'; request: number; error: ChatError }
  | { type: 'open'; sessionId: string }
  | { type: 'transcript'; sessionId: string; transcript?: Transcript; error?: ChatError }
  | { type: 'close' };

export const initialHistoryState: HistoryState = { sessions: [], next: null, loaded: false };

/** Whether another page can be asked for now: there is one, and none is on its way. */
export const canLoadMore = (state: HistoryState): boolean =>
  state.loaded && state.next !== null && state.asking === undefined && !state.error;

function withPage(state: HistoryState, { sessions, next }: HistoryPage): HistoryState {
  // A conversation can move between pages while they load (it changed): listed once, where seen first.
  const known = new Set(state.sessions.map((session) => session.id));
  const { asking: _, error: __, ...rest } = state;
  return {
    ...rest,
    sessions: [...state.sessions, ...sessions.filter((session) => !known.has(session.id))],
    next,
    loaded: true,
  };
}

/**
 * @example historyReducer(initialHistoryState, { type: 'asked', request: 1 }).asking // 1
 */
export function historyReducer(state: HistoryState, action: HistoryAction): HistoryState {
  switch (action.type) {
    case 'asked': {
      const { error: _, ...rest } = state;
      return { ...rest, asking: action.request };
    }
    case 'page':
      return state.asking === action.request ? withPage(state, action.page) : state;
    case 'failed': {
      if (state.asking !== action.request) return state;
      const { asking: _, ...rest } = state;
      return { ...rest, error: action.error };
    }
    case 'open':
      return { ...state, opened: { sessionId: action.sessionId } };
    case 'transcript': {
      if (state.opened?.sessionId !== action.sessionId) return state;
      const { transcript, error } = action;
      return {
        ...state,
        opened: {
          sessionId: action.sessionId,
          ...(transcript ? { transcript } : {}),
          ...(error ? { error } : {}),
        },
      };
    }
    case 'close': {
      const { opened: _, ...rest } = state;
      return rest;
    }
  }
}
