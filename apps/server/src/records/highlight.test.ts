import { describe, expect, it } from 'vitest';
import { MATCH_STOP as E, MATCH_START as S, toSegments } from './highlight.js';

describe('toSegments', () => {
  it('splits a headline into plain and matched runs', () => {
    expect(toSegments(`I want a ${S}refund${E} for ${S}order${E} 12`)).toEqual([
      { text: 'I want a ', match: false },
      { text: 'refund', match: true },
      { text: ' for ', match: false },
      { text: 'order', match: true },
      { text: ' 12', match: false },
    ]);
  });

  it('joins neighbouring matches and drops empty runs', () => {
    expect(toSegments(`${S}credit${E}${S}card${E}`)).toEqual([{ text: 'creditcard', match: true }]);
    expect(toSegments('')).toEqual([]);
  });

  it('keeps markup-looking input as text', () => {
    expect(toSegments(`<b>${S}hi${E}</b>`)).toEqual([
      { text: '<b>', match: false },
      { text: 'hi', match: true },
      { text: '</b>', match: false },
    ]);
  });
});
