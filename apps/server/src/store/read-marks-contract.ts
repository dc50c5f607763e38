/**
 * The store contract's part for read marks and rich messages (issue 14), called inside
 * `describeStore` so it runs against every store; kept apart so the suite's file stays mergeable.
 */
import { randomUUID } from 'node:crypto';
import type { Author, SessionSummary } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { SessionStore } from './session-store.js';
import type { StoreFixture } from './store-contract.js';

export interface ContractContext {
  store: SessionStore;
  fixture: StoreFixture;
  now: number;
  open(): Promise<SessionSummary>;
}

const bot: Author = { role: 'bot', id: 'welcome', name: 'Welcome bot' };

/** What a read mark's reply names of its session: the head only (who hears of the mark). */
const head = ({ id, siteKey, visitorId, status, handler }: SessionSummary) => ({
  id,
  siteKey,
  visitorId,
  status,
  handler,
});
const visitor: Author = { role: 'visitor', id: 'v' };

export function describeReadMarks(context: () => ContractContext): void {
  const say = (ctx: ContractContext, sessionId: string, author: Author, text: string) =>
    ctx.store.appendMessage({ sessionId, clientId: `c-${randomUUID()}`, author, text, now: ctx.now });

  describe('read marks', () => {
    it('moves a party forward only, idempotently, capped at the log, without an event', async () => {
      const ctx = context();
      const { store } = ctx;
      const session = await ctx.open();
      await say(ctx, session.id, visitor, 'hello');
      await say(ctx, session.id, bot, 'hi there');
      expect(session.read).toBeUndefined();

      // The reply names the session's head only (who hears of the mark), as an append does.
      expect(await store.markRead(session.id, 'visitor', 3)).toEqual({
        ok: true,
        value: { seq: 3, moved: true, session: head(session) },
      });
      // The same again, and a lower seq: nothing moves.
      expect(await store.markRead(session.id, 'visitor', 3)).toMatchObject({
        ok: true,
        value: { seq: 3, moved: false },
      });
      expect(await store.markRead(session.id, 'visitor', 1)).toMatchObject({
        ok: true,
        value: { seq: 3, moved: false },
      });
      // Past the log's end counts as the end.
      expect(await store.markRead(session.id, 'bot', 99)).toMatchObject({
        ok: true,
        value: { seq: 3, moved: true },
      });
      expect(await store.markRead(session.id, 'agent', 2)).toMatchObject({
        ok: true,
        value: { seq: 2, moved: true },
      });

      const other = await ctx.fixture.another();
      const seen = await other.getSession(session.id);
      expect(seen?.read).toEqual({ visitor: 3, bot: 3, agent: 2 });
      // Not a message: no seq, no new speaker, no event in the log.
      expect(seen).toMatchObject({ lastSeq: 3, lastSpeaker: 'bot', updatedAt: session.updatedAt });
      expect(await store.eventsSince(session.id, 0, 10)).toHaveLength(3);
    });

    it("takes a bot's or an agent's mark only while the session is theirs", async () => {
      const ctx = context();
      const { store } = ctx;
      const session = await ctx.open();
      await say(ctx, session.id, visitor, 'hello');
      expect(await store.markRead(session.id, 'bot', 2, { kind: 'bot', id: 'welcome' })).toMatchObject({
        ok: true,
        value: { seq: 2, moved: true },
      });
      expect(await store.markRead(session.id, 'bot', 2, { kind: 'bot', id: 'other' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(await store.markRead(session.id, 'agent', 2, { kind: 'agent', id: 'alice' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(await store.markRead('missing', 'bot', 1, { kind: 'bot', id: 'welcome' })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      expect((await store.getSession(session.id))?.read).toEqual({ bot: 2 });
    });

    it("takes a handler's marks of many sessions at once, only of those it has", async () => {
      const ctx = context();
      const { store } = ctx;
      const other = await ctx.open();
      await say(ctx, other.id, visitor, 'hello');
      await store.changeStatus({ sessionId: other.id, to: 'closed', reason: 'bot', now: ctx.now });
      // The visitor's next session; the closed one is still the bot's (a closed session keeps its
      // last handler), so its mark is taken too.
      const mine = await ctx.open();
      await say(ctx, mine.id, visitor, 'hello');
      const welcome = { kind: 'bot', id: 'welcome' } as const;
      const taken = await store.markReadMany('bot', { [mine.id]: 99, [other.id]: 2, missing: 1 }, welcome);
      expect(taken).toEqual({
        [mine.id]: { seq: 2, moved: true, session: head(mine) },
        [other.id]: { seq: 2, moved: true, session: { ...head(other), status: 'closed' } },
      });
      // Again: nothing moves. Another bot: nothing is taken.
      expect(await store.markReadMany('bot', { [mine.id]: 2 }, welcome)).toEqual({
        [mine.id]: { seq: 2, moved: false, session: head(mine) },
      });
      expect(await store.markReadMany('bot', { [mine.id]: 2 }, { kind: 'bot', id: 'other' })).toEqual({});
      expect(await store.markReadMany('bot', {}, welcome)).toEqual({});
      expect((await store.getSession(mine.id))?.read).toEqual({ bot: 2 });
    });

    it("takes a visitor's mark only on their own session on their site", async () => {
      const ctx = context();
      const { store } = ctx;
      const session = await ctx.open();
      await say(ctx, session.id, bot, 'hello');
      const owner = { visitorId: session.visitorId, siteKey: session.siteKey };
      for (const stranger of [
        { ...owner, visitorId: 'someone-else' },
        { ...owner, siteKey: 'another-site' },
      ]) {
        expect(await store.markRead(session.id, 'visitor', 2, undefined, stranger)).toMatchObject({
          ok: false,
          error: { code: 'forbidden' },
        });
      }
      expect((await store.getSession(session.id))?.read).toBeUndefined();
      expect(await store.markRead(session.id, 'visitor', 2, undefined, owner)).toMatchObject({
        ok: true,
        value: { seq: 2, moved: true },
      });
      expect(await store.markRead('missing', 'visitor', 1, undefined, owner)).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    });

    it('is taken on a closed session, refused on a missing one', async () => {
      const ctx = context();
      const { store } = ctx;
      const session = await ctx.open();
      await say(ctx, session.id, bot, 'bye');
      await store.changeStatus({ sessionId: session.id, to: 'closed', reason: 'bot', now: ctx.now });
      expect(await store.markRead(session.id, 'visitor', 3)).toMatchObject({
        ok: true,
        value: { seq: 3, moved: true },
      });
      expect(await store.markRead('missing', 'visitor', 1)).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    });

    it('keeps one mark under concurrent readers: the highest', async () => {
      const ctx = context();
      const session = await ctx.open();
      for (let i = 0; i < 5; i += 1) await say(ctx, session.id, bot, `line ${i}`);
      const other = await ctx.fixture.another();
      await Promise.all(
        [1, 6, 3, 4, 2, 5].map((seq, i) => (i % 2 ? other : ctx.store).markRead(session.id, 'visitor', seq)),
      );
      expect((await ctx.store.getSession(session.id))?.read).toEqual({ visitor: 6 });
    });
  });

  describe('rich messages', () => {
    it('keeps a card, a carousel, a form and a form answer with their messages', async () => {
      const ctx = context();
      const session = await ctx.open();
      const card = {
        title: 'Pro plan',
        text: '10 seats',
        image: { url: 'https://cdn.example/p.png', alt: 'Pro' },
      };
      const form = {
        id: 'contact',
        fields: [{ name: 'email', label: 'Email', type: 'email' as const, required: true }],
      };
      await ctx.store.appendMessage({
        sessionId: session.id,
        clientId: 'card-0001',
        author: bot,
        text: 'Pro plan',
        rich: { type: 'card', card },
        now: ctx.now,
      });
      await ctx.store.appendMessage({
        sessionId: session.id,
        clientId: 'caro-0001',
        author: bot,
        text: 'Plans',
        rich: { type: 'carousel', cards: [card, { title: 'Free' }] },
        now: ctx.now,
      });
      await ctx.store.appendMessage({
        sessionId: session.id,
        clientId: 'form-0001',
        author: bot,
        text: 'Your email?',
        rich: { type: 'form', form },
        now: ctx.now,
      });
      const formAnswer = { seq: 4, form: 'contact', values: { email: 'ada@example.com' } };
      await ctx.store.appendMessage({
        sessionId: session.id,
        clientId: 'answ-0001',
        author: visitor,
        text: 'Email: ada@example.com',
        formAnswer,
        now: ctx.now,
      });
      const other = await ctx.fixture.another();
      const [, a, b, c, d] = await other.eventsSince(session.id, 0, 10);
      expect(a).toMatchObject({ rich: { type: 'card', card } });
      expect(b).toMatchObject({ rich: { type: 'carousel', cards: [card, { title: 'Free' }] } });
      expect(c).toMatchObject({ rich: { type: 'form', form } });
      expect(d).toMatchObject({ formAnswer, author: { role: 'visitor' } });
    });
  });
}
