import { describe, expect, it } from 'vitest';
import { reply, welcome } from './answer.js';

describe('FAQ bot', () => {
  it('greets by first name when known', () => {
    expect(welcome({ name: 'Ada Lovelace' })).toMatch(/^Hi Ada!/);
    expect(welcome({})).toMatch(/^Hi there!/);
  });

  it('answers questions it knows', () => {
    expect(reply('What are your opening hours?')).toMatchObject({ kind: 'answer', text: /Monday to Friday/ });
    expect(reply('how much is shipping to Spain')).toMatchObject({
      kind: 'answer',
      text: /ship within 24 hours/,
    });
  });

  it('hands off when asked for a person', () => {
    expect(reply('Talk to a human').kind).toBe('handoff');
    expect(reply('can I speak to someone?').kind).toBe('handoff');
  });

  it('says goodbye on bye', () => {
    expect(reply('bye').kind).toBe('goodbye');
    expect(reply('Thanks, bye!').kind).toBe('goodbye');
    expect(reply('byebye is not a word').kind).toBe('echo');
  });

  // Found by a new site owner: an image alone got "You said: “”".
  it('thanks for a file sent without text, rather than echo nothing', () => {
    expect(reply('', { name: 'receipt.png' })).toEqual({
      kind: 'file',
      text: 'Thanks, I got receipt.png. I cannot open files myself: type "human" and someone from our team will look at it.',
    });
    expect(reply('shipping?', { name: 'receipt.png' }).kind).toBe('answer');
  });

  it('echoes the rest', () => {
    expect(reply('I like turtles')).toEqual({ kind: 'echo', text: 'You said: “I like turtles”' });
  });
});
