/**
 * The desk's requests to the records (issue 12), part of the `/agent` connection's commands:
 * search, transcripts, a visitor's conversations, and for admins export, erasure and the audit
 * log. Each answer becomes a reducer action (`records-state.ts`); components never see the socket.
 */
import type { AckResult, Report, ReportQuery, SearchInput, VisitorRef } from '@parley/protocol';
import type { ApiResult } from '../auth/login-api.js';
import type { AgentTransport } from './agent-transport.js';
import { toDeskError } from './desk-error.js';
import type { DeskTask } from './desk-state.js';
import type { DeskStore } from './desk-store.js';
import { type VisitorLabel, visitorKey } from './records-state.js';

export interface RecordsCommands {
  /** Searches the conversations the agent may read: a new query, or another page of one. */
  search(input: SearchInput): void;
  /** Opens a conversation from the records, read-only; `visitor`: who it is, as shown where it was opened. */
  openTranscript(sessionId: string, visitor?: VisitorLabel): void;
  /** A visitor's conversations the agent may read: the first page, or (`more`) the next. */
  loadHistory(visitor: VisitorRef, more?: boolean): void;
  /** Admins: downloads everything kept about a visitor, as `parley-visitor-<id>.json`. */
  exportVisitor(visitor: VisitorRef): Promise<ApiResult<{ fileName: string }>>;
  /**
   * Admins: erases a visitor. The desk then forgets what it shows of them, and reads again what
   * showed them (their conversations, now erased shells; the search, now without them).
   */
  eraseVisitor(visitor: VisitorRef): Promise<ApiResult<{ sessions: number }>>;
  /** Admins: the audit log, newest first: the first page, or (`more`) the next. */
  loadAudit(more?: boolean): void;
  /** Supervisors and admins: the reports' figures for a range and filters (issue 15, item 6). */
  loadReport(query: ReportQuery): Promise<ApiResult<Report>>;
  /** Offers a table of a report to save, as CSV. */
  saveCsv(name: string, text: string): void;
}

export interface RecordsCommandsOptions {
  transport: AgentTransport;
  store: DeskStore;
  /** Whether the socket is connected now: a request with no answer failed by `timeout` or `not_connected`. */
  connected(): boolean;
  /** Offers a file to the agent to save (a download). */
  saveFile(name: string, text: string): void;
}

/**
 * @example
 * const records = createRecordsCommands({ transport, store, connected: () => socket.connected, saveFile });
 * records.search({ text: 'refund' });
 */
export function createRecordsCommands({
  transport,
  store,
  connected,
  saveFile,
}: RecordsCommandsOptions): RecordsCommands {
  const { dispatch, getState } = store;
  let requests = 0;

  /** An acked request as a typed result: a refusal, or no answer at all, as an error of `task`. */
  const answer = async <T extends object>(
    task: DeskTask,
    pending: Promise<AckResult<T>>,
  ): Promise<ApiResult<T>> => {
    try {
      const result = await pending;
      return result.ok ? { ok: true, value: result } : { ok: false, error: { ...result.error, task } };
    } catch (error) {
      return { ok: false, error: toDeskError(error, connected() ? 'timeout' : 'not_connected', task) };
    }
  };

  const search = (input: SearchInput) => {
    const request = ++requests;
    dispatch({ type: 'search.asked', request, query: input });
    void answer('search', transport.search(input)).then((result) =>
      dispatch(
        result.ok
          ? { type: 'search.answered', request, page: { hits: result.value.hits, total: result.value.total } }
          : { type: 'search.answered', request, error: result.error },
      ),
    );
  };

  const openTranscript = (sessionId: string, visitor?: VisitorLabel) => {
    dispatch({ type: 'transcript', view: { sessionId, ...(visitor ? { visitor } : {}) } });
    void answer('transcript', transport.transcript(sessionId)).then((result) => {
      if (!result.ok) return dispatch({ type: 'transcript', view: { sessionId, error: result.error } });
      const { session, events } = result.value;
      dispatch({ type: 'transcript', view: { sessionId, transcript: { session, events } } });
    });
  };

  const loadHistory = (visitor: VisitorRef, more = false) => {
    const key = visitorKey(visitor);
    const list = getState().records.histories[key];
    const before = more ? list?.next : undefined;
    if (more && (!before || list?.asking)) return;
    const request = ++requests;
    dispatch({ type: 'history.asked', visitor: key, request, more });
    const { siteKey, visitorId } = visitor;
    void answer('history', transport.history({ siteKey, visitorId, ...(before ? { before } : {}) })).then(
      (result) =>
        dispatch(
          result.ok
            ? {
                type: 'history.answered',
                visitor: key,
                request,
                page: { sessions: result.value.sessions, next: result.value.next },
              }
            : { type: 'history.answered', visitor: key, request, error: result.error },
        ),
    );
  };

  const loadAudit = (more = false) => {
    const { audit } = getState().records;
    const before = more ? audit.next : undefined;
    if (more && (!before || audit.asking)) return;
    const request = ++requests;
    dispatch({ type: 'audit.asked', request, more });
    void answer('audit', transport.audit(before ? { before } : {})).then((result) =>
      dispatch(
        result.ok
          ? {
              type: 'audit.answered',
              request,
              page: { entries: result.value.entries, next: result.value.next },
            }
          : { type: 'audit.answered', request, error: result.error },
      ),
    );
  };

  return {
    search,
    openTranscript,
    loadHistory,
    loadAudit,
    async exportVisitor(visitor) {
      const { siteKey, visitorId } = visitor;
      const result = await answer('export', transport.exportVisitor({ siteKey, visitorId }));
      if (!result.ok) return result;
      const fileName = `parley-visitor-${visitorId}.json`;
      saveFile(fileName, `${JSON.stringify(result.value.document, null, 2)}\n`);
      return { ok: true, value: { fileName } };
    },
    async eraseVisitor(visitor) {
      const { siteKey, visitorId } = visitor;
      const result = await answer('erase', transport.eraseVisitor({ siteKey, visitorId }));
      if (!result.ok) return result;
      dispatch({ type: 'erased', visitor: { siteKey, visitorId } });
      const { records } = getState();
      const key = visitorKey(visitor);
      if (records.histories[key]) loadHistory(visitor);
      const shown = records.transcript?.transcript?.session;
      if (shown && visitorKey(shown) === key) openTranscript(shown.id);
      if (records.search.query) search(records.search.query);
      return { ok: true, value: { sessions: result.value.sessions } };
    },
    loadReport: (query) => answer('reports', transport.report(query)),
    saveCsv: (name, text) => saveFile(name, text),
  };
}
