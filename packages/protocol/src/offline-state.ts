/**
 * What became of an offline message (issue 15): the agent it is assigned to, and whether it was
 * dealt with. Kept on the session (`SessionSummary.offline`, the records), for agents only.
 */
import * as v from 'valibot';
import { LIMITS } from './limits.js';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.id));

export const OfflineStateSchema = v.strictObject({
  /** The agent who answers it. */
  assignee: v.optional(v.string()),
  /** When it was marked done (ms epoch), and by whom. */
  doneAt: v.optional(v.number()),
  doneBy: v.optional(v.string()),
});

/** Assign (an agent's id; null unassigns) and/or mark done (true) or open again (false). */
export const OfflineUpdateSchema = v.pipe(
  v.strictObject({
    sessionId: id,
    assignee: v.optional(v.nullable(id)),
    done: v.optional(v.boolean()),
  }),
  v.check((input) => input.assignee !== undefined || input.done !== undefined, 'Assign, or mark done'),
);

export type OfflineState = v.InferOutput<typeof OfflineStateSchema>;
export type OfflineUpdateInput = v.InferInput<typeof OfflineUpdateSchema>;

/** A change of an offline message's state, as the store applies it. */
export interface OfflineChange {
  assignee?: string | null;
  /** Marked done by this agent; null: open again. */
  done?: { by: string } | null;
}

/**
 * The state after a change at `now`.
 * @example applyOffline({}, { assignee: 'bob' }, 1) // { assignee: 'bob' }
 */
export function applyOffline(
  state: OfflineState | undefined,
  change: OfflineChange,
  now: number,
): OfflineState {
  const next: OfflineState = { ...(state ?? {}) };
  if (change.assignee === null) delete next.assignee;
  else if (change.assignee !== undefined) next.assignee = change.assignee;
  if (change.done === null) {
    delete next.doneAt;
    delete next.doneBy;
  } else if (change.done !== undefined) {
    next.doneAt = now;
    next.doneBy = change.done.by;
  }
  return next;
}
