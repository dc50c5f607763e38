import {
  type FormAnswerSendInput,
  fail,
  type Result,
  type VisitorInfo,
  type Written,
  writeAck,
} from '@parley/protocol';
import type { SessionStore } from '../store/session-store.js';
import { checkForm } from './form-check.js';
import type { Publisher } from './publisher.js';
import type { VisitorRef } from './session-service.js';

export interface FormAnswerServiceDeps {
  store: SessionStore;
  publish: Publisher;
  clock: () => number;
}

/**
 * Answers to a bot's (or agent's) inline form (issue 14): checked against the form's definition
 * as the log holds it, never as the client says; stored as the visitor's message carrying
 * `formAnswer` (so the bot hears it like any message, and the records keep it), and as the
 * session's data under `form.field`. Once per form: the same answer again returns its seq,
 * another one is a `conflict`.
 */
export function createFormAnswerService({ store, publish, clock }: FormAnswerServiceDeps) {
  return {
    async answer(
      visitor: VisitorRef,
      info: VisitorInfo,
      input: FormAnswerSendInput,
      /** The socket that sent it: it gets the event in its ack only. */
      sender?: string,
    ): Promise<Result<Written>> {
      const session = await store.getSession(input.sessionId);
      if (!session) return fail('not_found', `No session ${input.sessionId}`);
      if (session.visitorId !== visitor.visitorId || session.siteKey !== visitor.site.key) {
        return fail('forbidden', 'That session belongs to someone else');
      }
      const [asked] = await store.eventsSince(session.id, input.seq - 1, 1);
      if (asked?.seq !== input.seq || asked.type !== 'message' || asked.rich?.type !== 'form') {
        return fail('not_found', `No form at seq ${input.seq}`);
      }
      const { form } = asked.rich;
      const { fields } = form;
      const checked = checkForm(fields, input.values);
      if (!checked.ok) return checked;
      const values = checked.value;
      const text = fields
        .filter((f) => values[f.name] !== undefined)
        .map((f) => `${f.label}: ${values[f.name]}`)
        .join('\n');
      const written = await store.appendMessage({
        sessionId: session.id,
        // One answer per form, kept once by the store's dedupe (atomic, across processes): the
        // client id is the form's, whatever the client sends.
        clientId: `form-answer:${input.seq}`,
        author: { role: 'visitor', id: visitor.visitorId, ...(info.name ? { name: info.name } : {}) },
        // Every answer may be blank and optional: the message still says the form was sent.
        text: text || form.title || form.id,
        formAnswer: { seq: input.seq, form: form.id, values },
        now: clock(),
      });
      if (!written.ok) return written;
      const { event, duplicate } = written.value;
      if (duplicate) {
        // The same answer again (a retry, another tab) is the first; another answer is refused.
        const same = JSON.stringify(event.formAnswer?.values) === JSON.stringify(values);
        return same
          ? { ok: true, value: writeAck(event) }
          : fail('conflict', 'That form was answered already');
      }
      const data = Object.fromEntries(
        Object.entries(values).map(([name, value]) => [`${form.id}.${name}`, value]),
      );
      if (Object.keys(data).length > 0) await store.setData(session.id, data, clock());
      publish.event(written.value.session, event, { sender });
      return { ok: true, value: writeAck(event) };
    },
  };
}

export type FormAnswerService = ReturnType<typeof createFormAnswerService>;
