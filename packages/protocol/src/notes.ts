/**
 * Private notes (issue 15): agents' remarks on a conversation that the visitor and the bot never
 * see. They live beside the session's log, not in it: the log's seqs are what visitors' and bots'
 * timelines count, so a note kept there would leave a hole only they could not fill, and every
 * path that replays the log to them would have to remember to leave notes out. Kept apart, no
 * visitor or bot path can carry one by accident.
 */
import * as v from 'valibot';
import { LIMITS } from './limits.js';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.id));

/** A note as the desk shows it; `n` counts the session's notes from 1. */
export interface Note {
  sessionId: string;
  n: number;
  /** Milliseconds since the epoch, server clock. */
  at: number;
  author: { role: 'agent'; id: string; name?: string };
  text: string;
}

/** An agent writes a note on a session they may read. */
export const NoteAddSchema = v.strictObject({
  sessionId: id,
  text: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'The note is empty'),
    v.maxLength(LIMITS.messageText, `A note is at most ${LIMITS.messageText} characters`),
  ),
});

export type NoteAddInput = v.InferInput<typeof NoteAddSchema>;
