import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.js';
import { isNumberAnswer } from './number-answer.js';
import { parsePayload } from './parse.js';
import { MarkReadSchema, seenSeq } from './read-marks.js';
import { FormAnswerSendSchema, RichContentSchema, richText } from './rich-content.js';
import { BotSendSchema } from './schemas.js';

const card = {
  title: 'Pro plan',
  text: 'Ten seats.',
  image: { url: 'https://cdn.example/p.png', alt: 'Pro' },
};
const form = {
  id: 'contact',
  fields: [
    { name: 'email', label: 'Email', type: 'email', required: true },
    { name: 'plan', label: 'Plan', type: 'select', options: ['Free', 'Pro'] },
  ],
};

describe('rich content', () => {
  it('takes a card, a carousel and a form, a form field not required by default', () => {
    expect(parsePayload(RichContentSchema, { type: 'card', card }).ok).toBe(true);
    expect(parsePayload(RichContentSchema, { type: 'carousel', cards: [card, { title: 'Free' }] }).ok).toBe(
      true,
    );
    const parsed = parsePayload(RichContentSchema, { type: 'form', form });
    expect(parsed).toMatchObject({
      ok: true,
      value: { form: { fields: [{ required: true }, { required: false }] } },
    });
    const sent = { sessionId: 's1', clientId: 'client-0001', text: 'Pro plan', rich: { type: 'card', card } };
    expect(parsePayload(BotSendSchema, sent).ok).toBe(true);
  });

  it.each([
    [
      'an http image',
      { type: 'card', card: { ...card, image: { url: 'http://cdn.example/p.png', alt: 'Pro' } } },
    ],
    [
      'a data: image',
      { type: 'card', card: { ...card, image: { url: 'data:image/png;base64,AAAA', alt: 'Pro' } } },
    ],
    [
      'an image without alt text',
      { type: 'card', card: { ...card, image: { url: 'https://cdn.example/p.png' } } },
    ],
    ['a card without a title', { type: 'card', card: { text: 'x' } }],
    [
      'a javascript: button',
      { type: 'card', card: { title: 'x', buttons: [{ label: 'x', url: 'javascript:alert(1)' }] } },
    ],
    ['an empty carousel', { type: 'carousel', cards: [] }],
    [
      'a select without options',
      { type: 'form', form: { id: 'f', fields: [{ name: 'a', label: 'A', type: 'select' }] } },
    ],
    [
      'options on a text field',
      { type: 'form', form: { id: 'f', fields: [{ name: 'a', label: 'A', type: 'text', options: ['x'] }] } },
    ],
    [
      'an unknown field type',
      { type: 'form', form: { id: 'f', fields: [{ name: 'a', label: 'A', type: 'file' }] } },
    ],
    ['twice the same field', { type: 'form', form: { id: 'f', fields: [form.fields[0], form.fields[0]] } }],
    ['a form without fields', { type: 'form', form: { id: 'f', fields: [] } }],
    ['a long form id', { type: 'form', form: { ...form, id: 'f'.repeat(31) } }],
    ['an unknown type', { type: 'video', url: 'https://x.example' }],
  ])('refuses %s', (_, rich) => {
    expect(parsePayload(RichContentSchema, rich).ok).toBe(false);
  });

  it('limits carousels, card buttons and form fields', () => {
    const cards = Array.from({ length: LIMITS.carouselCards + 1 }, (_, i) => ({ title: `Card ${i}` }));
    expect(parsePayload(RichContentSchema, { type: 'carousel', cards })).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large' },
    });
    const buttons = Array.from({ length: LIMITS.cardButtons + 1 }, (_, i) => ({
      label: `b${i}`,
      reply: 'x',
    }));
    expect(parsePayload(RichContentSchema, { type: 'card', card: { title: 'x', buttons } }).ok).toBe(false);
  });

  it('reads as plain text where it cannot be shown', () => {
    const parsed = parsePayload(RichContentSchema, {
      type: 'card',
      card: { ...card, buttons: [{ label: 'Buy', reply: 'buy' }] },
    });
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(richText(parsed.value)).toBe('Pro plan\nTen seats.\n[Buy]');
  });

  it('takes a form answer of named values, within limits', () => {
    const answer = { sessionId: 's1', seq: 3, values: { email: 'a@b.co' } };
    expect(parsePayload(FormAnswerSendSchema, answer).ok).toBe(true);
    expect(parsePayload(FormAnswerSendSchema, { ...answer, values: { '../x': 'y' } }).ok).toBe(false);
    expect(parsePayload(FormAnswerSendSchema, { ...answer, seq: 0 }).ok).toBe(false);
    expect(parsePayload(FormAnswerSendSchema, { ...answer, clientId: 'client-0001' }).ok).toBe(false);
    const long = { ...answer, values: { email: 'x'.repeat(LIMITS.formAnswer + 1) } };
    expect(parsePayload(FormAnswerSendSchema, long)).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large' },
    });
  });

  it('tells numbers as people write them', () => {
    for (const yes of ['12', '-3', '+4.5', '12,5', '.5', ' 7 ']) expect(isNumberAnswer(yes)).toBe(true);
    for (const no of ['ten', '1e3', '1.2.3', '', '--1', '0x10']) expect(isNumberAnswer(no)).toBe(false);
  });
});

describe('read marks', () => {
  it('takes a positive integer seq only', () => {
    expect(parsePayload(MarkReadSchema, { sessionId: 's1', seq: 4 }).ok).toBe(true);
    for (const seq of [0, -1, 1.5, '4'])
      expect(parsePayload(MarkReadSchema, { sessionId: 's1', seq }).ok).toBe(false);
  });

  it('puts "Seen" under the latest message of the given authors at or before the mark', () => {
    const events = [
      { type: 'message', seq: 1, author: { role: 'bot' } },
      { type: 'message', seq: 2, author: { role: 'visitor' } },
      { type: 'message', seq: 3, author: { role: 'agent' } },
      { type: 'session.changed', seq: 4 },
      { type: 'message', seq: 5, author: { role: 'agent' } },
    ];
    expect(seenSeq(events, 4, ['agent', 'bot'])).toBe(3);
    expect(seenSeq(events, 5, ['agent'])).toBe(5);
    expect(seenSeq(events, 2, ['agent'])).toBe(0);
    expect(seenSeq(events, undefined, ['agent'])).toBe(0);
  });
});
