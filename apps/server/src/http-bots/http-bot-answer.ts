import { BotMessageSchema, DataSchema, FeedbackSchema, RouteTargetSchema } from '@parley/protocol';
import * as v from 'valibot';

/** Actions one answer may carry at most. */
const MAX_ACTIONS = 20;

/**
 * What an HTTP bot may answer in its response body (docs/http-bots.md): actions on the session
 * of the event it got, applied in order. An empty body, `{}` or `{ "actions": [] }` does nothing.
 */
export const HttpBotAnswerSchema = v.strictObject({
  actions: v.optional(
    v.pipe(
      v.array(
        v.variant('type', [
          v.strictObject({ type: v.literal('message'), ...BotMessageSchema.entries }),
          v.strictObject({ type: v.literal('route'), ...RouteTargetSchema.entries }),
          v.strictObject({
            type: v.literal('close'),
            reason: v.optional(
              v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'Use a short lowercase reason code')),
            ),
          }),
          v.strictObject({ type: v.literal('feedback'), ...FeedbackSchema.entries }),
          v.strictObject({ type: v.literal('set'), data: DataSchema }),
        ]),
      ),
      v.maxLength(MAX_ACTIONS, `At most ${MAX_ACTIONS} actions`),
    ),
    [],
  ),
});

export type HttpBotAction = v.InferOutput<typeof HttpBotAnswerSchema>['actions'][number];

/**
 * Reads an HTTP bot's response body: its actions, or why it is not a valid answer.
 * @example parseAnswer('{"actions":[{"type":"message","text":"Hi"}]}') // { ok: true, actions: [...] }
 */
export function parseAnswer(
  body: string,
): { ok: true; actions: HttpBotAction[] } | { ok: false; error: string } {
  if (body.trim() === '') return { ok: true, actions: [] };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: 'the response body is not JSON' };
  }
  const parsed = v.safeParse(HttpBotAnswerSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return { ok: false, error: `invalid answer${path ? ` at ${path}` : ''}: ${issue.message}` };
  }
  return { ok: true, actions: parsed.output.actions };
}
