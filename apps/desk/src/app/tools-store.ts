/**
 * The team tools' state (issue 15): private notes by session and the agent's canned responses.
 * A store of its own beside the desk's, so these tools grow without touching the desk's reducer.
 */
import { createStore, type Store } from '@parley/client';
import type { CannedResponse, Note } from '@parley/protocol';

export interface ToolsState {
  /** The notes of each session the desk asked about, oldest first. */
  notes: Record<string, Note[]>;
  /** The canned responses of the agent's sites and teams. */
  canned: CannedResponse[];
}

export type ToolsAction =
  | { type: 'notes'; sessionId: string; notes: Note[] }
  | { type: 'note'; note: Note }
  | { type: 'canned'; canned: CannedResponse[] }
  | { type: 'reset' };

export const initialToolsState = (): ToolsState => ({ notes: {}, canned: [] });

/** Pure: a note heard twice (its ack and its broadcast) is kept once, by its number. */
export function toolsReducer(state: ToolsState, action: ToolsAction): ToolsState {
  switch (action.type) {
    case 'notes':
      return { ...state, notes: { ...state.notes, [action.sessionId]: action.notes } };
    case 'note': {
      const { note } = action;
      const known = state.notes[note.sessionId] ?? [];
      if (known.some((n) => n.n === note.n)) return state;
      const notes = [...known, note].sort((a, b) => a.n - b.n);
      return { ...state, notes: { ...state.notes, [note.sessionId]: notes } };
    }
    case 'canned':
      return { ...state, canned: action.canned };
    case 'reset':
      return initialToolsState();
  }
}

export type ToolsStore = Store<ToolsState, ToolsAction>;

/** One per page, made in `main.tsx`. */
export const createToolsStore = (): ToolsStore => createStore(toolsReducer, initialToolsState());
