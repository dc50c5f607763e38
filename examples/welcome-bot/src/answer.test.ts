import { describe, expect, it } from 'vitest';
import { answer, welcome } from './answer.js';

describe('welcome bot', () => {
  it('greets by first name when known', () => {
    expect(welcome({ name: 'Ada Lovelace' })).toMatch(/^Hi Ada!/);
    expect(welcome({})).toMatch(/^Hi there!/);
  });

  it('answers questions it knows', () => {
    expect(answer('What are your opening hours?')).toMatch(/Monday to Friday/);
    expect(answer('how much is shipping to Spain')).toMatch(/ship within 24 hours/);
  });

  it('echoes the rest', () => {
    expect(answer('I like turtles')).toBe('You said: “I like turtles”');
  });
});
