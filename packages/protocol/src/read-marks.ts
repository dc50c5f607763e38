/**
 * Read receipts (issue 14, item 3): how far each side of a session has read its log. A read mark
 * is not a message: it has no seq of its own, only moves forward, and rides on the session's
 * summary, so every snapshot (`sync`, `session.get`, `session.created`) replays it.
 */
import * as v from 'valibot';
import { LIMITS } from './limits.js';

/** Who reads: the visitor (every tab of theirs), the agent who has the chat, the bot. */
export const READ_PARTIES = ['visitor', 'agent', 'bot'] as const;
export const ReadPartySchema = v.picklist(READ_PARTIES);

const seq = v.pipe(v.number(), v.integer(), v.minValue(0));

/** The seq through which each party has read the session; a party that read nothing is absent. */
export const ReadMarksSchema = v.strictObject({
  visitor: v.optional(seq),
  agent: v.optional(seq),
  bot: v.optional(seq),
});

/** A visitor or an agent read a session through `seq` (a seq past the log's end counts as its end). */
export const MarkReadSchema = v.strictObject({
  sessionId: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.id)),
  seq: v.pipe(seq, v.minValue(1)),
});

export type ReadParty = v.InferOutput<typeof ReadPartySchema>;
export type ReadMarks = v.InferOutput<typeof ReadMarksSchema>;
export type MarkReadInput = v.InferInput<typeof MarkReadSchema>;

/** A read mark moved: to every socket of the party that read, and to the other side. */
export interface ReadNotice {
  sessionId: string;
  party: ReadParty;
  seq: number;
}

/**
 * The seq of the latest message by `authors` that `reader` has read, or 0: where "Seen" goes.
 * @example seenSeq(events, marks.visitor, ['agent', 'bot'])
 */
export function seenSeq(
  events: ReadonlyArray<{ type: string; seq: number; author?: { role: string } }>,
  read: number | undefined,
  authors: readonly string[],
): number {
  if (!read) return 0;
  let seen = 0;
  for (const event of events) {
    if (event.seq > read) break;
    if (event.type === 'message' && event.author && authors.includes(event.author.role)) seen = event.seq;
  }
  return seen;
}
