import * as v from 'valibot';
import { LIMITS } from './limits.js';
import { MessageTextSchema } from './schemas.js';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.id));

/**
 * An agent starts a conversation with a known visitor (issue 15, item 5): the chat is theirs at
 * once and opens on this message. `siteKey` names the visitor's site when the desk knows it (from
 * the records); without it, the site of the visitor's latest session.
 */
export const SessionStartSchema = v.strictObject({
  visitorId: id,
  siteKey: v.optional(id),
  message: MessageTextSchema,
});

export type SessionStartInput = v.InferInput<typeof SessionStartSchema>;
