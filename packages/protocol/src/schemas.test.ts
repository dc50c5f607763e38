import { describe, expect, it } from 'vitest';
import { mergeAttributes } from './attributes.js';
import { LIMITS } from './limits.js';
import { parsePayload } from './parse.js';
import {
  BotSendSchema,
  OpenSessionSchema,
  SessionEventSchema,
  SyncSchema,
  VisitorAuthSchema,
  VisitorSendSchema,
} from './schemas.js';

const clientId = 'c-0123456789';

describe('VisitorSendSchema', () => {
  it('accepts a message, trimming its text', () => {
    const parsed = parsePayload(VisitorSendSchema, { clientId, text: '  hello  ' });
    expect(parsed).toEqual({ ok: true, value: { clientId, text: 'hello' } });
  });

  it('accepts a message for a given session', () => {
    expect(parsePayload(VisitorSendSchema, { sessionId: 's1', clientId, text: 'x' }).ok).toBe(true);
  });

  it.each([
    ['a number as text', { clientId, text: 42 }],
    ['no text', { clientId }],
    ['blank text', { clientId, text: '   ' }],
    ['no client id', { text: 'hi' }],
    ['a short client id', { clientId: 'x', text: 'hi' }],
    ['an unknown key', { clientId, text: 'hi', admin: true }],
    ['a string payload', 'hello'],
    ['null', null],
  ])('rejects %s as invalid_payload', (_, payload) => {
    const parsed = parsePayload(VisitorSendSchema, payload);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('invalid_payload');
      expect(parsed.error.message.length).toBeGreaterThan(0);
    }
  });

  it('rejects text over the limit as payload_too_large', () => {
    const parsed = parsePayload(VisitorSendSchema, { clientId, text: 'a'.repeat(LIMITS.messageText + 1) });
    expect(parsed).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
  });

  it('rejects a 1 MB text as payload_too_large', () => {
    const parsed = parsePayload(VisitorSendSchema, { clientId, text: 'a'.repeat(1024 * 1024) });
    expect(parsed).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
  });
});

describe('other payloads', () => {
  it('requires a session id on bot messages', () => {
    expect(parsePayload(BotSendSchema, { clientId, text: 'hi' }).ok).toBe(false);
    expect(parsePayload(BotSendSchema, { sessionId: 's', clientId, text: 'hi' }).ok).toBe(true);
  });

  it('takes no array for a payload that is an object (valibot alone would take [] as {})', () => {
    expect(parsePayload(OpenSessionSchema, [])).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(parsePayload(SyncSchema, [{ sessionId: 's', after: 0 }]).ok).toBe(false);
  });

  it('validates visitor info when a session opens', () => {
    expect(parsePayload(OpenSessionSchema, {}).ok).toBe(true);
    const good = {
      info: { page: 'https://shop.example/cart', locale: 'de-DE', attributes: { plan: 'pro', seats: 3 } },
    };
    expect(parsePayload(OpenSessionSchema, good).ok).toBe(true);
    expect(parsePayload(OpenSessionSchema, { info: { attributes: { deep: { x: 1 } } } }).ok).toBe(false);
    const many = Object.fromEntries(Array.from({ length: LIMITS.attributes + 1 }, (_, i) => [`k${i}`, i]));
    expect(parsePayload(OpenSessionSchema, { info: { attributes: many } })).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large' },
    });
  });

  // Found by a security pass: valibot's records dropped these keys without a word.
  it('refuses a payload with a key that would reach a prototype, wherever it is, naming it', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const payload = JSON.parse(`{"info":{"attributes":{"plan":"pro","${key}":{"admin":true}}}}`);
      expect(parsePayload(OpenSessionSchema, payload), key).toEqual({
        ok: false,
        error: { code: 'invalid_payload', message: `Key not allowed: info.attributes.${key}` },
      });
    }
    expect(parsePayload(SyncSchema, JSON.parse('{"cursors":{"__proto__":1}}')).ok).toBe(false);
    expect(parsePayload(OpenSessionSchema, { info: { attributes: { proto: 'x' } } }).ok).toBe(true);
  });

  // Found by a security pass: a NUL in a search, an id or a filter reached PostgreSQL, which
  // refused it: `internal` (503 over REST), and an error logged with its stack, every time.
  it('refuses a NUL character anywhere in a payload, naming where', () => {
    expect(parsePayload(SyncSchema, { cursors: { 'a\u0000': 1 } })).toEqual({
      ok: false,
      error: { code: 'invalid_payload', message: 'NUL character not allowed in a key: cursors' },
    });
    expect(parsePayload(OpenSessionSchema, { info: { name: 'Ada\u0000' } })).toEqual({
      ok: false,
      error: { code: 'invalid_payload', message: 'NUL character not allowed: info.name' },
    });
    expect(parsePayload(VisitorSendSchema, { clientId: 'client-0001', text: 'refund \u0000 now' })).toEqual({
      ok: false,
      error: { code: 'invalid_payload', message: 'NUL character not allowed: text' },
    });
    // Bytes are not walked (the schema refuses them as they are).
    expect(parsePayload(OpenSessionSchema, { info: new Uint8Array(4) })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: expect.not.stringContaining('NUL') },
    });
    expect(parsePayload(SyncSchema, JSON.parse('{"cursors":{"s":1},"x":["\\u0000"]}'))).toMatchObject({
      ok: false,
      error: { message: 'NUL character not allowed: x.0' },
    });
  });

  it('takes control characters out of a message, but tabs and line breaks', () => {
    const clientId = 'client-0001';
    expect(
      parsePayload(VisitorSendSchema, { clientId, text: 'a\u0001b\u0007c\u001bd\u0085e\tf\ng' }),
    ).toEqual({
      ok: true,
      value: { clientId, text: 'abcde\tf\ng' },
    });
    expect(parsePayload(VisitorSendSchema, { clientId, text: ' \u0002\u0001 ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: expect.stringContaining('Message text is empty') },
    });
  });

  it('takes sync cursors as non-negative integers', () => {
    expect(parsePayload(SyncSchema, { cursors: { s1: 0, s2: 14 } }).ok).toBe(true);
    expect(parsePayload(SyncSchema, { cursors: { s1: -1 } }).ok).toBe(false);
    expect(parsePayload(SyncSchema, { cursors: { s1: 1.5 } }).ok).toBe(false);
    expect(parsePayload(SyncSchema, { cursors: { s1: '3' } }).ok).toBe(false);
  });

  it('requires a site key in the visitor handshake', () => {
    expect(parsePayload(VisitorAuthSchema, { siteKey: 'demo' }).ok).toBe(true);
    expect(parsePayload(VisitorAuthSchema, {}).ok).toBe(false);
  });

  it('tells message and status events apart', () => {
    const base = { sessionId: 's', seq: 1, at: 1 };
    const message = { ...base, type: 'message', clientId, author: { role: 'bot', id: 'b' }, text: 'hi' };
    const status = { ...base, type: 'session.changed', from: 'created', to: 'bot', reason: 'entry' };
    expect(parsePayload(SessionEventSchema, message).ok).toBe(true);
    expect(parsePayload(SessionEventSchema, status).ok).toBe(true);
    expect(parsePayload(SessionEventSchema, { ...status, to: 'nowhere' }).ok).toBe(false);
    expect(parsePayload(SessionEventSchema, { ...message, seq: 0 }).ok).toBe(false);
  });
});

describe('mergeAttributes', () => {
  it('merges changes, removing the keys set to null, without touching the original', () => {
    const current = { plan: 'free', seats: 2 };
    expect(mergeAttributes(current, { plan: 'pro', seats: null, vip: true })).toEqual({
      plan: 'pro',
      vip: true,
    });
    expect(current).toEqual({ plan: 'free', seats: 2 });
    expect(mergeAttributes(undefined, { a: 1 })).toEqual({ a: 1 });
  });
});
