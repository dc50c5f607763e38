/**
 * Labels on conversations (issue 15): short words agents, bots and the REST API put on a
 * session ("vip", "refund", "bug-report") to list, filter and search by. Kept on the session
 * (live and records), never in its log: the visitor never sees them.
 */
import * as v from 'valibot';
import { LIMITS } from './limits.js';

/** At most this many labels on one session. */
export const MAX_LABELS = 20;

/** A label: 1-40 letters, digits, spaces, `_` or `-`, kept in lower case. */
export const LabelSchema = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u, 'A label is 1-40 letters, digits, spaces, _ or -'),
);

const labelList = v.pipe(v.array(LabelSchema), v.maxLength(MAX_LABELS, `At most ${MAX_LABELS} labels`));

/** Labels to add and to remove, at least one of either. */
export const LabelChangeSchema = v.pipe(
  v.strictObject({ add: v.optional(labelList), remove: v.optional(labelList) }),
  v.check(
    (change) => (change.add?.length ?? 0) + (change.remove?.length ?? 0) > 0,
    'Name a label to add or remove',
  ),
);

/** An agent's or a bot's change of a session's labels. */
export const SessionLabelSchema = v.pipe(
  v.strictObject({
    sessionId: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.id)),
    add: v.optional(labelList),
    remove: v.optional(labelList),
  }),
  v.check(
    (change) => (change.add?.length ?? 0) + (change.remove?.length ?? 0) > 0,
    'Name a label to add or remove',
  ),
);

export type LabelChange = v.InferOutput<typeof LabelChangeSchema>;
export type SessionLabelInput = v.InferInput<typeof SessionLabelSchema>;

/**
 * A session's labels after a change: removals first, then additions; sorted, each once.
 * @example applyLabels(['vip'], { add: ['refund'], remove: ['vip'] }) // ['refund']
 */
export function applyLabels(labels: readonly string[] | undefined, change: LabelChange): string[] {
  const removed = new Set(change.remove ?? []);
  const kept = (labels ?? []).filter((label) => !removed.has(label));
  return [...new Set([...kept, ...(change.add ?? [])])].sort();
}
