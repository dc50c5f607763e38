import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTimers } from './timers.js';
import { createTypingSignal, TYPING_IDLE_MS } from './typing-signal.js';

describe('createTypingSignal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const setup = () => {
    const sent: Array<[string, boolean]> = [];
    const typing = createTypingSignal(
      createTimers(),
      (sessionId, on) => sent.push([sessionId, on]),
      Date.now,
    );
    return { sent, typing };
  };

  it('says "typing" once for a burst of keystrokes, and "stopped" after a pause', () => {
    const { sent, typing } = setup();
    for (let i = 0; i < 10; i++) {
      typing.note('s1');
      vi.advanceTimersByTime(200);
    }
    expect(sent).toEqual([['s1', true]]);
    vi.advanceTimersByTime(TYPING_IDLE_MS);
    expect(sent).toEqual([
      ['s1', true],
      ['s1', false],
    ]);
  });

  it('says "typing" again while a long burst goes on, so the visitor keeps seeing it', () => {
    const { sent, typing } = setup();
    for (let i = 0; i < 50; i++) {
      typing.note('s1');
      vi.advanceTimersByTime(200);
    }
    expect(sent.filter(([, on]) => on).length).toBeGreaterThan(1);
    expect(sent.some(([, on]) => !on)).toBe(false);
  });

  it('stops at once on send, and when the agent types in another chat', () => {
    const { sent, typing } = setup();
    typing.note('s1');
    typing.note('s2');
    typing.stop();
    typing.stop();
    expect(sent).toEqual([
      ['s1', true],
      ['s1', false],
      ['s2', true],
      ['s2', false],
    ]);
  });
});
