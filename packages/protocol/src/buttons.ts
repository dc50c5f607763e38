import * as v from 'valibot';
import { LIMITS } from './limits.js';

/** An http(s) link of at most `LIMITS.field` characters. */
export const httpUrl = v.pipe(
  v.string(),
  v.maxLength(LIMITS.field),
  v.url(),
  v.regex(/^https?:\/\//, 'Links must be http or https'),
);

/** A button under a message: it either sends `reply` as the visitor's message, or opens `url`. */
export const ButtonSchema = v.union([
  v.strictObject({
    label: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.quickReply)),
    reply: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.quickReply)),
  }),
  v.strictObject({ label: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.quickReply)), url: httpUrl }),
]);

export const ButtonsSchema = v.pipe(
  v.array(ButtonSchema),
  v.maxLength(LIMITS.choices, `At most ${LIMITS.choices} buttons`),
);
