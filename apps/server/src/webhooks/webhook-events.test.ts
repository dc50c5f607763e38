import type { SessionEvent, SessionSummary } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { outboxEntries } from './webhook-events.js';

const session: SessionSummary = {
  id: 's1',
  siteKey: 'shop',
  visitorId: 'v1',
  status: 'queued',
  handler: { kind: 'queue', id: 'support' },
  lastSpeaker: 'visitor',
  lastSeq: 6,
  createdAt: 0,
  updatedAt: 0,
  visitor: { name: 'Ada' },
  data: {},
};
const base = { sessionId: 's1', at: 0 };
const visitorSays = (seq: number, text: string): SessionEvent => ({
  ...base,
  seq,
  type: 'message',
  clientId: `c-${seq}`,
  author: { role: 'visitor', id: 'v1' },
  text,
});
const log: SessionEvent[] = [
  {
    ...base,
    seq: 1,
    type: 'session.changed',
    from: 'created',
    to: 'bot',
    reason: 'entry',
    handler: { kind: 'bot', id: 'helper' },
  },
  visitorSays(2, 'hi'),
  {
    ...base,
    seq: 3,
    type: 'message',
    clientId: 'reply:2:0',
    author: { role: 'bot', id: 'helper' },
    text: 'Hello',
  },
  {
    ...base,
    seq: 4,
    type: 'session.changed',
    from: 'bot',
    to: 'queued',
    reason: 'route',
    by: { role: 'bot', id: 'helper' },
    handler: { kind: 'queue', id: 'support' },
  },
  visitorSays(5, 'still there?'),
  {
    ...base,
    seq: 6,
    type: 'message',
    clientId: 'n-1',
    author: { role: 'system', id: 'parley' },
    text: 'notice',
  },
];
const summary = (entries: ReturnType<typeof outboxEntries>) =>
  entries.map(
    (e) =>
      `${e.seq}:${e.audience}:${e.type}${e.audience === 'bot' ? `:${e.inherit ? 'inherit' : e.bot}` : ''}`,
  );

describe('the events a batch of the session log makes', () => {
  it('maps a whole log for the site and for the HTTP bot that has the session at each event', () => {
    expect(summary(outboxEntries(session, log))).toEqual([
      '1:site:session.created',
      '1:site:session.changed',
      '1:bot:session.created:helper',
      '2:site:message.created',
      '2:bot:message.created:helper',
      '3:site:message.created',
      '4:site:session.changed',
      '4:bot:session.changed:helper',
      '5:site:message.created',
    ]);
  });

  it('leaves who has the session to the records when a batch starts mid-log', () => {
    expect(summary(outboxEntries(session, log.slice(1, 2)))).toEqual([
      '2:site:message.created',
      '2:bot:message.created:inherit',
    ]);
    // Once the batch says who has it, nothing is inherited.
    expect(summary(outboxEntries(session, log.slice(3, 5)))).toEqual([
      '4:site:session.changed',
      '4:bot:session.changed:inherit',
      '5:site:message.created',
    ]);
  });

  it('carries the site, session, seq and correlation id in every payload', () => {
    const [created] = outboxEntries({ ...session, correlationId: 'crm-7' }, log.slice(0, 1));
    expect(created?.payload).toEqual({
      type: 'session.created',
      id: 'evt_s1_1_session.created',
      timestamp: '1970-01-01T00:00:00.000Z',
      data: {
        siteKey: 'shop',
        sessionId: 's1',
        seq: 1,
        correlationId: 'crm-7',
        session: {
          id: 's1',
          visitorId: 'v1',
          status: 'queued',
          handler: session.handler,
          visitor: { name: 'Ada' },
          data: {},
        },
      },
    });
  });
});
