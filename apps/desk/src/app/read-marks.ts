import type { Timer, Timers } from './timers.js';

/** How long the agent's reading settles before the server hears of it (issue 14). */
export const READ_DEBOUNCE_MS = 800;

export interface ReadMarks {
  /** The agent has seen a chat through `seq`. */
  note(sessionId: string, seq: number): void;
}

/**
 * Gathers the agent's read marks and sends each chat's latest once it settled: the visitor's
 * "Seen" costs the server one write per pause in reading, not one per message.
 * @example const marks = createReadMarks(timers, (id, seq) => socket.emit('read.mark', { sessionId: id, seq }, ack));
 */
export function createReadMarks(timers: Timers, send: (sessionId: string, seq: number) => void): ReadMarks {
  const waiting = new Map<string, number>();
  let timer: Timer | undefined;
  const flush = () => {
    timer = undefined;
    for (const [sessionId, seq] of waiting) send(sessionId, seq);
    waiting.clear();
  };
  return {
    note(sessionId, seq) {
      waiting.set(sessionId, Math.max(seq, waiting.get(sessionId) ?? 0));
      timers.cancel(timer);
      timer = timers.later(READ_DEBOUNCE_MS, flush);
    },
  };
}
