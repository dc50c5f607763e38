import type { Timer, Timers } from './timers.js';

/** The agent stopped typing after this long without a keystroke. */
export const TYPING_IDLE_MS = 3_000;
/** While the agent keeps typing, "typing" is told again this often (the visitor's side expires it). */
export const TYPING_REFRESH_MS = 4_000;

export interface TypingSignal {
  /** A keystroke in a chat's reply box. */
  note(sessionId: string): void;
  /** The agent sent, or left the chat: "stopped", at once. */
  stop(): void;
}

/**
 * Turns keystrokes into few typing notices: "typing" on the first keystroke (and again every
 * `TYPING_REFRESH_MS` while it goes on), "stopped" after `TYPING_IDLE_MS` of quiet, on send, or
 * when the agent types in another chat.
 * @example const typing = createTypingSignal(timers, (sessionId, on) => socket.emit('typing', { sessionId, on }));
 */
export function createTypingSignal(
  timers: Timers,
  emit: (sessionId: string, on: boolean) => void,
  now: () => number = Date.now,
): TypingSignal {
  let current: { sessionId: string; lastOn: number; idle: Timer } | undefined;

  const stop = () => {
    if (!current) return;
    timers.cancel(current.idle);
    emit(current.sessionId, false);
    current = undefined;
  };

  return {
    note(sessionId) {
      if (current && current.sessionId !== sessionId) stop();
      if (current && now() - current.lastOn < TYPING_REFRESH_MS) {
        timers.cancel(current.idle);
        current.idle = timers.later(TYPING_IDLE_MS, stop);
        return;
      }
      if (current) timers.cancel(current.idle);
      emit(sessionId, true);
      current = { sessionId, lastOn: now(), idle: timers.later(TYPING_IDLE_MS, stop) };
    },
    stop,
  };
}
