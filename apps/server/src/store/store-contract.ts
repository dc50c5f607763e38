/**
 * The SessionStore contract, written once and run against every implementation
 * (`describeStore('memory', ...)`, `describeStore('redis', ...)`), in the way of
 * socket.io-redis-adapter and BullMQ. Each test gets fresh, isolated data.
 */
import { randomUUID } from 'node:crypto';
import type { Author, SessionStatus } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeReadMarks } from './read-marks-contract.js';
import type { OpenSessionInput, SessionStore } from './session-store.js';

export interface StoreFixture {
  store: SessionStore;
  /** Another store instance over the same data (a second server process). */
  another(): Promise<SessionStore>;
  cleanup(): Promise<void>;
}

/** The consumer of the session log every fixture's store tracks (`claimPending`). */
export const CONSUMER = 'records';

const visitorAuthor: Author = { role: 'visitor', id: 'v' };
const botAuthor: Author = { role: 'bot', id: 'welcome', name: 'Welcome bot' };
const clientId = () => `c-${randomUUID()}`;

export function describeStore(name: string, createFixture: () => Promise<StoreFixture>): void {
  describe(`SessionStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: SessionStore;
    let now: number;

    beforeEach(async () => {
      fixture = await createFixture();
      store = fixture.store;
      now = Date.now();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    const openInput = (overrides: Partial<OpenSessionInput> = {}): OpenSessionInput => ({
      sessionId: randomUUID(),
      siteKey: 'site',
      visitorId: 'v1',
      visitor: { page: 'https://shop.example/', locale: 'en', attributes: { plan: 'pro' } },
      status: 'bot',
      handler: { kind: 'bot', id: 'welcome' },
      reason: 'entry',
      idleTimeoutMs: 60_000,
      retentionMs: 60_000,
      now,
      ...overrides,
    });

    const open = async (overrides: Partial<OpenSessionInput> = {}) =>
      (await store.openSession(openInput(overrides))).session;

    const say = (sessionId: string, text: string, id = clientId(), author = visitorAuthor, at = now) =>
      store.appendMessage({ sessionId, clientId: id, author, text, now: at });

    describeReadMarks(() => ({ store, fixture, now, open }));

    describe('readiness', () => {
      it('says it is ready to serve', async () => {
        expect(await store.ready()).toBe(true);
      });
    });

    describe('visitors', () => {
      it('issues unguessable tokens and finds the visitor by token on its own site only', async () => {
        const a = await store.createVisitor('site');
        const b = await store.createVisitor('site');
        expect(a.token).not.toBe(b.token);
        expect(a.token.length).toBeGreaterThanOrEqual(40);
        expect(a.visitorId).not.toBe(b.visitorId);
        expect(await store.findVisitor('site', a.token)).toEqual({ visitorId: a.visitorId });
        expect(await store.findVisitor('site', b.token)).toEqual({ visitorId: b.visitorId });
        expect(await store.findVisitor('other-site', a.token)).toBeNull();
        expect(await store.findVisitor('site', `${a.token}x`)).toBeNull();
        expect(await store.findVisitor('site', '')).toBeNull();
        expect(await store.findVisitor('site', 'made-up')).toBeNull();
        // Every process sharing the data accepts them (and one started later: the secret is shared).
        const other = await fixture.another();
        expect(await other.findVisitor('site', a.token)).toEqual({ visitorId: a.visitorId });
      });

      const identify = (userId: string, at: number, retentionMs = 60_000, siteKey = 'site') =>
        store.identifyVisitor({ siteKey, userId, retentionMs, now: at });

      it('gives a verified user one visitor, on that site only, and a token naming the user', async () => {
        const first = await identify('user-1', now);
        const again = await identify('user-1', now);
        const other = await identify('user-2', now);
        const elsewhere = await identify('user-1', now, 60_000, 'other-site');
        expect(again.visitorId).toBe(first.visitorId);
        expect(other.visitorId).not.toBe(first.visitorId);
        expect(elsewhere.visitorId).not.toBe(first.visitorId);
        const record = { visitorId: first.visitorId, userId: 'user-1' };
        expect(await store.findVisitor('site', first.token)).toEqual(record);
        expect(await store.findVisitor('site', again.token)).toEqual(record);
        expect(await (await fixture.another()).findVisitor('site', first.token)).toEqual(record);
        expect(await store.findVisitor('other-site', first.token)).toBeNull();
        // An anonymous visitor is never the user's, whatever it claims later.
        const anonymous = await store.createVisitor('site');
        expect(anonymous.visitorId).not.toBe(first.visitorId);
      });

      it('forgets a verified user who never chatted the retention after they were identified', async () => {
        const first = await identify('user-1', Date.now(), 50);
        await new Promise((resolve) => setTimeout(resolve, 200));
        const later = await identify('user-1', Date.now());
        expect(later.visitorId).not.toBe(first.visitorId);
        expect(await store.findVisitor('site', first.token)).toBeNull();
        expect(await store.findVisitor('site', later.token)).toEqual({
          visitorId: later.visitorId,
          userId: 'user-1',
        });
      });

      it("keeps a verified user's visitor while a session is open, and forgets it the retention after it closed", async () => {
        const first = await identify('user-1', Date.now(), 300);
        const session = await open({ visitorId: first.visitorId, retentionMs: 50, now: Date.now() });
        // Open past the retention of the identify: kept (Redis by its clock, memory by `now`).
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect((await identify('user-1', Date.now() + 3_600_000)).visitorId).toBe(first.visitorId);
        expect(await store.findVisitor('site', first.token)).toEqual({
          visitorId: first.visitorId,
          userId: 'user-1',
        });
        // Closed: kept for the session's retention, then forgotten with the user's token.
        await store.changeStatus({ sessionId: session.id, to: 'closed', reason: 'visitor', now: Date.now() });
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect((await identify('user-1', Date.now())).visitorId).not.toBe(first.visitorId);
        expect(await store.findVisitor('site', first.token)).toBeNull();
        expect(await store.visitorSessions(first.visitorId, 10)).toEqual([]);
      });

      it('hands an open session to another visitor, unless that one has an open session', async () => {
        const chat = await open({ visitorId: 'anon' });
        const earlier = await open({ visitorId: 'user' });
        // The user's own chat is open: nothing moves.
        expect(await store.moveOpenSession('anon', 'user', now + 1)).toBeNull();
        expect((await store.getSession(chat.id))?.visitorId).toBe('anon');
        await store.changeStatus({ sessionId: earlier.id, to: 'closed', reason: 'visitor', now });

        const moved = await store.moveOpenSession('anon', 'user', now + 2);
        expect(moved).toMatchObject({ id: chat.id, visitorId: 'user', status: 'bot', updatedAt: now + 2 });
        expect(await store.getSession(chat.id)).toEqual(moved);
        expect((await store.visitorSessions('user', 10)).map((s) => s.id)).toEqual([chat.id, earlier.id]);
        expect(await store.visitorSessions('anon', 10)).toEqual([]);
        // The user's open session now: opening returns it; the anonymous visitor has none.
        expect(await store.openSession(openInput({ visitorId: 'user' }))).toMatchObject({
          created: false,
          session: { id: chat.id },
        });
        expect(await store.moveOpenSession('anon', 'user', now + 3)).toBeNull();
        // Closing it clears the user's open pointer: the next open is a new session.
        await store.changeStatus({ sessionId: chat.id, to: 'closed', reason: 'visitor', now });
        expect((await store.openSession(openInput({ visitorId: 'user' }))).created).toBe(true);
        expect((await store.openSession(openInput({ visitorId: 'anon' }))).created).toBe(true);
      });

      it('replaces what an open session knows of its visitor', async () => {
        const session = await open();
        const visitor = { page: 'https://shop.example/cart', attributes: { plan: 'pro', seats: 3 } };
        const updated = await store.setVisitorInfo(session.id, visitor, now + 1);
        expect(updated).toMatchObject({ ok: true, value: { id: session.id, visitor, updatedAt: now + 1 } });
        expect((await store.getSession(session.id))?.visitor).toEqual(visitor);
        expect(await store.setVisitorInfo('nope', visitor, now)).toMatchObject({
          ok: false,
          error: { code: 'not_found' },
        });
      });
    });

    describe('opening sessions', () => {
      it('opens a session with its first status event at seq 1', async () => {
        const opened = await store.openSession(openInput());
        expect(opened.created).toBe(true);
        expect(opened.session).toMatchObject({
          siteKey: 'site',
          visitorId: 'v1',
          status: 'bot',
          handler: { kind: 'bot', id: 'welcome' },
          lastSpeaker: null,
          lastSeq: 1,
          visitor: { page: 'https://shop.example/', locale: 'en', attributes: { plan: 'pro' } },
        });
        expect(opened.events).toEqual([
          expect.objectContaining({
            seq: 1,
            type: 'session.changed',
            from: 'created',
            to: 'bot',
            reason: 'entry',
          }),
        ]);
        expect(await store.getSession(opened.session.id)).toEqual(opened.session);
      });

      it('keeps the correlation id a session was started with, through every later change', async () => {
        const plain = await open({ visitorId: 'v-plain' });
        expect(plain).not.toHaveProperty('correlationId');
        const opened = await open({ correlationId: 'crm-4711', data: { order: 'A-1' } });
        expect(opened).toMatchObject({ correlationId: 'crm-4711', data: { order: 'A-1' } });
        await say(opened.id, 'hello');
        const changed = await store.changeStatus({ sessionId: opened.id, to: 'closed', reason: 'bot', now });
        expect(changed.ok && changed.value.session.correlationId).toBe('crm-4711');
        expect((await store.getSession(opened.id))?.correlationId).toBe('crm-4711');
        expect((await store.visitorSessions('v1', 1))[0]?.correlationId).toBe('crm-4711');
      });

      it('returns the open session instead of opening a second one', async () => {
        const first = await open();
        const again = await store.openSession(openInput());
        expect(again.created).toBe(false);
        expect(again.events).toEqual([]);
        expect(again.session.id).toBe(first.id);
      });

      it('opens exactly one session under concurrent calls, from two store instances', async () => {
        const other = await fixture.another();
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store).openSession(openInput())),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.session.id)).size).toBe(1);
      });

      it('keeps visitors apart', async () => {
        const mine = await open();
        const theirs = await open({ visitorId: 'v2' });
        expect(theirs.id).not.toBe(mine.id);
        expect((await store.visitorSessions('v2', 10)).map((s) => s.id)).toEqual([theirs.id]);
      });

      it('returns null for an unknown session', async () => {
        expect(await store.getSession('nope')).toBeNull();
        expect(await store.eventsSince('nope', 0, 10)).toEqual([]);
      });
    });

    describe('appending messages', () => {
      it('gives each message the next seq and records the last speaker', async () => {
        const session = await open();
        const first = await say(session.id, 'hello');
        const second = await say(session.id, 'hi there', clientId(), botAuthor);
        expect(first).toMatchObject({
          ok: true,
          value: { duplicate: false, event: { seq: 2, text: 'hello' } },
        });
        expect(second).toMatchObject({ ok: true, value: { event: { seq: 3, author: botAuthor } } });
        const stored = await store.getSession(session.id);
        expect(stored).toMatchObject({ lastSeq: 3, lastSpeaker: 'bot' });
      });

      it('answers an append, and its retry, with the session’s head only (issue 16)', async () => {
        const session = await open({ data: { order: 'A-1' } });
        const head = {
          id: session.id,
          siteKey: session.siteKey,
          visitorId: session.visitorId,
          status: session.status,
          handler: session.handler,
        };
        const id = clientId();
        const said = await say(session.id, 'hello', id);
        expect(said.ok && said.value.session).toEqual(head);
        const again = await say(session.id, 'hello', id);
        expect(again.ok && again.value.session).toEqual(head);
        const rated = await store.appendFeedback({
          sessionId: session.id,
          clientId: clientId(),
          author: visitorAuthor,
          feedback: { score: 5 },
          now,
        });
        expect(rated.ok && rated.value.session).toEqual(head);
      });

      it('stores a retried client id once and returns the original seq', async () => {
        const session = await open();
        const id = clientId();
        const first = await say(session.id, 'once', id);
        const retry = await say(session.id, 'once', id);
        expect(retry).toMatchObject({
          ok: true,
          value: { duplicate: true, event: { seq: 2, text: 'once' } },
        });
        expect(first.ok && retry.ok && retry.value.event).toEqual(first.ok && first.value.event);
        expect(await store.eventsSince(session.id, 0, 100)).toHaveLength(2);
        expect((await store.getSession(session.id))?.lastSeq).toBe(2);
      });

      it('dedupes per author: the same client id from two authors is two events, from one author one', async () => {
        const session = await open();
        const id = clientId();
        const authors: Author[] = [
          visitorAuthor,
          botAuthor,
          { role: 'bot', id: 'billing' },
          { role: 'agent', id: 'ann' },
          { role: 'agent', id: 'ben' },
          { role: 'system', id: 'parley' },
        ];
        const first = [];
        for (const author of authors) first.push(await say(session.id, `from ${author.id}`, id, author));
        expect(first.map((r) => r.ok && !r.value.duplicate && r.value.event.seq)).toEqual([2, 3, 4, 5, 6, 7]);
        // Each author's retry gets its own original back, and writes nothing.
        for (const [i, author] of authors.entries()) {
          expect(await say(session.id, 'again', id, author)).toMatchObject({
            ok: true,
            value: { duplicate: true, event: { seq: i + 2, author, text: `from ${author.id}` } },
          });
        }
        // The visitor is one author whatever their visitor id (a sign-in mid-chat changes it).
        expect(await say(session.id, 'again', id, { role: 'visitor', id: 'signed-in' })).toMatchObject({
          ok: true,
          value: { duplicate: true, event: { seq: 2 } },
        });
        expect((await store.getSession(session.id))?.lastSeq).toBe(7);
      });

      it('dedupes feedback per author too', async () => {
        const session = await open();
        const feedback = (author: Author) =>
          store.appendFeedback({
            sessionId: session.id,
            clientId: 'feedback-shared-1',
            author,
            feedback: { score: 4 },
            now,
          });
        expect(await feedback(visitorAuthor)).toMatchObject({
          ok: true,
          value: { duplicate: false, event: { seq: 2 } },
        });
        expect(await feedback(botAuthor)).toMatchObject({
          ok: true,
          value: { duplicate: false, event: { seq: 3 } },
        });
        expect(await feedback(botAuthor)).toMatchObject({
          ok: true,
          value: { duplicate: true, event: { seq: 3 } },
        });
        expect(await feedback(visitorAuthor)).toMatchObject({
          ok: true,
          value: { duplicate: true, event: { seq: 2, author: visitorAuthor } },
        });
      });

      it('assigns unique, gap-free seqs under concurrent writes from two instances', async () => {
        const other = await fixture.another();
        const session = await open();
        // 50 writes at once, alternating instances; 10 of them reuse a client id already in flight.
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            (i % 2 ? other : store).appendMessage({
              sessionId: session.id,
              clientId: `cid-concurrent-${i % 40}`,
              author: visitorAuthor,
              text: `m${i}`,
              now,
            }),
          ),
        );
        expect(results.every((r) => r.ok)).toBe(true);
        const log = await store.eventsSince(session.id, 0, 1000);
        expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
        expect(results.filter((r) => r.ok && r.value.duplicate)).toHaveLength(10);
      });

      it('keeps text and visitor data byte for byte', async () => {
        const text = 'Ünïcödé ✓ 😀 "quoted" \\ back\nslash </script> {"seq":99}';
        const session = await open({
          visitor: { name: 'Zoë "Z" O\'Neil', attributes: { vip: true, n: 1.5 } },
        });
        const sent = await say(session.id, text);
        expect(sent.ok && sent.value.event.text).toBe(text);
        const [, stored] = await store.eventsSince(session.id, 0, 10);
        expect(stored).toMatchObject({ type: 'message', text, seq: 2 });
        expect((await store.getSession(session.id))?.visitor).toEqual({
          name: 'Zoë "Z" O\'Neil',
          attributes: { vip: true, n: 1.5 },
        });
      });

      it('refuses messages to unknown and closed sessions, writing nothing', async () => {
        expect(await say('missing', 'x')).toMatchObject({ ok: false, error: { code: 'not_found' } });
        const session = await open();
        const id = clientId();
        await say(session.id, 'before close', id);
        await store.changeStatus({ sessionId: session.id, to: 'closed', reason: 'visitor', now });
        expect(await say(session.id, 'after close')).toMatchObject({
          ok: false,
          error: { code: 'session_closed' },
        });
        expect(await say(session.id, 'before close', id)).toMatchObject({
          ok: true,
          value: { duplicate: true },
        });
        expect((await store.getSession(session.id))?.lastSeq).toBe(3);
      });

      it("writes a message with an owner only into that visitor's session on that site, before all else", async () => {
        const session = await open();
        const id = clientId();
        const as = (owner: { visitorId: string; siteKey: string }, clientIdUsed = id) =>
          store.appendMessage({
            sessionId: session.id,
            clientId: clientIdUsed,
            author: visitorAuthor,
            text: 'mine?',
            owner,
            now,
          });
        const refused = { ok: false, error: { code: 'forbidden' } };
        expect(await as({ visitorId: 'v2', siteKey: 'site' })).toMatchObject(refused);
        expect(await as({ visitorId: 'v1', siteKey: 'other-site' })).toMatchObject(refused);
        expect((await store.getSession(session.id))?.lastSeq).toBe(1);
        expect(await as({ visitorId: 'v1', siteKey: 'site' })).toMatchObject({
          ok: true,
          value: { event: { seq: 2 } },
        });
        // Not even a retry of what the owner wrote, nor a closed session, tells a stranger anything.
        expect(await as({ visitorId: 'v2', siteKey: 'site' })).toMatchObject(refused);
        await store.changeStatus({ sessionId: session.id, to: 'closed', reason: 'visitor', now });
        expect(await as({ visitorId: 'v2', siteKey: 'site' }, clientId())).toMatchObject(refused);
        expect(await as({ visitorId: 'v1', siteKey: 'site' }, clientId())).toMatchObject({
          ok: false,
          error: { code: 'session_closed' },
        });
        expect(
          await store.appendMessage({
            sessionId: 'missing',
            clientId: id,
            author: visitorAuthor,
            text: 'x',
            owner: { visitorId: 'v1', siteKey: 'site' },
            now,
          }),
        ).toMatchObject({
          ok: false,
          error: { code: 'not_found' },
        });
      });
    });

    describe('message extras, feedback and data', () => {
      it('keeps quick replies and buttons with a message', async () => {
        const session = await open();
        const sent = await store.appendMessage({
          sessionId: session.id,
          clientId: clientId(),
          author: botAuthor,
          text: 'How can I help?',
          quickReplies: ['Pricing', 'Talk to a human'],
          buttons: [
            { label: 'Docs', url: 'https://parley.example/docs' },
            { label: 'Yes', reply: 'yes' },
          ],
          now,
        });
        expect(sent.ok).toBe(true);
        const [, stored] = await store.eventsSince(session.id, 0, 10);
        expect(stored).toMatchObject({
          quickReplies: ['Pricing', 'Talk to a human'],
          buttons: [
            { label: 'Docs', url: 'https://parley.example/docs' },
            { label: 'Yes', reply: 'yes' },
          ],
        });
      });

      it("writes a bot's message only while the session is still with that bot", async () => {
        const session = await open();
        const asBot = (id: string) =>
          store.appendMessage({
            sessionId: session.id,
            clientId: clientId(),
            author: botAuthor,
            text: 'hi',
            require: { handler: { kind: 'bot', id }, status: 'bot' },
            now,
          });
        expect(await asBot('welcome')).toMatchObject({ ok: true, value: { event: { seq: 2 } } });
        expect(await asBot('billing')).toMatchObject({ ok: false, error: { code: 'session_closed' } });
        const handler = { kind: 'queue', id: 'q' } as const;
        await store.changeStatus({ sessionId: session.id, to: 'offline', reason: 'route', handler, now });
        expect(await asBot('welcome')).toMatchObject({ ok: false, error: { code: 'session_closed' } });
        expect((await store.getSession(session.id))?.lastSeq).toBe(3);
      });

      it('logs feedback once per client id, also after the session closed, without making anyone the last speaker', async () => {
        const session = await open();
        await say(session.id, 'thanks');
        await store.changeStatus({ sessionId: session.id, to: 'closed', reason: 'visitor', now });
        const input = {
          sessionId: session.id,
          clientId: 'feedback-client-1',
          author: botAuthor,
          feedback: { score: 5, tag: 'fast', review: 'Très bien "merci"' },
          now,
        };
        const first = await store.appendFeedback(input);
        expect(first).toMatchObject({
          ok: true,
          value: {
            duplicate: false,
            event: { type: 'feedback', seq: 4, feedback: input.feedback, author: botAuthor },
          },
        });
        expect(await store.appendFeedback(input)).toMatchObject({
          ok: true,
          value: { duplicate: true, event: { seq: 4 } },
        });
        const stored = await store.getSession(session.id);
        expect(stored).toMatchObject({ lastSeq: 4, lastSpeaker: 'visitor', status: 'closed' });
        expect(await store.appendFeedback({ ...input, sessionId: 'missing' })).toMatchObject({
          ok: false,
          error: { code: 'not_found' },
        });
      });

      it('merges session data, deletes keys set to null, and shares it across instances', async () => {
        const session = await open({ data: { topic: 'billing' } });
        expect(session.data).toEqual({ topic: 'billing' });
        const set = await store.setData(session.id, { step: 2, vip: true, topic: null }, now);
        expect(set).toMatchObject({ ok: true, value: { data: { step: 2, vip: true } } });
        const other = await fixture.another();
        expect((await other.getSession(session.id))?.data).toEqual({ step: 2, vip: true });
        expect(await store.setData('missing', { a: 1 }, now)).toMatchObject({
          ok: false,
          error: { code: 'not_found' },
        });
        expect((await store.getSession(session.id))?.lastSeq).toBe(1);
      });
    });

    describe('status changes', () => {
      it('follows the status machine and logs each change', async () => {
        const session = await open();
        const moved = await store.changeStatus({
          sessionId: session.id,
          to: 'queued',
          reason: 'route',
          by: botAuthor,
          handler: { kind: 'queue', id: 'support' },
          now,
        });
        expect(moved).toMatchObject({
          ok: true,
          value: {
            event: {
              seq: 2,
              type: 'session.changed',
              from: 'bot',
              to: 'queued',
              reason: 'route',
              by: botAuthor,
            },
            session: { status: 'queued', handler: { kind: 'queue', id: 'support' } },
          },
        });
      });

      it.each<[SessionStatus]>([['assigned'], ['created'], ['prechat']])(
        'refuses bot -> %s and writes nothing',
        async (to) => {
          const session = await open();
          const result = await store.changeStatus({ sessionId: session.id, to, reason: 'test', now });
          expect(result).toMatchObject({ ok: false, error: { code: 'invalid_transition' } });
          expect(await store.getSession(session.id)).toEqual(session);
        },
      );

      it('refuses any change to a closed session', async () => {
        const session = await open();
        await store.changeStatus({ sessionId: session.id, to: 'closed', reason: 'visitor', now });
        const again = await store.changeStatus({
          sessionId: session.id,
          to: 'closed',
          reason: 'visitor',
          now,
        });
        expect(again).toMatchObject({ ok: false, error: { code: 'invalid_transition' } });
        expect(
          await store.changeStatus({ sessionId: 'missing', to: 'closed', reason: 'x', now }),
        ).toMatchObject({
          ok: false,
          error: { code: 'not_found' },
        });
      });

      it('lets the next session open after a close, keeping history newest first', async () => {
        const first = await open();
        await say(first.id, 'first session');
        await store.changeStatus({ sessionId: first.id, to: 'closed', reason: 'visitor', now });
        const second = await store.openSession(openInput({ now: now + 1 }));
        expect(second.created).toBe(true);
        expect(second.session.id).not.toBe(first.id);
        const history = await store.visitorSessions('v1', 10);
        expect(history.map((s) => [s.id, s.status])).toEqual([
          [second.session.id, 'bot'],
          [first.id, 'closed'],
        ]);
        expect((await store.eventsSince(first.id, 0, 10)).map((e) => e.type)).toEqual([
          'session.changed',
          'message',
          'session.changed',
        ]);
      });
    });

    describe('reading the log', () => {
      it('returns events after a seq, bounded by a limit', async () => {
        const session = await open();
        for (let i = 0; i < 5; i++) await say(session.id, `m${i}`);
        expect((await store.eventsSince(session.id, 0, 100)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
        expect((await store.eventsSince(session.id, 3, 100)).map((e) => e.seq)).toEqual([4, 5, 6]);
        expect((await store.eventsSince(session.id, 3, 2)).map((e) => e.seq)).toEqual([4, 5]);
        expect(await store.eventsSince(session.id, 6, 100)).toEqual([]);
      });
    });

    describe('handlers', () => {
      it("lists a bot's open sessions and drops them when they leave the bot", async () => {
        const bot = { kind: 'bot', id: 'welcome' } as const;
        const a = await open();
        const b = await open({ visitorId: 'v2' });
        await open({ visitorId: 'v3', handler: { kind: 'bot', id: 'other' } });
        expect((await store.handlerSessions(bot)).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
        await store.changeStatus({
          sessionId: a.id,
          to: 'queued',
          reason: 'route',
          handler: { kind: 'queue', id: 'q' },
          now,
        });
        await store.changeStatus({ sessionId: b.id, to: 'closed', reason: 'visitor', now });
        expect(await store.handlerSessions(bot)).toEqual([]);
        expect((await store.handlerSessions({ kind: 'queue', id: 'q' })).map((s) => s.id)).toEqual([a.id]);
      });
    });

    describe('hand-over between bots', () => {
      it('moves a session to another bot, which then lists it', async () => {
        const session = await open();
        const moved = await store.changeStatus({
          sessionId: session.id,
          to: 'bot',
          reason: 'route',
          handler: { kind: 'bot', id: 'billing' },
          now,
        });
        expect(moved).toMatchObject({
          ok: true,
          value: { event: { from: 'bot', to: 'bot' }, session: { status: 'bot' } },
        });
        expect(await store.handlerSessions({ kind: 'bot', id: 'welcome' })).toEqual([]);
        expect((await store.handlerSessions({ kind: 'bot', id: 'billing' })).map((s) => s.id)).toEqual([
          session.id,
        ]);
      });
    });

    describe('erasing a visitor', () => {
      it('removes their sessions and logs, refuses their tokens for good, and is idempotent', async () => {
        const visitor = await store.createVisitor('site');
        const other = await store.createVisitor('site');
        const first = await open({ visitorId: visitor.visitorId });
        await say(first.id, 'my address is 1 Main St');
        await store.changeStatus({ sessionId: first.id, to: 'closed', reason: 'visitor', now });
        const second = await open({ visitorId: visitor.visitorId });
        await store.changeStatus({ sessionId: second.id, to: 'closed', reason: 'visitor', now });
        const theirs = await open({ visitorId: other.visitorId });

        const erased = await store.eraseVisitor('site', visitor.visitorId, now);
        expect(erased.sort()).toEqual([first.id, second.id].sort());
        expect(await store.getSession(first.id)).toBeNull();
        expect(await store.eventsSince(first.id, 0, 10)).toEqual([]);
        expect(await store.visitorSessions(visitor.visitorId, 10)).toEqual([]);
        expect(await store.findVisitor('site', visitor.token)).toBeNull();
        expect(await store.eraseVisitor('site', visitor.visitorId, now)).toEqual([]);
        // Nobody else is touched.
        expect(await store.findVisitor('site', other.token)).toEqual({ visitorId: other.visitorId });
        expect((await store.getSession(theirs.id))?.id).toBe(theirs.id);
      });

      it("starts a verified user afresh: a new visitor, none of the erased one's sessions", async () => {
        const user = await store.identifyVisitor({
          siteKey: 'site',
          userId: 'u-erase',
          retentionMs: 60_000,
          now,
        });
        const session = await open({ visitorId: user.visitorId });
        await store.changeStatus({ sessionId: session.id, to: 'closed', reason: 'visitor', now });
        await store.eraseVisitor('site', user.visitorId, now);
        expect(await store.findVisitor('site', user.token)).toBeNull();
        const again = await store.identifyVisitor({
          siteKey: 'site',
          userId: 'u-erase',
          retentionMs: 60_000,
          now,
        });
        expect(again.visitorId).not.toBe(user.visitorId);
        expect(await store.visitorSessions(again.visitorId, 10)).toEqual([]);
      });
    });

    describe('consumers of the session log (pending sessions, leases, cursors)', () => {
      const claim = (at = now, limit = 10, lease = 30_000) =>
        store.claimPending(CONSUMER, limit, at + lease, at);

      it('lists changed sessions oldest first, leased, with the cursor they were left at', async () => {
        const first = await open({ visitorId: 'c1', now });
        const second = await open({ visitorId: 'c2', now: now + 1 });
        await say(first.id, 'hello', clientId(), visitorAuthor, now + 2);
        expect(await store.claimPending('someone-else', 10, now + 1000, now + 5)).toEqual([]);
        const claimed = await claim(now + 5);
        expect(claimed).toEqual([
          { sessionId: first.id, handled: 0, lease: now + 30_005 },
          { sessionId: second.id, handled: 0, lease: now + 30_005 },
        ]);
        // Leased: nobody else gets them until the lease ends.
        expect(await claim(now + 6)).toEqual([]);
        // Leases that ended at the same moment come back in no particular order.
        expect((await claim(now + 30_006)).map((c) => c.sessionId).sort()).toEqual(
          [first.id, second.id].sort(),
        );
      });

      it('lets a session go once every event is handled, and back on its next change', async () => {
        const session = await open({ visitorId: 'c1' });
        await say(session.id, 'hello');
        const [claimed] = await claim(now + 5);
        if (!claimed) throw new Error('nothing claimed');
        await store.releasePending(
          CONSUMER,
          [{ sessionId: session.id, seq: 1, lease: claimed.lease }],
          now + 6,
        );
        // Events left: pending again at once, from where it got to.
        expect(await claim(now + 7)).toMatchObject([{ sessionId: session.id, handled: 1 }]);
        const [again] = await claim(now + 30_008);
        await store.releasePending(
          CONSUMER,
          [{ sessionId: session.id, seq: 2, lease: again?.lease ?? 0 }],
          now + 9,
        );
        expect(await claim(now + 60_000)).toEqual([]);
        await store.setData(session.id, { topic: 'billing' }, now + 10);
        expect(await claim(now + 60_001)).toMatchObject([{ sessionId: session.id, handled: 2 }]);
      });

      it('keeps a session pending when it changed while claimed, and never moves a cursor back', async () => {
        const session = await open({ visitorId: 'c1' });
        const [claimed] = await claim(now + 5);
        await say(session.id, 'written while the consumer worked', clientId(), visitorAuthor, now + 6);
        await store.releasePending(
          CONSUMER,
          [{ sessionId: session.id, seq: 1, lease: claimed?.lease ?? 0 }],
          now + 7,
        );
        // The change broke the lease: pending from the change, not lost.
        expect(await claim(now + 8)).toMatchObject([{ sessionId: session.id, handled: 1 }]);
        await store.releasePending(CONSUMER, [{ sessionId: session.id, seq: 0, lease: 0 }], now + 9);
        expect(await claim(now + 60_000)).toMatchObject([{ sessionId: session.id, handled: 1 }]);
      });

      it('tells since when the oldest session not leased has waited (the consumer lag)', async () => {
        expect(await store.pendingSince(CONSUMER, now)).toBeNull();
        const first = await open({ visitorId: 'c1', now: now + 1 });
        await open({ visitorId: 'c2', now: now + 2 });
        expect(await store.pendingSince(CONSUMER, now + 10)).toBe(now + 1);
        expect(await store.pendingSince('someone-else', now + 10)).toBeNull();
        // The first claimed (oldest first) and leased until now + 1010: the second is the oldest.
        await store.claimPending(CONSUMER, 1, now + 1010, now + 10);
        expect(await store.pendingSince(CONSUMER, now + 20)).toBe(now + 2);
        await store.claimPending(CONSUMER, 1, now + 1010, now + 20);
        expect(await store.pendingSince(CONSUMER, now + 30)).toBeNull();
        // A lease that ran out counts from its end.
        expect(await store.pendingSince(CONSUMER, now + 2000)).toBe(now + 1010);
        await say(first.id, 'hello', clientId(), visitorAuthor, now + 40);
        expect(await store.pendingSince(CONSUMER, now + 50)).toBe(now + 40);
      });

      it('drops a session that expired', async () => {
        const session = await open({ visitorId: 'c1', retentionMs: 20 });
        await store.changeStatus({ sessionId: session.id, to: 'closed', reason: 'visitor', now: Date.now() });
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await store.claimPending(CONSUMER, 10, Date.now() + 1000, Date.now())).toEqual([]);
      });
    });

    describe("a bot's backlog (its processing cursor)", () => {
      const backlog = async (botId = 'welcome') =>
        (await store.botBacklog(botId)).sort((a, b) => a.sessionId.localeCompare(b.sessionId));

      it('starts a session just before the change that gave it to the bot, and moves only forward', async () => {
        const session = await open();
        expect(await backlog()).toEqual([{ sessionId: session.id, handled: 0 }]);
        await say(session.id, 'hello');
        await say(session.id, 'anyone?');
        await store.botHandled('welcome', { [session.id]: 2 });
        expect(await backlog()).toEqual([{ sessionId: session.id, handled: 2 }]);
        await store.botHandled('welcome', { [session.id]: 1 });
        expect(await backlog()).toEqual([{ sessionId: session.id, handled: 2 }]);
        // Another bot cannot move it, and a session that is not in a backlog is ignored.
        await store.botHandled('other', { [session.id]: 3 });
        await store.botHandled('welcome', { 'no-such-session': 3 });
        expect(await backlog()).toEqual([{ sessionId: session.id, handled: 2 }]);
        expect(await store.botBacklog('other')).toEqual([]);
      });

      it('marks the change that takes the session away, and lets go once the bot handled it', async () => {
        const session = await open();
        await say(session.id, 'a person please');
        const routed = await store.changeStatus({
          sessionId: session.id,
          to: 'queued',
          reason: 'route',
          handler: { kind: 'queue', id: 'q' },
          now,
        });
        expect(routed).toMatchObject({ ok: true, value: { event: { seq: 3, handler: { kind: 'queue' } } } });
        expect(await backlog()).toEqual([{ sessionId: session.id, handled: 0, leftAt: 3 }]);
        await store.botHandled('welcome', { [session.id]: 2 });
        expect(await backlog()).toEqual([{ sessionId: session.id, handled: 2, leftAt: 3 }]);
        await store.botHandled('welcome', { [session.id]: 3 });
        expect(await backlog()).toEqual([]);
      });

      it('gives a session back to a bot with a fresh start, and to another bot with its own', async () => {
        const session = await open();
        await store.changeStatus({
          sessionId: session.id,
          to: 'queued',
          reason: 'route',
          handler: { kind: 'queue', id: 'q' },
          now,
        });
        await store.botHandled('welcome', { [session.id]: 2 });
        const back = await store.changeStatus({
          sessionId: session.id,
          to: 'bot',
          reason: 'handback',
          handler: { kind: 'bot', id: 'welcome' },
          now,
        });
        expect(back).toMatchObject({
          ok: true,
          value: { event: { seq: 3, from: 'queued', to: 'bot', handler: { kind: 'bot', id: 'welcome' } } },
        });
        expect(await backlog()).toEqual([{ sessionId: session.id, handled: 2 }]);
        await store.changeStatus({
          sessionId: session.id,
          to: 'bot',
          reason: 'route',
          handler: { kind: 'bot', id: 'billing' },
          now,
        });
        expect(await backlog()).toEqual([{ sessionId: session.id, handled: 2, leftAt: 4 }]);
        expect(await backlog('billing')).toEqual([{ sessionId: session.id, handled: 3 }]);
      });

      it('marks a close, by anyone or by the idle timeout, as the session leaving', async () => {
        const closed = await open();
        const idle = await open({ visitorId: 'v2', idleTimeoutMs: 10 });
        await store.changeStatus({ sessionId: closed.id, to: 'closed', reason: 'visitor', now });
        await store.closeIdle(now + 100, 100);
        expect(await backlog()).toEqual(
          [
            { sessionId: closed.id, handled: 0, leftAt: 2 },
            { sessionId: idle.id, handled: 0, leftAt: 2 },
          ].sort((a, b) => a.sessionId.localeCompare(b.sessionId)),
        );
      });

      it('starts a session the bot opened itself past the opening change', async () => {
        const session = await open({ reason: 'new-session', openedByHandler: true });
        expect(await backlog()).toEqual([{ sessionId: session.id, handled: 1 }]);
        await store.botHandled('other', { [session.id]: 5 });
        expect(await store.botBacklog('other')).toEqual([]);
      });

      it('drops a session that expired from the backlog', async () => {
        const session = await open({ retentionMs: 20 });
        await store.changeStatus({ sessionId: session.id, to: 'closed', reason: 'visitor', now: Date.now() });
        await new Promise((resolve) => setTimeout(resolve, 100));
        await store.botHandled('welcome', { [session.id]: 1 });
        expect(await backlog()).toEqual([]);
      });
    });

    describe('agents', () => {
      it('issues agent tokens that can be found, revoked and that expire', async () => {
        const token = await store.createAgentToken('alice', 60_000);
        const other = await fixture.another();
        expect(await other.findAgentToken(token)).toBe('alice');
        expect(await store.findAgentToken(`${token}x`)).toBeNull();
        expect(await store.revokeAgentToken(token)).toBe(true);
        expect(await store.findAgentToken(token)).toBeNull();
        expect(await store.revokeAgentToken(token)).toBe(false);
        const brief = await store.createAgentToken('bob', 30);
        await new Promise((resolve) => setTimeout(resolve, 120));
        expect(await store.findAgentToken(brief)).toBeNull();
      });

      it('records presence for every process to read', async () => {
        await store.setPresence({ agentId: 'alice', status: 'ready', since: now });
        await store.setPresence({ agentId: 'bob', status: 'notready', reason: 'lunch', since: now });
        await store.setPresence({ agentId: 'alice', status: 'offline', since: now + 1 });
        const other = await fixture.another();
        const all = await other.listPresence();
        expect(all.sort((a, b) => a.agentId.localeCompare(b.agentId))).toEqual([
          { agentId: 'alice', status: 'offline', since: now + 1 },
          { agentId: 'bob', status: 'notready', reason: 'lunch', since: now },
        ]);
      });

      it("keeps each agent's active site for every process to read (issue 15, item 4)", async () => {
        expect(await store.activeSites()).toEqual({});
        await store.setActiveSite('alice', 'north');
        await store.setActiveSite('bob', 'demo');
        await store.setActiveSite('bob', 'north');
        await store.setActiveSite('carol', null);
        const other = await fixture.another();
        expect(await other.activeSites()).toEqual({ alice: 'north', bob: 'north' });
        await other.setActiveSite('alice', null);
        expect(await store.activeSites()).toEqual({ bob: 'north' });
      });
    });

    describe('monitored sessions (issue 15)', () => {
      it('keeps when a session was first monitored, for every process to read', async () => {
        const session = await open();
        expect(await store.monitoredAt(session.id)).toBeNull();
        expect(await store.markMonitored(session.id, now)).toBe(now);
        expect(await store.markMonitored(session.id, now + 5)).toBe(now);
        const other = await fixture.another();
        expect(await other.monitoredAt(session.id)).toBe(now);
      });
    });

    describe('queues and assignment', () => {
      const agent = (id: string, capacity = 2) => ({
        agentId: id,
        capacity,
        author: { role: 'agent' as const, id, name: id.toUpperCase() },
      });
      const ready = (agentId: string, since: number) =>
        store.setPresence({ agentId, status: 'ready', since });
      let visitorCount = 0;
      /** A session queued in `support` at `at`, as a bot's route would leave it. */
      const queued = async (at: number, routing: { team?: string; skills?: string[] } = {}) => {
        const session = await open({ visitorId: `qv-${visitorCount++}`, now: at });
        const changed = await store.changeStatus({
          sessionId: session.id,
          to: 'queued',
          reason: 'route',
          handler: { kind: 'queue', id: 'support' },
          routing: { queue: 'support', ...routing, since: at },
          now: at,
        });
        if (!changed.ok) throw new Error(changed.error.message);
        return changed.value.session;
      };
      const assign = (sessionId: string, candidates: ReturnType<typeof agent>[], at = now) =>
        store.assignSession({
          sessionId,
          queueId: 'support',
          candidates,
          requireReady: true,
          reason: 'assign',
          now: at,
        });

      it('keeps a queue in the order sessions joined it, with their routing', async () => {
        const second = await queued(now + 10, { team: 'billing' });
        const first = await queued(now);
        const inQueue = await store.handlerSessions({ kind: 'queue', id: 'support' });
        expect(inQueue.map((s) => s.id)).toEqual([first.id, second.id]);
        expect(inQueue[1]?.routing).toEqual({ queue: 'support', team: 'billing', since: now + 10 });
        expect(await fixture.another().then((other) => other.getSession(first.id))).toMatchObject({
          status: 'queued',
          routing: { queue: 'support', since: now },
        });
      });

      it('assigns to the longest-idle ready agent under capacity, and logs who took it', async () => {
        await ready('ann', now - 300);
        await ready('ben', now - 900);
        await store.setPresence({ agentId: 'cat', status: 'notready', reason: 'lunch', since: now - 5000 });
        const session = await queued(now - 2000);
        const result = await assign(session.id, [agent('ann'), agent('ben'), agent('cat')]);
        expect(result).toMatchObject({
          ok: true,
          value: {
            agentId: 'ben',
            session: { status: 'assigned', handler: { kind: 'agent', id: 'ben' } },
            event: {
              type: 'session.changed',
              from: 'queued',
              to: 'assigned',
              by: { id: 'ben', name: 'BEN' },
            },
          },
        });
        expect(await store.handlerSessions({ kind: 'queue', id: 'support' })).toEqual([]);
        expect((await store.handlerSessions({ kind: 'agent', id: 'ben' })).map((s) => s.id)).toEqual([
          session.id,
        ]);
        expect(await store.recentWaits('support')).toEqual([2000]);
        // Getting a chat restarts Ben's idle clock: Ann is now the longest idle.
        const next = await queued(now);
        expect(await assign(next.id, [agent('ann'), agent('ben')], now + 1)).toMatchObject({
          ok: true,
          value: { agentId: 'ann' },
        });
      });

      it('never assigns a session twice nor past an agent’s capacity, even from two instances at once', async () => {
        await ready('ann', now);
        const other = await fixture.another();
        const sessions = await Promise.all([0, 1, 2, 3].map((i) => queued(now + i)));
        const attempts = await Promise.all(
          sessions.flatMap((s) => [
            assign(s.id, [agent('ann', 2)]),
            other.assignSession({
              sessionId: s.id,
              queueId: 'support',
              candidates: [agent('ann', 2)],
              requireReady: true,
              reason: 'assign',
              now,
            }),
          ]),
        );
        expect(attempts.filter((a) => a.ok)).toHaveLength(2);
        const refused = attempts.filter((a) => !a.ok).map((a) => (a.ok ? '' : a.error.code));
        expect(new Set(refused)).toEqual(new Set(['conflict', 'invalid_transition']));
        expect(await store.handlerSessions({ kind: 'agent', id: 'ann' })).toHaveLength(2);
        expect(await store.handlerSessions({ kind: 'queue', id: 'support' })).toHaveLength(2);
      });

      it('lets an agent who is not ready take a session by hand, and frees capacity on close', async () => {
        await store.setPresence({ agentId: 'ann', status: 'notready', reason: 'break', since: now });
        const [a, b] = [await queued(now), await queued(now + 1)];
        expect(await assign(a.id, [agent('ann', 1)])).toMatchObject({
          ok: false,
          error: { code: 'conflict' },
        });
        const byHand = (id: string) =>
          store.assignSession({
            sessionId: id,
            queueId: 'support',
            candidates: [agent('ann', 1)],
            requireReady: false,
            reason: 'accept',
            now,
          });
        expect(await byHand(a.id)).toMatchObject({ ok: true });
        expect(await byHand(b.id)).toMatchObject({ ok: false, error: { code: 'conflict' } });
        await store.changeStatus({ sessionId: a.id, to: 'closed', reason: 'agent', now });
        expect(await byHand(b.id)).toMatchObject({ ok: true });
        expect(await byHand('nope')).toMatchObject({ ok: false, error: { code: 'not_found' } });
      });

      it("writes an agent's message only while the session is assigned to that agent", async () => {
        await ready('ann', now);
        const session = await queued(now);
        await assign(session.id, [agent('ann')]);
        const asAgent = (id: string) =>
          store.appendMessage({
            sessionId: session.id,
            clientId: clientId(),
            author: { role: 'agent', id },
            text: 'Hello, I am here',
            require: { handler: { kind: 'agent', id }, status: 'assigned' },
            now,
          });
        expect(await asAgent('ann')).toMatchObject({ ok: true, value: { session: { status: 'assigned' } } });
        expect(await store.getSession(session.id)).toMatchObject({ lastSpeaker: 'agent' });
        expect(await asAgent('ben')).toMatchObject({ ok: false, error: { code: 'session_closed' } });
      });

      it('stores the offline form once, only on an offline session, and lists it newest first', async () => {
        const session = await open();
        const form = (id = 'form-client-1', sessionId = session.id) =>
          store.appendForm({
            sessionId,
            clientId: id,
            author: visitorAuthor,
            fields: { email: 'ada@example.com', message: 'Call me back' },
            now,
          });
        expect(await form()).toMatchObject({ ok: false, error: { code: 'invalid_transition' } });
        await store.changeStatus({ sessionId: session.id, to: 'offline', reason: 'no-agent', now });
        const first = await form();
        expect(first).toMatchObject({
          ok: true,
          value: { duplicate: false, event: { type: 'form', form: 'offline', seq: 3 } },
        });
        expect(await form()).toMatchObject({ ok: true, value: { duplicate: true, event: { seq: 3 } } });
        await store.changeStatus({ sessionId: session.id, to: 'closed', reason: 'offline-form', now });
        expect(await form()).toMatchObject({ ok: true, value: { duplicate: true } });

        const later = await open({ visitorId: 'v2' });
        await store.changeStatus({ sessionId: later.id, to: 'offline', reason: 'no-agent', now });
        await store.appendForm({
          sessionId: later.id,
          clientId: 'form-client-2',
          author: visitorAuthor,
          fields: { email: 'bo@example.com' },
          now: now + 1,
        });
        const listed = await store.offlineMessages(10);
        expect(listed.map((m) => m.session.id)).toEqual([later.id, session.id]);
        expect(listed[1]).toMatchObject({
          session: { status: 'closed' },
          form: { fields: { email: 'ada@example.com', message: 'Call me back' } },
        });
        expect(await store.offlineMessages(1)).toHaveLength(1);
      });
    });

    describe('idle timeout and retention', () => {
      it('closes a session once it has been idle for its timeout, counting from the last message', async () => {
        const session = await open({ idleTimeoutMs: 1000 });
        expect(await store.closeIdle(now + 999, 100)).toEqual([]);
        await say(session.id, 'still here', clientId(), visitorAuthor, now + 500);
        expect(await store.closeIdle(now + 1400, 100)).toEqual([]);
        const closed = await store.closeIdle(now + 1500, 100);
        expect(closed).toHaveLength(1);
        expect(closed[0]).toMatchObject({
          event: { type: 'session.changed', from: 'bot', to: 'closed', reason: 'timeout', seq: 3 },
          session: { id: session.id, status: 'closed' },
        });
        expect(await store.closeIdle(now + 5000, 100)).toEqual([]);
      });

      it('closes each idle session once when two instances sweep at the same time', async () => {
        const other = await fixture.another();
        for (let i = 0; i < 6; i++) await open({ visitorId: `idle-${i}`, idleTimeoutMs: 10 });
        const [mine, theirs] = await Promise.all([
          store.closeIdle(now + 100, 100),
          other.closeIdle(now + 100, 100),
        ]);
        const ids = [...mine, ...theirs].map((c) => c.session.id);
        expect(ids).toHaveLength(6);
        expect(new Set(ids).size).toBe(6);
      });

      it('forgets a closed session after its retention period', async () => {
        const session = await open({ retentionMs: 50 });
        await store.changeStatus({ sessionId: session.id, to: 'closed', reason: 'visitor', now: Date.now() });
        expect(await store.getSession(session.id)).not.toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await store.getSession(session.id)).toBeNull();
        expect(await store.eventsSince(session.id, 0, 10)).toEqual([]);
        expect(await store.visitorSessions('v1', 10)).toEqual([]);
      });
    });

    describe('offline messages: assignee and done (issue 15)', () => {
      it('assigns, marks done and opens again, keeping the rest, and marks the session for the records', async () => {
        const session = await open();
        const assigned = await store.setOfflineState(session.id, { assignee: 'bob' }, now + 1);
        expect(assigned.ok && assigned.value.offline).toEqual({ assignee: 'bob' });
        const done = await store.setOfflineState(session.id, { done: { by: 'alice' } }, now + 2);
        expect(done.ok && done.value).toMatchObject({
          offline: { assignee: 'bob', doneAt: now + 2, doneBy: 'alice' },
          updatedAt: now + 2,
        });
        const reopened = await store.setOfflineState(session.id, { assignee: null, done: null }, now + 3);
        expect(reopened.ok && reopened.value.offline).toEqual({});
        expect((await store.getSession(session.id))?.offline).toEqual({});
        expect(await store.pendingSince(CONSUMER, now + 3)).not.toBeNull();
        expect(await store.setOfflineState('nope', { assignee: 'bob' }, now)).toMatchObject({
          ok: false,
          error: { code: 'not_found' },
        });
      });
    });

    describe('labels (issue 15)', () => {
      it('adds and removes labels at once, sorted and each once, and marks the session for the records', async () => {
        const session = await open();
        const [claimed] = await store.claimPending(CONSUMER, 10, now + 1000, now);
        if (!claimed) throw new Error('the new session was not pending');
        await store.releasePending(CONSUMER, [{ sessionId: session.id, seq: 1, lease: claimed.lease }], now);
        expect(await store.pendingSince(CONSUMER, now)).toBeNull();
        const first = await store.labelSession(session.id, { add: ['vip', 'refund', 'vip'] }, now + 1);
        expect(await store.pendingSince(CONSUMER, now + 1)).not.toBeNull();
        expect(first.ok && first.value.labels).toEqual(['refund', 'vip']);
        const second = await store.labelSession(
          session.id,
          { add: ['bug'], remove: ['vip', 'none'] },
          now + 2,
        );
        expect(second.ok && second.value).toMatchObject({ labels: ['bug', 'refund'], updatedAt: now + 2 });
        expect((await store.getSession(session.id))?.labels).toEqual(['bug', 'refund']);
        const cleared = await store.labelSession(session.id, { remove: ['bug', 'refund'] }, now + 3);
        expect(cleared.ok && 'labels' in cleared.value).toBe(false);
        expect(await store.eventsSince(session.id, 1, 10)).toEqual([]);
      });

      it('refuses more than the most labels, and an unknown session, changing nothing', async () => {
        const session = await open();
        const many = Array.from({ length: 20 }, (_, i) => `l${String(i).padStart(2, '0')}`);
        expect((await store.labelSession(session.id, { add: many }, now)).ok).toBe(true);
        expect(await store.labelSession(session.id, { add: ['one-more'] }, now)).toMatchObject({
          ok: false,
          error: { code: 'invalid_payload' },
        });
        expect((await store.getSession(session.id))?.labels).toEqual(many);
        expect(await store.labelSession('nope', { add: ['x'] }, now)).toMatchObject({
          ok: false,
          error: { code: 'not_found' },
        });
      });
    });

    describe('private notes (issue 15)', () => {
      const agent = { role: 'agent' as const, id: 'ann', name: 'Ann' };

      it('keeps notes beside the log, numbered, without touching the log or the summary', async () => {
        const session = await open();
        await say(session.id, 'hello');
        const before = await store.getSession(session.id);
        const first = await store.appendNote({ sessionId: session.id, at: now, author: agent, text: 'VIP' });
        const second = await store.appendNote({
          sessionId: session.id,
          at: now + 1,
          author: agent,
          text: 'b',
        });
        expect(first).toEqual({
          ok: true,
          value: { sessionId: session.id, at: now, author: agent, text: 'VIP', n: 1 },
        });
        expect(second.ok && second.value.n).toBe(2);
        expect((await store.sessionNotes(session.id)).map((note) => [note.n, note.text])).toEqual([
          [1, 'VIP'],
          [2, 'b'],
        ]);
        expect(await store.getSession(session.id)).toEqual(before);
        const log = await store.eventsSince(session.id, 0, 100);
        expect(log.map((event) => event.type)).toEqual(['session.changed', 'message']);
      });

      it('refuses a note on an unknown session and lists none for it', async () => {
        const result = await store.appendNote({ sessionId: 'nope', at: now, author: agent, text: 'x' });
        expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
        expect(await store.sessionNotes('nope')).toEqual([]);
      });

      it('erases notes with the visitor', async () => {
        const visitor = await store.createVisitor('site');
        const session = await open({ visitorId: visitor.visitorId });
        await store.appendNote({ sessionId: session.id, at: now, author: agent, text: 'gone soon' });
        await store.eraseVisitor('site', visitor.visitorId, now);
        expect(await store.sessionNotes(session.id)).toEqual([]);
      });
    });
  });
}
