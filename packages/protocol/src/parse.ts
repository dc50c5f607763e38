import * as v from 'valibot';
import { fail, type Result } from './errors.js';

const SIZE_ISSUES = new Set(['max_length', 'max_entries', 'max_bytes', 'max_size']);

/**
 * Keys valibot's records drop without a word (they would reach an object's prototype): a payload
 * with one is refused instead, so what a sender set is never half kept.
 */
const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);
/** Deeper than any payload's schema goes: below it the schema refuses the payload anyway. */
const MAX_DEPTH = 8;

/** The path of the first unsafe key in `input` (an own key, as JSON.parse makes them), if any. */
function unsafeKey(input: unknown, path: string, depth: number): string | undefined {
  if (typeof input !== 'object' || input === null || depth > MAX_DEPTH) return undefined;
  for (const [key, value] of Object.entries(input)) {
    const at = path ? `${path}.${key}` : key;
    if (UNSAFE_KEYS.has(key)) return at;
    const found = unsafeKey(value, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Parses an inbound payload, turning schema issues into one wire error: `payload_too_large` when a
 * size limit was hit, `invalid_payload` for everything else, with a message naming the field.
 * @example
 * const parsed = parsePayload(VisitorSendSchema, payload);
 * if (!parsed.ok) return ack(parsed);
 */
export function parsePayload<const S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): Result<v.InferOutput<S>> {
  // valibot's object schemas take an array as an object (`[]` as `{}`): a payload never is one.
  if (Array.isArray(input) && 'entries' in schema) {
    return fail('invalid_payload', 'Invalid type: Expected Object but received Array');
  }
  const unsafe = unsafeKey(input, '', 0);
  if (unsafe) return fail('invalid_payload', `Key not allowed: ${unsafe}`);
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const tooLarge = result.issues.some((issue) => SIZE_ISSUES.has(issue.type));
  return fail(tooLarge ? 'payload_too_large' : 'invalid_payload', v.summarize(result.issues));
}
