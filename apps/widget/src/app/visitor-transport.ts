import { type AckCallback, askWhileConnected, type DeliveryTransport } from '@parley/client';
import type {
  AckResult,
  HistoryListInput,
  HistoryPage,
  IdentifyInput,
  OfflineSubmitInput,
  OpenSessionInput,
  RouteOutcome,
  SessionSummary,
  SessionSync,
  SetAttributesInput,
  Transcript,
  TranscriptEmailInput,
  VisitorClientEvents,
  VisitorFeedbackInput,
  VisitorSendInput,
  VisitorServerEvents,
  Written,
} from '@parley/protocol';
import type { Socket } from 'socket.io-client';

export type VisitorSocket = Socket<VisitorServerEvents, VisitorClientEvents>;

/**
 * What `message.send` acks: the session the message went to (a new one after a close), its seq
 * and its event (issue 16: this tab gets the event here only).
 */
export type VisitorSent = { sessionId: string } & Written;

export interface VisitorTransport extends DeliveryTransport<VisitorSendInput, VisitorSent> {
  open(payload: OpenSessionInput): Promise<AckResult<{ session: SessionSummary }>>;
  identify(payload: IdentifyInput): Promise<AckResult<{ verified: boolean; token?: string }>>;
  setAttributes(payload: SetAttributesInput): Promise<AckResult<{ sessionId?: string }>>;
  close(sessionId: string): Promise<AckResult<Written>>;
  handoff(sessionId: string): Promise<AckResult<{ route: RouteOutcome } & Written>>;
  submitOffline(payload: OfflineSubmitInput): Promise<AckResult<Written>>;
  feedback(payload: VisitorFeedbackInput): Promise<AckResult<Written>>;
  history(payload: HistoryListInput): Promise<AckResult<HistoryPage>>;
  transcript(sessionId: string): Promise<AckResult<Transcript>>;
  emailTranscript(payload: TranscriptEmailInput): Promise<AckResult<object>>;
}

/** How long an acked event may take before it counts as unanswered (and is retried on resume). */
export const ACK_TIMEOUT_MS = 10_000;

/**
 * The acked events of the `/visitor` namespace as promises. Each rejects when no answer came
 * (timeout, or not connected: delivery then resends on the next resume rather than letting
 * Socket.IO buffer a second copy); a resolved `{ ok: false }` is the server's final word.
 * @example const result = await createVisitorTransport(socket).close('s1');
 */
export function createVisitorTransport(socket: VisitorSocket): VisitorTransport {
  const ask = <T>(emit: (done: AckCallback<T>) => void): Promise<T> => askWhileConnected(socket, emit);
  const timed = () => socket.timeout(ACK_TIMEOUT_MS);

  return {
    sync: (cursors) =>
      ask<AckResult<{ sessions: SessionSync[] }>>((done) => timed().emit('sync', { cursors }, done)),
    send: (payload) => ask<AckResult<VisitorSent>>((done) => timed().emit('message.send', payload, done)),
    open: (payload) =>
      ask<AckResult<{ session: SessionSummary }>>((done) => timed().emit('session.open', payload, done)),
    identify: (payload) =>
      ask<AckResult<{ verified: boolean; token?: string }>>((done) =>
        timed().emit('visitor.identify', payload, done),
      ),
    setAttributes: (payload) =>
      ask<AckResult<{ sessionId?: string }>>((done) => timed().emit('visitor.attributes', payload, done)),
    close: (sessionId) =>
      ask<AckResult<Written>>((done) => timed().emit('session.close', { sessionId }, done)),
    handoff: (sessionId) =>
      ask<AckResult<{ route: RouteOutcome } & Written>>((done) =>
        timed().emit('session.handoff', { sessionId }, done),
      ),
    submitOffline: (payload) =>
      ask<AckResult<Written>>((done) => timed().emit('offline.submit', payload, done)),
    feedback: (payload) => ask<AckResult<Written>>((done) => timed().emit('session.feedback', payload, done)),
    history: (payload) => ask<AckResult<HistoryPage>>((done) => timed().emit('history.list', payload, done)),
    transcript: (sessionId) =>
      ask<AckResult<Transcript>>((done) => timed().emit('history.get', { sessionId }, done)),
    emailTranscript: (payload) =>
      ask<AckResult<object>>((done) => timed().emit('transcript.email', payload, done)),
  };
}
