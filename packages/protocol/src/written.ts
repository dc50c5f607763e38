import type { SessionEvent } from './schemas.js';

/**
 * The ack of a write that appended an event to a session's log: its seq, and the event itself.
 * The connection that wrote it gets it here only, never again as `session.event` (issue 16);
 * the writer's other tabs, the other party and monitoring supervisors get it live as before. A
 * retry (the same client id) gets the original event.
 * @example socket.emit('message.send', payload, (ack) => ack.ok && show(ack.event));
 */
export interface Written<E extends SessionEvent = SessionEvent> {
  seq: number;
  event: E;
}

/**
 * The ack value of a write whose event is `event` (new, or for a retry as it was first written).
 * @example return { ok: true, value: writeAck(changed.value.event) };
 */
export function writeAck<E extends SessionEvent>(event: E): Written<E> {
  return { seq: event.seq, event };
}
