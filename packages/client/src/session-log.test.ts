import type { MessageEvent, SessionEvent } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from './delivery.js';
import { hasMessage, insertBySeq, mirrorOutbox, type Pending } from './session-log.js';

const message = (seq: number, clientId = `c${seq}`): MessageEvent => ({
  type: 'message',
  sessionId: 's',
  seq,
  at: 0,
  clientId,
  author: { role: 'visitor', id: 'v' },
  text: `m${seq}`,
});

describe('insertBySeq', () => {
  it('puts an event at its seq place and returns the same array for a duplicate', () => {
    const events: SessionEvent[] = [message(1), message(3)];
    expect(insertBySeq(events, message(2)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(insertBySeq(events, message(4)).map((e) => e.seq)).toEqual([1, 3, 4]);
    expect(insertBySeq(events, message(3))).toBe(events);
  });
});

describe('mirrorOutbox', () => {
  interface Shown extends Pending {
    text: string;
  }
  const entry = (
    clientId: string,
    state: 'sending' | 'failed' = 'sending',
  ): OutboxEntry<{ clientId: string; text: string }> => ({
    clientId,
    payload: { clientId, text: clientId },
    state,
  });
  const how = (shown: string[]) => ({
    show: (e: OutboxEntry<{ clientId: string; text: string }>): Shown => ({
      clientId: e.clientId,
      text: e.payload.text,
      state: e.state,
    }),
    sent: (p: Shown): Shown => ({ ...p, state: 'sent' }),
    shown: (clientId: string) => shown.includes(clientId),
  });

  it('shows new entries, keeps acked ones as sent until their event is shown, and drops shown ones', () => {
    const before: Shown[] = [
      { clientId: 'a', text: 'a', state: 'sending' },
      { clientId: 'b', text: 'b', state: 'sending' },
    ];
    const after = mirrorOutbox(before, [entry('b', 'failed'), entry('c')], how(['x']));
    expect(after).toEqual([
      { clientId: 'a', text: 'a', state: 'sent' },
      { clientId: 'b', text: 'b', state: 'failed' },
      { clientId: 'c', text: 'c', state: 'sending' },
    ]);
    expect(mirrorOutbox(after, [entry('c')], how(['a']))).toEqual([
      { clientId: 'b', text: 'b', state: 'sent' },
      { clientId: 'c', text: 'c', state: 'sending' },
    ]);
  });

  it('knows a message by client id across sessions', () => {
    expect(hasMessage({ s: [message(1, 'x')], t: [] }, 'x')).toBe(true);
    expect(hasMessage({ s: [message(1, 'x')] }, 'y')).toBe(false);
  });
});
