import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.js';
import { parsePayload } from './parse.js';
import {
  BotCloseSchema,
  BotFeedbackSchema,
  BotRouteSchema,
  BotSendSchema,
  BotSetDataSchema,
  BotStartSessionSchema,
} from './schemas.js';

const base = { sessionId: 's1', clientId: 'client-0001' };

describe('bot messages', () => {
  it('carries quick replies and both kinds of buttons', () => {
    const parsed = parsePayload(BotSendSchema, {
      ...base,
      text: 'How can I help?',
      quickReplies: ['Pricing', 'Talk to a human'],
      buttons: [
        { label: 'Docs', url: 'https://parley.example/docs' },
        { label: 'Yes', reply: 'yes' },
      ],
    });
    expect(parsed.ok).toBe(true);
  });

  it.each([
    ['a javascript: link', { buttons: [{ label: 'x', url: 'javascript:alert(1)' }] }],
    ['a button with both reply and url', { buttons: [{ label: 'x', reply: 'y', url: 'https://a.example' }] }],
    ['an empty quick reply', { quickReplies: [' '] }],
    ['a label without action', { buttons: [{ label: 'x' }] }],
  ])('refuses %s', (_, extra) => {
    expect(parsePayload(BotSendSchema, { ...base, text: 'hi', ...extra }).ok).toBe(false);
  });

  it('limits the number of choices', () => {
    const many = Array.from({ length: LIMITS.choices + 1 }, (_, i) => `choice ${i}`);
    expect(parsePayload(BotSendSchema, { ...base, text: 'hi', quickReplies: many })).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large' },
    });
  });
});

describe('bot actions', () => {
  it('routes by queue, team, agent or skills', () => {
    expect(parsePayload(BotRouteSchema, { sessionId: 's1', queue: 'support' }).ok).toBe(true);
    expect(
      parsePayload(BotRouteSchema, { sessionId: 's1', team: 'billing', params: { order: 'A-1' } }).ok,
    ).toBe(true);
    expect(parsePayload(BotRouteSchema, { sessionId: 's1', skills: ['de', 'billing'] }).ok).toBe(true);
    expect(parsePayload(BotRouteSchema, { sessionId: 's1', skills: [] }).ok).toBe(false);
    expect(parsePayload(BotRouteSchema, { sessionId: 's1', queue: 7 }).ok).toBe(false);
  });

  it('takes a short reason code on close', () => {
    expect(parsePayload(BotCloseSchema, { sessionId: 's1' }).ok).toBe(true);
    expect(parsePayload(BotCloseSchema, { sessionId: 's1', reason: 'resolved' }).ok).toBe(true);
    expect(parsePayload(BotCloseSchema, { sessionId: 's1', reason: 'Because I said so!' }).ok).toBe(false);
  });

  it('takes feedback scores from 0 to 10', () => {
    expect(parsePayload(BotFeedbackSchema, { ...base, score: 5, tag: 'fast' }).ok).toBe(true);
    expect(parsePayload(BotFeedbackSchema, { ...base, score: 11 }).ok).toBe(false);
    expect(parsePayload(BotFeedbackSchema, { ...base, score: 2.5 }).ok).toBe(false);
  });

  it('keeps session data flat', () => {
    expect(
      parsePayload(BotSetDataSchema, { sessionId: 's1', data: { step: 2, topic: 'billing', done: null } }).ok,
    ).toBe(true);
    expect(parsePayload(BotSetDataSchema, { sessionId: 's1', data: { nested: { a: 1 } } }).ok).toBe(false);
  });

  it('starts a session for a visitor, optionally with a message', () => {
    expect(
      parsePayload(BotStartSessionSchema, { visitorId: 'v_1', message: { text: 'Welcome back' } }).ok,
    ).toBe(true);
    expect(parsePayload(BotStartSessionSchema, { message: { text: 'x' } }).ok).toBe(false);
  });
});
