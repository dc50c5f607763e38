import { type AckCallback, askWhileConnected, type DeliveryTransport } from '@parley/client';
import type {
  AckResult,
  AgentClientEvents,
  AgentSendInput,
  AgentServerEvents,
  AgentTransferInput,
  AuditListInput,
  AuditPage,
  HistoryPage,
  OfflineEntry,
  OfflineReplyInput,
  Presence,
  PresenceSetInput,
  QueueEntry,
  Report,
  ReportQuery,
  RouteOutcome,
  SearchInput,
  SearchPage,
  SessionStartInput,
  SessionSync,
  Transcript,
  VisitorExport,
  VisitorHistoryInput,
  VisitorRef,
  Written,
} from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import type { SupervisorTransport } from './supervisor-transport.js';
import { createSupervisorTransport } from './supervisor-transport.js';

export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;

type Seq = { seq: number };

/** The acked events of `/agent` as promises; `sync` and `send` feed the delivery layer. */
export interface AgentTransport extends DeliveryTransport<AgentSendInput, Written>, SupervisorTransport {
  setPresence(input: PresenceSetInput): Promise<AckResult<{ presence: Presence }>>;
  switchSite(siteKey: string | null): Promise<AckResult<{ activeSite: string | null }>>;
  listPresence(): Promise<AckResult<{ agents: Presence[]; reasons: string[] }>>;
  listQueue(): Promise<AckResult<{ entries: QueueEntry[] }>>;
  listOffline(): Promise<AckResult<{ entries: OfflineEntry[] }>>;
  replyOffline(input: OfflineReplyInput): Promise<AckResult<{ to: string }>>;
  get(sessionId: string): Promise<AckResult<SessionSync>>;
  accept(sessionId: string): Promise<AckResult<Seq>>;
  /** Starts a conversation with a known visitor (issue 15, item 5). */
  start(input: SessionStartInput): Promise<AckResult<SessionSync>>;
  /** These three ack with the change they made (`Written`): this desk gets it there only. */
  transfer(input: AgentTransferInput): Promise<AckResult<{ route: RouteOutcome } & Written>>;
  handBack(sessionId: string): Promise<AckResult<Written>>;
  close(sessionId: string): Promise<AckResult<Written>>;
  history(input: VisitorHistoryInput): Promise<AckResult<HistoryPage>>;
  search(input: SearchInput): Promise<AckResult<SearchPage>>;
  transcript(sessionId: string): Promise<AckResult<Transcript>>;
  exportVisitor(visitor: VisitorRef): Promise<AckResult<{ document: VisitorExport }>>;
  eraseVisitor(visitor: VisitorRef): Promise<AckResult<{ sessions: number }>>;
  audit(input: AuditListInput): Promise<AckResult<AuditPage>>;
  report(query: ReportQuery): Promise<AckResult<Report>>;
}

/** How long an acked event may take before it counts as unanswered. */
export const ACK_TIMEOUT_MS = 10_000;

/**
 * The acked events of the `/agent` namespace as promises. Each rejects when no answer came
 * (timeout, or not connected: delivery then resends on the next resume rather than letting
 * Socket.IO buffer a second copy); a resolved `{ ok: false }` is the server's final word.
 * @example const result = await createAgentTransport(socket).accept('s1');
 */
export function createAgentTransport(socket: AgentSocket): AgentTransport {
  const ask = <T>(emit: (done: AckCallback<T>) => void): Promise<T> => askWhileConnected(socket, emit);
  const timed = () => socket.timeout(ACK_TIMEOUT_MS);

  return {
    sync: (cursors) => ask((done) => timed().emit('sync', { cursors }, done)),
    send: (payload) => ask((done) => timed().emit('message.send', payload, done)),
    setPresence: (input) => ask((done) => timed().emit('presence.set', input, done)),
    switchSite: (siteKey) => ask((done) => timed().emit('site.switch', { siteKey }, done)),
    listPresence: () => ask((done) => timed().emit('presence.list', {}, done)),
    listQueue: () => ask((done) => timed().emit('queue.list', {}, done)),
    listOffline: () => ask((done) => timed().emit('offline.list', {}, done)),
    replyOffline: (input) => ask((done) => timed().emit('offline.reply', input, done)),
    get: (sessionId) => ask((done) => timed().emit('session.get', { sessionId }, done)),
    accept: (sessionId) => ask((done) => timed().emit('session.accept', { sessionId }, done)),
    start: (input) => ask((done) => timed().emit('session.start', input, done)),
    transfer: (input) => ask((done) => timed().emit('session.transfer', input, done)),
    handBack: (sessionId) => ask((done) => timed().emit('session.handback', { sessionId }, done)),
    close: (sessionId) => ask((done) => timed().emit('session.close', { sessionId }, done)),
    history: (input) => ask((done) => timed().emit('history.list', input, done)),
    search: (input) => ask((done) => timed().emit('search', input, done)),
    transcript: (sessionId) => ask((done) => timed().emit('transcript', { sessionId }, done)),
    exportVisitor: (visitor) => ask((done) => timed().emit('visitor.export', visitor, done)),
    eraseVisitor: (visitor) => ask((done) => timed().emit('visitor.erase', visitor, done)),
    audit: (input) => ask((done) => timed().emit('audit.list', input, done)),
    report: (query) => ask((done) => timed().emit('reports.get', query, done)),
    ...createSupervisorTransport(socket, ask),
  };
}
