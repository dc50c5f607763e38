/**
 * The team tools' requests on the `/agent` socket (issue 15), part of a login's connection:
 * private notes, and the canned responses the welcome brings. Components never see the socket.
 */
import { askWhileConnected } from '@parley/client';
import type { AckResult, Note, OfflineState, OfflineUpdateInput } from '@parley/protocol';
import type { ApiResult } from '../auth/login-api.js';
import { ACK_TIMEOUT_MS, type AgentSocket } from './agent-transport.js';
import { toDeskError } from './desk-error.js';
import type { ToolsStore } from './tools-store.js';

export interface ToolsCommands {
  /** Fetches a session's notes (when a chat opens); resolves with them, or why not. */
  loadNotes(sessionId: string): Promise<ApiResult<{ notes: Note[] }>>;
  /** Adds and removes a session's labels; resolves with its labels after, or why not. */
  label(
    sessionId: string,
    change: { add: string[]; remove: string[] },
  ): Promise<ApiResult<{ labels: string[] }>>;
  /** Assigns an offline message and/or marks it done; resolves with its state, or why not. */
  updateOffline(input: OfflineUpdateInput): Promise<ApiResult<{ offline: OfflineState }>>;
  /** Writes a private note; resolves with it, or why not. */
  addNote(sessionId: string, text: string): Promise<ApiResult<{ note: Note }>>;
}

/**
 * Answers the commands; the connection's event table feeds `session.note` and the welcome's
 * canned responses to the same store. A new login starts from nothing.
 * @example const tools = createToolsCommands(socket, toolsStore);
 */
export function createToolsCommands(socket: AgentSocket, tools: ToolsStore): ToolsCommands {
  const { dispatch } = tools;
  dispatch({ type: 'reset' });

  const ask = async <T extends object>(
    emit: (done: (error: Error | null, result: AckResult<T>) => void) => void,
  ): Promise<ApiResult<T>> => {
    try {
      const result = await askWhileConnected(socket, emit);
      return result.ok ? { ok: true, value: result } : { ok: false, error: result.error };
    } catch (error) {
      return { ok: false, error: toDeskError(error, socket.connected ? 'timeout' : 'not_connected') };
    }
  };

  return {
    async loadNotes(sessionId) {
      const result = await ask<{ notes: Note[] }>((done) =>
        socket.timeout(ACK_TIMEOUT_MS).emit('note.list', { sessionId }, done),
      );
      if (result.ok) dispatch({ type: 'notes', sessionId, notes: result.value.notes });
      return result;
    },
    label(sessionId, { add, remove }) {
      return ask<{ labels: string[] }>((done) =>
        socket
          .timeout(ACK_TIMEOUT_MS)
          .emit(
            'session.label',
            { sessionId, ...(add.length > 0 ? { add } : {}), ...(remove.length > 0 ? { remove } : {}) },
            done,
          ),
      );
    },
    updateOffline(input) {
      return ask<{ offline: OfflineState }>((done) =>
        socket.timeout(ACK_TIMEOUT_MS).emit('offline.update', input, done),
      );
    },
    async addNote(sessionId, text) {
      const result = await ask<{ note: Note }>((done) =>
        socket.timeout(ACK_TIMEOUT_MS).emit('note.add', { sessionId, text }, done),
      );
      if (result.ok) dispatch({ type: 'note', note: result.value.note });
      return result;
    },
  };
}
