import type { SessionEvent } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { createLiveSignals } from './live-signals.js';
import { Timeline } from './timeline.js';

const message = (sessionId: string, seq: number): SessionEvent => ({
  type: 'message',
  sessionId,
  seq,
  at: seq,
  clientId: `c${seq}`,
  author: { role: 'bot', id: 'b' },
  text: `m${seq}`,
});

function setup() {
  const timeline = new Timeline();
  timeline.add(message('s1', 1));
  timeline.add(message('s1', 2));
  const due: Array<{ ms: number; run: () => void }> = [];
  let resumes = 0;
  const signals = createLiveSignals({
    resume: () => resumes++,
    timeline,
    later: (ms, run) => due.push({ ms, run }),
    random: () => 0.25,
  });
  return { signals, due, resumes: () => resumes };
}

describe('live signals', () => {
  it('resumes after a random part of a second on resync, once for a burst of them', () => {
    const { signals, due, resumes } = setup();
    signals.resync();
    signals.resync();
    expect(due).toEqual([{ ms: 250, run: expect.any(Function) }]);
    expect(resumes()).toBe(0);
    due.shift()?.run();
    expect(resumes()).toBe(1);
    signals.resync();
    expect(due).toHaveLength(1);
  });

  it('resumes on heads only when a known session is ahead of the last seq it has', () => {
    const { signals, resumes } = setup();
    signals.heads({ heads: { s1: 2 } });
    signals.heads({ heads: { s1: 1, unknown: 9 } });
    expect(resumes()).toBe(0);
    signals.heads({ heads: { s1: 3 } });
    expect(resumes()).toBe(1);
  });

  it('ignores a malformed heads payload', () => {
    const { signals, resumes } = setup();
    signals.heads(null as never);
    signals.heads({ heads: 'x' } as never);
    signals.heads({ heads: { s1: '9' } } as never);
    expect(resumes()).toBe(0);
  });
});
