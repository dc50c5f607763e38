import * as v from 'valibot';
import { fail, type Result } from './errors.js';

const SIZE_ISSUES = new Set(['max_length', 'max_entries', 'max_bytes', 'max_size']);

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
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const tooLarge = result.issues.some((issue) => SIZE_ISSUES.has(issue.type));
  return fail(tooLarge ? 'payload_too_large' : 'invalid_payload', v.summarize(result.issues));
}
