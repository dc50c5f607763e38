/**
 * What a supervisor's desk keeps (issue 15, item 3): the team view, the chat monitored silently,
 * and the whispers (private notes) of each chat. Any agent's desk keeps the whispers it gets.
 */
import type { AgentNote, SessionEvent, SessionSync, TeamView } from '@parley/protocol';

export interface SupervisorState {
  /** Every agent and live chat of the supervisor's sites, as last asked. */
  team?: TeamView;
  /** The chat monitored silently, with its log (live as `monitor.event`s arrive). */
  monitor?: SessionSync;
  /** Whispers by session, oldest first. */
  notes: Record<string, AgentNote[]>;
}

export type SupervisorAction =
  | { type: 'team.view'; team: TeamView }
  | { type: 'monitor.opened'; sync: SessionSync }
  | { type: 'monitor.closed' }
  | { type: 'monitor.event'; event: SessionEvent }
  | { type: 'note'; note: AgentNote };

export const initialSupervisorState = (): SupervisorState => ({ notes: {} });

/** The one place the supervisor's state changes. */
export function supervisorReducer(state: SupervisorState, action: SupervisorAction): SupervisorState {
  switch (action.type) {
    case 'team.view':
      return { ...state, team: action.team };
    case 'monitor.opened':
      return { ...state, monitor: action.sync };
    case 'monitor.closed': {
      const { monitor: _, ...rest } = state;
      return rest;
    }
    case 'monitor.event': {
      const { monitor } = state;
      if (!monitor || monitor.session.id !== action.event.sessionId) return state;
      if (monitor.events.some((e) => e.seq === action.event.seq)) return state;
      const { event } = action;
      const events = [...monitor.events, event].sort((a, b) => a.seq - b.seq);
      // A change of status or hands moves the chat on: who has it now, for the whisper and the actions.
      const session =
        event.type === 'session.changed' && event.seq > monitor.session.lastSeq
          ? {
              ...monitor.session,
              status: event.to,
              lastSeq: event.seq,
              ...(event.handler !== undefined ? { handler: event.handler } : {}),
            }
          : monitor.session;
      return { ...state, monitor: { session, events } };
    }
    case 'note': {
      const { note } = action;
      const kept = state.notes[note.sessionId] ?? [];
      if (kept.some((n) => n.clientId === note.clientId && n.author.id === note.author.id)) return state;
      return { ...state, notes: { ...state.notes, [note.sessionId]: [...kept, note] } };
    }
  }
}
