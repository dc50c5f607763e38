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

/**
 * Why `input` is refused before its schema looks at it, if it is: a key that would reach a
 * prototype (an own key, as JSON.parse makes them), or a NUL character in a key or a string,
 * which no PostgreSQL text holds (a search, an id looked up in the records); with where.
 */
function refusedInput(input: unknown, path: string, depth: number): string | undefined {
  const at = path || 'the payload';
  if (typeof input === 'string')
    return input.includes('\u0000') ? `NUL character not allowed: ${at}` : undefined;
  if (typeof input !== 'object' || input === null || depth > MAX_DEPTH) return undefined;
  // Bytes (a client may send binary over Socket.IO): no schema takes them, and walking them one
  // entry per byte would cost a megabyte's worth of entries.
  if (ArrayBuffer.isView(input) || input instanceof ArrayBuffer) return undefined;
  for (const [key, value] of Object.entries(input)) {
    const where = path ? `${path}.${key}` : key;
    if (UNSAFE_KEYS.has(key)) return `Key not allowed: ${where}`;
    if (key.includes('\u0000')) return `NUL character not allowed in a key: ${at}`;
    const found = refusedInput(value, where, depth + 1);
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
  const refused = refusedInput(input, '', 0);
  if (refused) return fail('invalid_payload', refused);
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const tooLarge = result.issues.some((issue) => SIZE_ISSUES.has(issue.type));
  return fail(tooLarge ? 'payload_too_large' : 'invalid_payload', v.summarize(result.issues));
}
