import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { errorText } from './error-text.js';
import { createTranslate } from './translate.js';

const t = createTranslate(en);

describe('errorText', () => {
  it('says what failed and why', () => {
    expect(errorText({ code: 'conflict', message: 'At capacity', task: 'accept' }, t)).toBe(
      'Could not accept the chat. You already have as many chats as you can take.',
    );
    expect(errorText({ code: 'conflict', message: 'Nobody online', task: 'transfer' }, t)).toBe(
      'Could not transfer the chat. Nobody who could take it is available right now.',
    );
    expect(errorText({ code: 'conflict', message: 'x', task: 'close' }, t)).toBe(
      'Could not close the chat. It clashes with a change made meanwhile.',
    );
    expect(errorText({ code: 'unauthorized', message: 'x', task: 'login' }, t)).toBe(
      'Could not log in. Wrong email or password.',
    );
  });

  it('falls back to the generic reason for codes without their own text', () => {
    expect(errorText({ code: 'internal', message: 'boom' }, t)).toBe('Something went wrong.');
  });
});
