/**
 * The supervisor's commands (issue 15, item 3), part of the `/agent` connection's: the team
 * view, silent monitoring, whispers, take-over, reassignment and a colleague's presence. Each
 * answer becomes a reducer action (`supervisor-state.ts`); a refusal is shown as an error of the
 * `supervise` task. Components never see the socket.
 */
import { newClientId } from '@parley/client';
import type { AckResult, PresenceAssignInput } from '@parley/protocol';
import type { ApiResult } from '../auth/login-api.js';
import type { AgentTransport } from './agent-transport.js';
import { toDeskError } from './desk-error.js';
import type { DeskStore } from './desk-store.js';

export interface SupervisorCommands {
  /** Asks for every agent and live chat of the supervisor's sites. */
  loadTeam(): void;
  /** Watches a chat silently (the visitor and the bot never know); one at a time. */
  monitor(sessionId: string): void;
  /** Stops watching the monitored chat. */
  stopMonitoring(): void;
  /** A private note to the chat's agent; resolves when it was delivered, or why not. */
  whisper(sessionId: string, text: string): Promise<ApiResult<Record<string, never>>>;
  /** Becomes the chat's agent; the chat then opens in the supervisor's own list. */
  takeOver(sessionId: string): void;
  /** Gives the chat to a colleague of its site. */
  reassign(sessionId: string, agent: string): void;
  /** Sets a colleague's presence (not ready with a reason from the list). */
  assignPresence(input: PresenceAssignInput): void;
}

export interface SupervisorCommandsOptions {
  transport: AgentTransport;
  store: DeskStore;
  connected(): boolean;
}

/**
 * @example
 * const supervisor = createSupervisorCommands({ transport, store, connected: () => socket.connected });
 * supervisor.monitor('s1');
 */
export function createSupervisorCommands({
  transport,
  store,
  connected,
}: SupervisorCommandsOptions): SupervisorCommands & { changed(): void; reconnected(): void } {
  const { dispatch, getState } = store;

  /** An acked request as a typed result; a refusal or no answer becomes a `supervise` error. */
  const answer = async <T extends object>(pending: Promise<AckResult<T>>): Promise<ApiResult<T>> => {
    try {
      const result = await pending;
      return result.ok
        ? { ok: true, value: result }
        : { ok: false, error: { ...result.error, task: 'supervise' } };
    } catch (error) {
      return { ok: false, error: toDeskError(error, connected() ? 'timeout' : 'not_connected', 'supervise') };
    }
  };
  const shown = <T>(result: ApiResult<T>): result is { ok: true; value: T } => {
    if (!result.ok) dispatch({ type: 'error', error: result.error });
    return result.ok;
  };

  const loadTeam = () => {
    void answer(transport.team()).then((result) => {
      if (shown(result)) dispatch({ type: 'team.view', team: result.value });
    });
  };
  const afterChange = (result: ApiResult<object>) => {
    if (shown(result)) loadTeam();
  };

  return {
    loadTeam,
    /** Something the team view shows changed (presence, the queue, a monitored chat): asked again when shown. */
    changed() {
      if (getState().view.kind === 'team') loadTeam();
    },
    /** A new connection is in no monitor room: watch the monitored chat again (its log afresh). */
    reconnected() {
      const sessionId = getState().supervision.monitor?.session.id;
      if (!sessionId) return;
      void answer(transport.monitorStart(sessionId)).then((result) => {
        if (result.ok)
          dispatch({
            type: 'monitor.opened',
            sync: { session: result.value.session, events: result.value.events },
          });
        else dispatch({ type: 'monitor.closed' });
      });
    },
    monitor(sessionId) {
      const before = getState().supervision.monitor?.session.id;
      if (before && before !== sessionId) void transport.monitorStop(before).catch(() => undefined);
      void answer(transport.monitorStart(sessionId)).then((result) => {
        if (!shown(result)) return;
        const { session, events } = result.value;
        dispatch({ type: 'monitor.opened', sync: { session, events } });
      });
    },
    stopMonitoring() {
      const sessionId = getState().supervision.monitor?.session.id;
      dispatch({ type: 'monitor.closed' });
      if (sessionId) void answer(transport.monitorStop(sessionId)).then(shown);
    },
    async whisper(sessionId, text) {
      const result = await answer(transport.whisper({ sessionId, clientId: newClientId(), text }));
      if (!result.ok) return result;
      dispatch({ type: 'note', note: result.value.note });
      return { ok: true, value: {} };
    },
    takeOver(sessionId) {
      void answer(transport.takeOver(sessionId)).then((result) => {
        if (!shown(result)) return;
        dispatch({ type: 'show', view: { kind: 'chat', sessionId } });
      });
    },
    reassign(sessionId, agent) {
      void answer(transport.reassign({ sessionId, agent })).then(afterChange);
    },
    assignPresence(input) {
      void answer(transport.assignPresence(input)).then(afterChange);
    },
  };
}
