/**
 * The RecordsStore contract, written once and run against every implementation
 * (`describeRecords('pglite', ...)`, `describeRecords('postgres', ...)`). Each test gets its own
 * empty records (a schema of its own) and removes them after. One file, over the usual length,
 * because it is one suite: split, each part would have to be run against every store again.
 */
import { randomUUID } from 'node:crypto';
import type {
  Author,
  Handler,
  SessionEvent,
  SessionStatus,
  SessionSummary,
  VisitorInfo,
} from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationProvider } from './migrations/migrations.js';
import type { RecordsStore } from './records-store.js';
import { describeReportFigures } from './report-contract.js';
import type { RecordsOptions } from './sql-records.js';

export interface RecordsFixture {
  records: RecordsStore;
  /** Another store over the same data, opened like the first (a second process, a restart). */
  another(): Promise<RecordsStore>;
  /** Runs SQL in the store's schema: for setting up what no operation makes. */
  query<T = Record<string, unknown>>(text: string): Promise<T[]>;
  cleanup(): Promise<void>;
}

/** Builds a fixture; `options` are passed to the store's factory (both stores get them). */
export type CreateRecordsFixture = (options: RecordsOptions) => Promise<RecordsFixture>;

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 2, 1, 9, 0, 0);
const visitor: Author = { role: 'visitor', id: 'v1' };
const bot: Author = { role: 'bot', id: 'welcome', name: 'Welcome bot' };
const ada: Author = { role: 'agent', id: 'ada', name: 'Ada' };
const bob: Author = { role: 'agent', id: 'bob', name: 'Bob' };

/**
 * One conversation as the live store would log it: each step appends an event with the next seq
 * and moves the summary along, so tests feed `record` the way the records writer will.
 */
export class Chat {
  readonly events: SessionEvent[] = [];
  summary: SessionSummary;
  private at: number;

  constructor(
    init: {
      siteKey?: string;
      visitorId?: string;
      at?: number;
      visitor?: VisitorInfo;
      /** How it opened (default: to the welcome bot, as a visitor's session does). */
      opened?: { reason: string; status: SessionStatus; handler: Handler };
    } = {},
  ) {
    this.at = init.at ?? T0;
    this.summary = {
      id: randomUUID(),
      siteKey: init.siteKey ?? 'shop',
      visitorId: init.visitorId ?? 'v1',
      status: 'created',
      handler: null,
      lastSpeaker: null,
      lastSeq: 0,
      createdAt: this.at,
      updatedAt: this.at,
      visitor: init.visitor ?? { page: 'https://shop.example/', locale: 'en' },
      data: {},
    };
    const opened = init.opened ?? { reason: 'test', status: 'bot', handler: { kind: 'bot', id: 'welcome' } };
    this.change(opened.status, opened.handler, undefined, opened.reason);
  }

  private next(): { sessionId: string; seq: number; at: number } {
    this.at += 60_000;
    const seq = this.summary.lastSeq + 1;
    this.summary = { ...this.summary, lastSeq: seq, updatedAt: this.at };
    return { sessionId: this.summary.id, seq, at: this.at };
  }

  /** Lets `ms` pass before the next step (each step is a minute after the one before). */
  wait(ms: number): this {
    this.at += ms;
    return this;
  }

  say(author: Author, text: string): this {
    this.events.push({ ...this.next(), type: 'message', clientId: `c-${randomUUID()}`, author, text });
    this.summary.lastSpeaker = author.role === 'system' ? this.summary.lastSpeaker : author.role;
    return this;
  }

  change(to: SessionStatus, handler?: Handler | null, by?: Author, reason = 'test'): this {
    const from = this.summary.status;
    this.events.push({
      ...this.next(),
      type: 'session.changed',
      from,
      to,
      reason,
      ...(by ? { by } : {}),
      ...(handler === undefined ? {} : { handler }),
    });
    this.summary.status = to;
    if (handler !== undefined) this.summary.handler = handler;
    return this;
  }

  route(queue: string, team?: string): this {
    this.summary.routing = { queue, ...(team ? { team } : {}), since: this.at };
    return this.change('queued', { kind: 'queue', id: queue });
  }

  assign(agent: Author): this {
    return this.change('assigned', { kind: 'agent', id: agent.id }, agent);
  }

  close(): this {
    return this.change('closed', undefined, visitor);
  }

  rate(score: number, tag?: string, review?: string): this {
    this.events.push({
      ...this.next(),
      type: 'feedback',
      clientId: `c-${randomUUID()}`,
      author: visitor,
      feedback: { score, ...(tag ? { tag } : {}), ...(review ? { review } : {}) },
    });
    return this;
  }

  leaveMessage(fields: Record<string, string>): this {
    this.events.push({
      ...this.next(),
      type: 'form',
      form: 'offline',
      clientId: `c-${randomUUID()}`,
      author: visitor,
      fields,
    });
    return this;
  }

  get id(): string {
    return this.summary.id;
  }
}

export function describeRecords(name: string, createFixture: CreateRecordsFixture): void {
  // PGlite runs PostgreSQL in WebAssembly: slower than a server, slower still on a busy machine.
  describe(`RecordsStore contract: ${name}`, { timeout: 60_000 }, () => {
    let fixture: RecordsFixture;
    let records: RecordsStore;
    const queries: string[] = [];

    beforeEach(async () => {
      queries.length = 0;
      fixture = await createFixture({
        textSearch: { sites: { boutique: 'french', codes: 'simple' } },
        onQuery: ({ sql }) => queries.push(sql),
      });
      records = fixture.records;
    }, 60_000);
    afterEach(async () => {
      await fixture.cleanup();
    }, 60_000);

    const save = (chat: Chat) => records.record(chat.summary, chat.events);
    const count = async (sql: string) => Number((await fixture.query<{ n: number }>(sql))[0]?.n);
    const everything = { siteKeys: ['shop', 'boutique', 'codes', 'other'] };

    describe('record', () => {
      it('keeps the session, its visitor and its events, in one statement', async () => {
        const chat = new Chat({
          visitor: {
            page: 'https://shop.example/cart',
            locale: 'en',
            name: 'Ada Lovelace',
            email: 'ada@example.com',
            attributes: { plan: 'pro' },
            prechat: { topic: 'billing' },
          },
        })
          .say(visitor, 'Hello')
          .say(bot, 'Hi! How can I help?')
          .route('support', 'billing');
        queries.length = 0;
        await save(chat);
        // Beside the statement, the webhook endpoints may be read: at most once a second, not per
        // record (`WebhookStore.audience`).
        expect(queries.filter((q) => !q.startsWith('select "kind", "site_key", "events"'))).toHaveLength(1);

        const transcript = await records.transcript(chat.id);
        expect(transcript?.events).toEqual(chat.events);
        expect(transcript?.session).toEqual({
          id: chat.id,
          siteKey: 'shop',
          visitorId: 'v1',
          status: 'queued',
          handler: { kind: 'queue', id: 'support' },
          queue: 'support',
          team: 'billing',
          agents: [],
          createdAt: T0,
          updatedAt: chat.summary.updatedAt,
          closedAt: null,
          lastSeq: 4,
          lastMessage: { seq: 3, text: 'Hi! How can I help?', author: bot, at: T0 + 3 * 60_000 },
          rating: null,
          context: { page: 'https://shop.example/cart', locale: 'en' },
          direction: 'inbound',
          deleted: false,
          correlationId: null,
        });
        expect(await records.visitor('shop', 'v1')).toEqual({
          siteKey: 'shop',
          visitorId: 'v1',
          userId: null,
          name: 'Ada Lovelace',
          email: 'ada@example.com',
          attributes: { plan: 'pro' },
          prechat: { topic: 'billing' },
          firstSeenAt: T0,
          lastSeenAt: chat.summary.updatedAt,
          erasedAt: null,
        });
        expect(await records.visitor('other', 'v1')).toBeNull();
      });

      it('keeps who started a session, from its opening, whichever batch brings it', async () => {
        const started = (visitorId: string, reason: string) =>
          new Chat({
            visitorId,
            opened: { reason, status: 'assigned', handler: { kind: 'agent', id: 'ada' } },
          }).say(ada, 'Hello, it is Ada from the shop');
        const direction = async (chat: Chat) => (await records.transcript(chat.id))?.session.direction;

        // The summary alone first (no opening seen yet): inbound until the opening arrives.
        const byAgent = started('v1', 'agent-start');
        await records.record(byAgent.summary, []);
        expect(await direction(byAgent)).toBe('inbound');
        await save(byAgent);
        expect(await direction(byAgent)).toBe('agent-initiated');
        // Later batches, without the opening, and a replay of it, keep it.
        const before = byAgent.events.length;
        byAgent.say(visitor, 'Oh, thanks!');
        await records.record(byAgent.summary, byAgent.events.slice(before));
        await save(byAgent);
        expect(await direction(byAgent)).toBe('agent-initiated');

        const byBot = started('v2', 'bot-start');
        const byApi = started('v3', 'api');
        const byVisitor = new Chat({ visitorId: 'v4' }).say(visitor, 'Hello');
        for (const chat of [byBot, byApi, byVisitor]) await save(chat);
        expect(await direction(byBot)).toBe('outbound');
        expect(await direction(byApi)).toBe('outbound');
        expect(await direction(byVisitor)).toBe('inbound');
        // The column takes no other value (migration 0006's check).
        await expect(
          fixture.query(`UPDATE sessions SET direction = 'sideways' WHERE id = '${byBot.id}'`),
        ).rejects.toThrow();
      });

      it('keeps the correlation id the session was started with', async () => {
        const chat = new Chat();
        chat.summary.correlationId = 'crm-4711';
        await save(chat.say(visitor, 'Hello'));
        // A later write without it (never the case live) does not lose it.
        const { correlationId: _, ...without } = chat.summary;
        await records.record({ ...without, lastSeq: chat.summary.lastSeq }, []);
        expect((await records.transcript(chat.id))?.session.correlationId).toBe('crm-4711');
        const page = await records.visitorHistory({ siteKey: 'shop', visitorId: 'v1' });
        expect(page.sessions[0]?.correlationId).toBe('crm-4711');
      });

      it('keeps text jsonb cannot hold (a NUL, a lone surrogate) with U+FFFD in its place, and the batch with it', async () => {
        const bad = new Chat({ visitor: { name: 'Ada\u0000' } }).say(
          visitor,
          'refund \u0000 now \ud800 please',
        );
        // A visitor's own backslashes are text, not escapes.
        const fine = new Chat({ visitorId: 'v2' }).say(visitor, 'refund as typed: \\u0000');
        await records.recordBatch(
          [bad, fine].map((chat) => ({ session: chat.summary, events: chat.events })),
        );
        const said = async (chat: Chat) =>
          (await records.transcript(chat.id))?.events.flatMap((e) => (e.type === 'message' ? [e.text] : []));
        expect(await said(bad)).toEqual(['refund \ufffd now \ufffd please']);
        expect(await said(fine)).toEqual(['refund as typed: \\u0000']);
        expect((await records.visitor('shop', 'v1'))?.name).toBe('Ada\ufffd');
        expect((await records.search({ scope: everything, text: 'refund' })).total).toBe(2);
      });

      it('writes each event once under replays, repeated and overlapping batches', async () => {
        const chat = new Chat().say(visitor, 'one').say(bot, 'two').say(visitor, 'three').say(bot, 'four');
        const [a, b, c, d, e] = chat.events;
        const batches = [[a, b], [a, b], [b, c, d], [e], [a, b, c, d, e], []];
        for (const batch of batches)
          await records.record(
            chat.summary,
            batch.flatMap((x) => x ?? []),
          );
        await save(chat);
        const transcript = await records.transcript(chat.id);
        expect(transcript?.events.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5]);
        expect(transcript?.session.lastMessage?.text).toBe('four');
        expect(await count(`SELECT count(*)::int AS n FROM events WHERE session_id = '${chat.id}'`)).toBe(5);
      });

      it('ends the same whatever the order of the calls: an older summary or batch never wins', async () => {
        const chat = new Chat().say(visitor, 'first').route('support');
        const early = structuredClone(chat.summary);
        const earlyEvents = [...chat.events];
        chat.assign(ada).say(ada, 'later').close();
        await save(chat);
        await records.record(early, earlyEvents);
        const session = (await records.transcript(chat.id))?.session;
        expect(session).toMatchObject({
          status: 'closed',
          handler: { kind: 'agent', id: 'ada' },
          lastSeq: chat.summary.lastSeq,
          lastMessage: { text: 'later' },
          closedAt: chat.events.at(-1)?.at,
        });
      });

      it('keeps who handled it, the close time, the newest rating and the offline message', async () => {
        const chat = new Chat()
          .say(visitor, 'I need a human')
          .route('support')
          .assign(ada)
          .say(ada, 'Hi, Ada here')
          .route('support')
          .assign(bob)
          .close();
        const closedAt = chat.summary.updatedAt;
        chat.rate(2, 'slow').rate(5, 'great', 'Bob sorted it');
        // The summary moved on after the close (feedback): the close time is the close event's.
        await records.record(chat.summary, chat.events.slice(0, 4));
        await records.record(chat.summary, chat.events.slice(4));
        const { session } = (await records.transcript(chat.id)) ?? {};
        expect(session).toMatchObject({
          status: 'closed',
          agents: ['ada', 'bob'],
          closedAt,
          rating: { score: 5, tag: 'great', review: 'Bob sorted it', at: chat.summary.updatedAt },
        });

        const offline = new Chat({ visitorId: 'v2' }).say(visitor, 'anyone?').change('offline', null);
        offline.leaveMessage({ email: 'v2@example.com', message: 'Call me back' }).close();
        await save(offline);
        await save(offline);
        const exported = await records.exportVisitor('shop', 'v2', T0);
        expect(exported.sessions[0]?.offlineMessages).toEqual([
          {
            sessionId: offline.id,
            seq: 4,
            fields: { email: 'v2@example.com', message: 'Call me back' },
            at: offline.events[3]?.at,
          },
        ]);
      });

      it("merges what sessions tell of their visitor: newer wins, nothing is lost to a session that didn't say", async () => {
        const first = new Chat({
          visitor: { name: 'Ada', email: 'ada@example.com', attributes: { plan: 'pro', seats: 3 } },
        }).say(visitor, 'hi');
        const second = new Chat({
          at: T0 + DAY,
          visitor: { attributes: { plan: 'team' }, prechat: { topic: 'x' } },
        });
        await save(second);
        await save(first);
        expect(await records.visitor('shop', 'v1')).toMatchObject({
          name: 'Ada',
          email: 'ada@example.com',
          attributes: { plan: 'team', seats: 3 },
          prechat: { topic: 'x' },
          firstSeenAt: T0,
          lastSeenAt: second.summary.updatedAt,
        });
      });

      it('records a batch of sessions in one statement, as one by one would, a visitor of two sessions too', async () => {
        const first = new Chat({
          visitor: { name: 'Ada', email: 'ada@example.com', attributes: { plan: 'pro', seats: 3 } },
        }).say(visitor, 'hi');
        const second = new Chat({
          at: T0 + DAY,
          visitor: { attributes: { plan: 'team' }, prechat: { topic: 'x' } },
        })
          .say(visitor, 'again')
          .close();
        const other = new Chat({ visitorId: 'v2', siteKey: 'boutique' })
          .say(visitor, 'bonjour')
          .route('support');
        queries.length = 0;
        // Newest first, so the fold cannot lean on the batch's order.
        await records.recordBatch([
          { session: second.summary, events: second.events },
          { session: other.summary, events: other.events },
          { session: first.summary, events: first.events },
        ]);
        expect(queries.filter((q) => !q.startsWith('select "kind", "site_key", "events"'))).toHaveLength(1);
        expect(await records.visitor('shop', 'v1')).toMatchObject({
          name: 'Ada',
          email: 'ada@example.com',
          attributes: { plan: 'team', seats: 3 },
          prechat: { topic: 'x' },
          firstSeenAt: T0,
          lastSeenAt: second.summary.updatedAt,
        });
        for (const chat of [first, second, other]) {
          expect((await records.transcript(chat.id))?.events).toEqual(chat.events);
        }
        expect((await records.transcript(second.id))?.session).toMatchObject({
          status: 'closed',
          closedAt: second.events.at(-1)?.at,
          lastMessage: { text: 'again' },
        });
        expect((await records.transcript(other.id))?.session).toMatchObject({
          siteKey: 'boutique',
          queue: 'support',
        });
        // Replayed whole, and again with one session moved on: nothing twice, the newer kept.
        other.say(visitor, 'encore');
        await records.recordBatch([
          { session: first.summary, events: first.events },
          { session: other.summary, events: other.events },
        ]);
        expect(await count('SELECT count(*)::int AS n FROM events')).toBe(
          first.events.length + second.events.length + other.events.length,
        );
        expect((await records.transcript(other.id))?.session.lastMessage?.text).toBe('encore');
        await records.recordBatch([]);
      });

      it('refuses a batch naming a session twice, and writes none of it', async () => {
        const chat = new Chat().say(visitor, 'once');
        const other = new Chat({ visitorId: 'v2' }).say(visitor, 'other');
        await expect(
          records.recordBatch([
            { session: other.summary, events: other.events },
            { session: chat.summary, events: chat.events },
            { session: chat.summary, events: [] },
          ]),
        ).rejects.toThrow(/twice/);
        expect(await records.transcript(other.id)).toBeNull();
      });

      it('lists offline messages within the scope, newest first, a page at a time', async () => {
        const left = [0, 1, 2].map((i) =>
          new Chat({ visitorId: `v${i}`, at: T0 + i * DAY })
            .route('support')
            .leaveMessage({ message: `m${i}` }),
        );
        const elsewhere = new Chat({ siteKey: 'other' }).route('support').leaveMessage({ message: 'no' });
        for (const chat of [...left, elsewhere]) await save(chat);
        const first = await records.offlineMessages({ scope: { siteKeys: ['shop'] }, limit: 2 });
        expect(first.messages.map((m) => m.fields.message)).toEqual(['m2', 'm1']);
        expect(first.messages[0]).toMatchObject({
          sessionId: left[2]?.id,
          seq: 3,
          session: { visitorId: 'v2' },
        });
        const second = await records.offlineMessages({
          scope: { siteKeys: ['shop'] },
          before: first.next ?? '',
        });
        expect(second.messages.map((m) => m.fields.message)).toEqual(['m0']);
        expect(second.next).toBeNull();
        const narrowed = await records.offlineMessages({ scope: { siteKeys: ['shop'], queues: ['sales'] } });
        expect(narrowed.messages).toEqual([]);
      });

      it('refuses events of another session', async () => {
        const chat = new Chat();
        const other = new Chat().say(visitor, 'not yours');
        await expect(records.record(chat.summary, other.events)).rejects.toThrow(/session/);
        expect(await records.transcript(chat.id)).toBeNull();
      });
    });

    describe('history and transcripts', () => {
      it("lists a visitor's sessions newest first, a page at a time, on that site only", async () => {
        const chats = [0, 1, 2, 3, 4].map((i) =>
          new Chat({ at: T0 + i * DAY }).say(visitor, `chat ${i}`).close(),
        );
        for (const chat of chats) await save(chat);
        await save(new Chat({ visitorId: 'v2' }));
        await save(new Chat({ siteKey: 'other' }));

        const first = await records.visitorHistory({ siteKey: 'shop', visitorId: 'v1', limit: 2 });
        expect(first.sessions.map((s) => s.lastMessage?.text)).toEqual(['chat 4', 'chat 3']);
        expect(first.sessions[0]).toMatchObject({ status: 'closed', createdAt: T0 + 4 * DAY });
        const second = await records.visitorHistory({
          siteKey: 'shop',
          visitorId: 'v1',
          limit: 2,
          before: first.next ?? '',
        });
        expect(second.sessions.map((s) => s.lastMessage?.text)).toEqual(['chat 2', 'chat 1']);
        const last = await records.visitorHistory({
          siteKey: 'shop',
          visitorId: 'v1',
          before: second.next ?? '',
        });
        expect(last.sessions.map((s) => s.lastMessage?.text)).toEqual(['chat 0']);
        expect(last.next).toBeNull();
        await expect(
          records.visitorHistory({ siteKey: 'shop', visitorId: 'v1', before: 'junk' }),
        ).rejects.toThrow(RangeError);
        const outOfScope = await records.visitorHistory({
          siteKey: 'shop',
          visitorId: 'v1',
          scope: { siteKeys: ['other'] },
        });
        expect(outOfScope.sessions).toEqual([]);
      });

      it('gives a transcript in seq order, a part of it, or nothing outside the scope', async () => {
        const chat = new Chat().say(visitor, 'a').say(bot, 'b').say(visitor, 'c');
        await records.record(chat.summary, [...chat.events].reverse());
        expect((await records.transcript(chat.id))?.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
        const part = await records.transcript(chat.id, { after: 1, limit: 2 });
        expect(part?.events.map((e) => e.seq)).toEqual([2, 3]);
        expect(await records.transcript(chat.id, { scope: { siteKeys: ['shop'] } })).not.toBeNull();
        expect(await records.transcript(chat.id, { scope: { siteKeys: ['other'] } })).toBeNull();
        expect(await records.transcript(randomUUID())).toBeNull();
      });
    });

    describe('search', () => {
      const texts = (page: Awaited<ReturnType<RecordsStore['search']>>) =>
        page.hits.map((hit) => hit.session.lastMessage?.text);

      it('ranks sessions by their best message, stemming words, and highlights them as text segments', async () => {
        const once = new Chat().say(
          visitor,
          'I would like to talk about my order and maybe a refund at some point',
        );
        const twice = new Chat({ visitorId: 'v2' }).say(visitor, 'Refund please, refunds are overdue');
        const none = new Chat({ visitorId: 'v3' }).say(visitor, 'Where is my parcel?');
        for (const chat of [once, twice, none]) await save(chat);

        const page = await records.search({ scope: everything, text: 'refunded' });
        expect(page.total).toBe(2);
        expect(page.hits.map((hit) => hit.session.id)).toEqual([twice.id, once.id]);
        expect(page.hits[0]?.rank).toBeGreaterThan(page.hits[1]?.rank ?? Number.POSITIVE_INFINITY);
        expect(page.hits[0]).toMatchObject({
          matches: 1,
          visitorMatch: false,
          visitor: { name: null, email: null },
          message: {
            seq: 2,
            author: visitor,
            at: twice.events[1]?.at,
            segments: [
              { text: 'Refund', match: true },
              { text: ' please, ', match: false },
              { text: 'refunds', match: true },
              { text: ' are overdue', match: false },
            ],
          },
        });
      });

      it("finds a message with its author's name and its time to the millisecond, and only messages", async () => {
        const chat = new Chat({ at: T0 + 987 })
          .assign(ada)
          .say(ada, 'Your refund is approved')
          .rate(5, 'refund');
        await save(chat);
        const page = await records.search({ scope: everything, text: 'refund' });
        expect(page.total).toBe(1);
        expect(page.hits[0]?.message).toMatchObject({ seq: 3, author: ada, at: T0 + 987 + 3 * 60_000 });
        // The status change and the rating have no text to find (the rating's tag is no message).
        expect((await records.search({ scope: everything, text: 'assigned' })).total).toBe(0);
        const within = { scope: everything, text: 'approved' };
        expect((await records.search({ ...within, from: T0 + 987 + 3 * 60_000 })).total).toBe(1);
        expect((await records.search({ ...within, from: T0 + 987 + 3 * 60_000 + 1 })).total).toBe(0);
      });

      it('never makes markup of input, and strips the control characters it highlights with', async () => {
        await save(new Chat().say(visitor, '<b>refund</b> \u0001now\u0002 <script>x</script>'));
        const [hit] = (await records.search({ scope: everything, text: 'refund' })).hits;
        const segments = hit?.message?.segments ?? [];
        expect(segments.filter((s) => s.match)).toEqual([{ text: 'refund', match: true }]);
        const text = segments.map((s) => s.text).join('');
        expect(text).toContain('now');
        expect(text).not.toContain('\u0001');
        expect(text).not.toContain('\u0002');
      });

      it("stems each site's messages in its own language, and takes web-search syntax", async () => {
        await save(
          new Chat({ siteKey: 'boutique' }).say(visitor, 'Je cherche des chevaux et un remboursement'),
        );
        await save(
          new Chat({ siteKey: 'shop' }).say(visitor, 'chevaux is not an English word, remboursement neither'),
        );
        await save(new Chat({ siteKey: 'codes', visitorId: 'v9' }).say(visitor, 'code running'));
        // French stems "chevaux" to "cheval"; English leaves it as it is.
        const french = await records.search({ scope: everything, text: 'cheval' });
        expect(french.hits.map((hit) => hit.session.siteKey)).toEqual(['boutique']);
        expect(french.hits[0]?.message?.segments.filter((s) => s.match)).toEqual([
          { text: 'chevaux', match: true },
        ]);
        expect((await records.search({ scope: everything, text: 'run' })).total).toBe(0);
        expect((await records.search({ scope: everything, text: 'running' })).hits[0]?.session.siteKey).toBe(
          'codes',
        );

        await save(new Chat({ visitorId: 'v2' }).say(visitor, 'credit card refused, try paypal'));
        await save(new Chat({ visitorId: 'v3' }).say(visitor, 'card with credit left'));
        expect((await records.search({ scope: everything, text: '"credit card"' })).total).toBe(1);
        expect((await records.search({ scope: everything, text: 'credit -paypal' })).total).toBe(1);
        expect((await records.search({ scope: everything, text: 'paypal or remboursement' })).total).toBe(3);
        expect(await records.search({ scope: everything, text: 'the' })).toEqual({ hits: [], total: 0 });
        expect(await records.search({ scope: everything, text: '&|!(' })).toEqual({ hits: [], total: 0 });
      });

      it("finds sessions by their visitor's name or email, any part of it, ranked above text matches", async () => {
        await save(
          new Chat({ visitor: { name: 'Ada Lovelace', email: 'ada@analytical.example' } }).say(
            visitor,
            'hello',
          ),
        );
        await save(
          new Chat({ visitorId: 'v2', visitor: { name: 'Grace' } }).say(visitor, 'lovelace fan here'),
        );
        const byName = await records.search({ scope: everything, text: 'LOVEL' });
        expect(byName.hits.map((hit) => [hit.visitor.name, hit.visitorMatch, hit.matches])).toEqual([
          ['Ada Lovelace', true, 0],
        ]);
        const both = await records.search({ scope: everything, text: 'lovelace' });
        expect(both.hits.map((hit) => [hit.visitor.name, hit.visitorMatch, hit.message !== null])).toEqual([
          ['Ada Lovelace', true, false],
          ['Grace', false, true],
        ]);
        expect((await records.search({ scope: everything, text: '@analytical.example' })).total).toBe(1);
        expect((await records.search({ scope: everything, text: '100%' })).total).toBe(0);
      });

      it('filters by dates, sites, queue, agent, status and rating', async () => {
        const a = new Chat({ at: T0 }).say(visitor, 'refund a').route('billing').assign(ada).close().rate(5);
        const b = new Chat({ at: T0 + 10 * DAY, visitorId: 'v2' }).say(visitor, 'refund b').route('support');
        const c = new Chat({ at: T0 + 20 * DAY, siteKey: 'other', visitorId: 'v3' })
          .say(visitor, 'refund c')
          .route('billing')
          .assign(bob)
          .close()
          .rate(1, 'slow');
        for (const chat of [a, b, c]) await save(chat);
        const find = async (filters: Partial<Parameters<RecordsStore['search']>[0]>) =>
          texts(await records.search({ scope: everything, text: 'refund', ...filters })).sort();

        expect(await find({})).toEqual(['refund a', 'refund b', 'refund c']);
        expect(await find({ from: T0 + 5 * DAY })).toEqual(['refund b', 'refund c']);
        expect(await find({ from: T0 + 5 * DAY, to: T0 + 15 * DAY })).toEqual(['refund b']);
        expect(await find({ siteKeys: ['other'] })).toEqual(['refund c']);
        expect(await find({ queues: ['billing'] })).toEqual(['refund a', 'refund c']);
        expect(await find({ agentId: 'ada' })).toEqual(['refund a']);
        expect(await find({ statuses: ['queued'] })).toEqual(['refund b']);
        expect(await find({ statuses: [] })).toEqual([]);
        expect(await find({ rating: {} })).toEqual(['refund a', 'refund c']);
        expect(await find({ rating: { min: 4 } })).toEqual(['refund a']);
        expect(await find({ rating: { max: 2, tag: 'slow' } })).toEqual(['refund c']);
        expect(await find({ rating: { tag: 'great' } })).toEqual([]);
      });

      it("never leaves the scope: another site's or team's sessions stay out, whatever the filters", async () => {
        const billing = new Chat().say(visitor, 'refund billing').route('support', 'billing');
        const sales = new Chat({ visitorId: 'v2' }).say(visitor, 'refund sales').route('support', 'sales');
        const anyTeam = new Chat({ visitorId: 'v3' }).say(visitor, 'refund anyone').route('support');
        const adasOwn = new Chat({ visitorId: 'v4' })
          .say(visitor, 'refund mine')
          .route('vip', 'sales')
          .assign(ada);
        const botOnly = new Chat({ visitorId: 'v5' }).say(visitor, 'refund bot');
        const elsewhere = new Chat({ siteKey: 'other' }).say(visitor, 'refund elsewhere').route('support');
        for (const chat of [billing, sales, anyTeam, adasOwn, botOnly, elsewhere]) await save(chat);

        const agent = { siteKeys: ['shop'], teams: ['billing'], agentId: 'ada' };
        const seen = async (query: Partial<Parameters<RecordsStore['search']>[0]>) =>
          texts(await records.search({ scope: agent, text: 'refund', ...query })).sort();
        expect(await seen({})).toEqual(['refund anyone', 'refund billing', 'refund mine']);
        expect(await seen({ siteKeys: ['other'] })).toEqual([]);
        expect(await seen({ text: '' })).toEqual(['refund anyone', 'refund billing', 'refund mine']);
        expect(await seen({ agentId: 'bob' })).toEqual([]);
        expect(
          texts(await records.search({ scope: { siteKeys: ['shop'], queues: ['vip'] }, text: 'refund' })),
        ).toEqual(['refund mine']);
        expect(
          texts(await records.search({ scope: { siteKeys: ['shop'], agentId: 'ada' }, text: 'refund' })),
        ).toEqual(['refund mine']);
        expect((await records.search({ scope: { siteKeys: ['shop'] }, text: 'refund' })).total).toBe(5);
        expect(await records.search({ scope: { siteKeys: [] }, text: 'refund' })).toEqual({
          hits: [],
          total: 0,
        });
        expect(await records.transcript(sales.id, { scope: agent })).toBeNull();
        expect(await records.transcript(adasOwn.id, { scope: agent })).not.toBeNull();
      });

      it('reads each site with its own teams when the scope gives teams per site (issue 15, item 4)', async () => {
        const shopSales = new Chat().say(visitor, 'refund shop sales').route('support', 'sales');
        const shopBilling = new Chat({ visitorId: 'v2' })
          .say(visitor, 'refund shop billing')
          .route('support', 'billing');
        const otherBilling = new Chat({ siteKey: 'other', visitorId: 'v3' })
          .say(visitor, 'refund other billing')
          .route('support', 'billing');
        const otherSales = new Chat({ siteKey: 'other', visitorId: 'v4' })
          .say(visitor, 'refund other sales')
          .route('support', 'sales');
        for (const chat of [shopSales, shopBilling, otherBilling, otherSales]) await save(chat);
        const scope = {
          siteKeys: ['shop', 'other'],
          teams: ['support'],
          siteTeams: { shop: ['sales'], other: ['billing'] },
        };
        expect(texts(await records.search({ scope, text: 'refund' })).sort()).toEqual([
          'refund other billing',
          'refund shop sales',
        ]);
        expect(await records.transcript(shopBilling.id, { scope })).toBeNull();
      });

      it('pages by limit and offset, with the total; without text, lists sessions newest first', async () => {
        for (let i = 0; i < 7; i++) {
          await save(new Chat({ at: T0 + i * DAY, visitorId: `v${i}` }).say(visitor, `refund number ${i}`));
        }
        const pages = [0, 3, 6, 9].map((offset) => records.search({ scope: everything, limit: 3, offset }));
        const [p0, p1, p2, p3] = await Promise.all(pages);
        expect([p0, p1, p2, p3].map((p) => p?.total)).toEqual([7, 7, 7, 7]);
        expect([p0, p1, p2, p3].map((p) => p?.hits.length)).toEqual([3, 3, 1, 0]);
        expect(p0 && texts(p0)).toEqual(['refund number 6', 'refund number 5', 'refund number 4']);
        expect(p0?.hits[0]?.message).toBeNull();
        const ranked = await records.search({ scope: everything, text: 'refund', limit: 5, offset: 5 });
        expect(ranked.total).toBe(7);
        expect(ranked.hits).toHaveLength(2);
        const browsed = await records.search({ scope: everything, from: T0 + 5 * DAY });
        expect(texts(browsed)).toEqual(['refund number 6', 'refund number 5']);
      });
    });

    describe('export and erasure', () => {
      const adaChats = () => {
        const info = {
          name: 'Ada',
          email: 'ada@example.com',
          attributes: { plan: 'pro' },
          prechat: { topic: 'bill' },
        };
        const first = new Chat({ visitor: info })
          .say(visitor, 'My card 4242-card was charged twice')
          .route('support')
          .assign(bob)
          .say(bob, 'Sorry Ada, refunding now')
          .close()
          .rate(4, 'quick', 'Bob was kind');
        const second = new Chat({ at: T0 + DAY, visitor: info })
          .say(visitor, 'Nobody there?')
          .change('offline', null);
        second.leaveMessage({ email: 'ada@example.com', message: 'Call me on 555-0100' });
        return [first, second] as const;
      };

      it('exports everything about a visitor as one JSON document', async () => {
        const [first, second] = adaChats();
        await save(first);
        await save(second);
        await save(new Chat({ visitorId: 'v2' }).say(visitor, 'someone else'));
        const exported = await records.exportVisitor('shop', 'v1', T0 + 2 * DAY);
        expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
        expect(exported).toMatchObject({
          exportedAt: T0 + 2 * DAY,
          siteKey: 'shop',
          visitorId: 'v1',
          visitor: {
            name: 'Ada',
            email: 'ada@example.com',
            attributes: { plan: 'pro' },
            prechat: { topic: 'bill' },
          },
        });
        expect(exported.sessions.map((s) => s.session.id)).toEqual([first.id, second.id]);
        expect(exported.sessions[0]?.events).toEqual(first.events);
        expect(exported.sessions[0]?.feedback).toEqual([
          {
            score: 4,
            tag: 'quick',
            review: 'Bob was kind',
            seq: first.summary.lastSeq,
            at: first.summary.updatedAt,
          },
        ]);
        expect(exported.sessions[1]?.offlineMessages[0]?.fields).toEqual({
          email: 'ada@example.com',
          message: 'Call me on 555-0100',
        });
        expect(await records.exportVisitor('shop', 'nobody', T0)).toEqual({
          exportedAt: T0,
          siteKey: 'shop',
          visitorId: 'nobody',
          visitor: null,
          sessions: [],
        });
      });

      it('erases their text and personal data, keeps the sessions as shells, and audits it once', async () => {
        const [first, second] = adaChats();
        const other = new Chat({ visitorId: 'v2', visitor: { name: 'Grace' } }).say(visitor, 'card charged');
        for (const chat of [first, second, other]) await save(chat);
        const actor = { kind: 'api-key' as const, id: 'key-1' };

        const erased = await records.eraseVisitor({
          siteKey: 'shop',
          visitorId: 'v1',
          actor,
          at: T0 + 2 * DAY,
        });
        expect(erased).toEqual({ erased: true, sessions: 2, events: 5 });

        expect(await records.visitor('shop', 'v1')).toEqual({
          siteKey: 'shop',
          visitorId: 'v1',
          userId: null,
          name: null,
          email: null,
          attributes: {},
          prechat: {},
          firstSeenAt: T0,
          lastSeenAt: second.summary.updatedAt,
          erasedAt: T0 + 2 * DAY,
        });
        const transcript = await records.transcript(first.id);
        expect(transcript?.session).toMatchObject({
          deleted: true,
          status: 'closed',
          agents: ['bob'],
          lastMessage: { text: '', author: { role: 'agent', id: 'bob' } },
          rating: { score: 4, tag: 'quick' },
          context: {},
        });
        expect(transcript?.session.rating?.review).toBeUndefined();
        expect(transcript?.session.lastMessage?.author.name).toBeUndefined();
        expect(transcript?.events.every((e) => e.type === 'session.changed')).toBe(true);
        expect(transcript?.events.length).toBe(
          first.events.filter((e) => e.type === 'session.changed').length,
        );
        const dump = JSON.stringify(await fixture.query('SELECT * FROM events'));
        for (const secret of ['4242-card', 'refunding', 'Bob was kind', '555-0100', 'Nobody']) {
          expect(dump).not.toContain(secret);
        }
        expect(JSON.stringify(await fixture.query('SELECT * FROM offline_messages'))).not.toContain(
          '555-0100',
        );
        expect(
          (await records.search({ scope: everything, text: 'card' })).hits.map((h) => h.session.id),
        ).toEqual([other.id]);
        expect((await records.search({ scope: everything, text: 'ada' })).total).toBe(0);
        // Shells still count; the visitor's history has nothing to show.
        expect(await count('SELECT count(*)::int AS n FROM sessions WHERE deleted')).toBe(2);
        expect(await count('SELECT count(*)::int AS n FROM events')).toBe(first.events.length + 4 + 2);
        expect((await records.visitorHistory({ siteKey: 'shop', visitorId: 'v1' })).sessions).toEqual([]);
        expect(
          (await records.exportVisitor('shop', 'v1', T0)).sessions.map((s) => s.session.deleted),
        ).toEqual([true, true]);
        expect((await records.transcript(other.id))?.events).toEqual(other.events);

        // Once: a second call changes nothing, writes no audit entry, and succeeds.
        const audit = await records.listAudit({ action: 'visitor.erase' });
        expect(audit.entries).toEqual([
          {
            id: expect.any(String),
            at: T0 + 2 * DAY,
            actor,
            action: 'visitor.erase',
            target: { kind: 'visitor', id: 'v1' },
            siteKey: 'shop',
            details: { sessions: 2, events: 5 },
          },
        ]);
        const again = await records.eraseVisitor({
          siteKey: 'shop',
          visitorId: 'v1',
          actor,
          at: T0 + 3 * DAY,
        });
        expect(again).toEqual({ erased: false, sessions: 0, events: 0 });
        expect((await records.listAudit()).entries).toHaveLength(1);

        // The records writer replaying the erased sessions brings nothing back.
        await save(first);
        await save(second.say(visitor, 'still there?'));
        expect(JSON.stringify(await fixture.query('SELECT * FROM events'))).not.toContain('4242-card');
        expect(JSON.stringify(await fixture.query('SELECT * FROM events'))).not.toContain('still there');
        expect((await records.visitor('shop', 'v1'))?.name).toBeNull();
        // A new session of theirs, after the erasure, is kept like any other, in a batch beside a
        // late replay of an erased one too (whose name takes no part).
        const back = new Chat({ at: T0 + 3 * DAY, visitor: { attributes: { came: 'back' } } }).say(
          visitor,
          'back',
        );
        await records.recordBatch([
          { session: first.summary, events: first.events },
          { session: back.summary, events: back.events },
        ]);
        expect(await records.visitor('shop', 'v1')).toMatchObject({
          name: null,
          attributes: { came: 'back' },
        });
        await save(new Chat({ at: T0 + 4 * DAY, visitor: { name: 'Ada again' } }).say(visitor, 'back'));
        expect((await records.visitor('shop', 'v1'))?.name).toBe('Ada again');
      });

      it('finishes an erasure left half-way', async () => {
        const [first, second] = adaChats();
        await save(first);
        await save(second);
        // As if a run had stopped after the sessions and the visitor, before the events.
        await fixture.query(
          `UPDATE sessions SET deleted = true, last_message_text = NULL WHERE visitor_id = 'v1'`,
        );
        await fixture.query(
          `UPDATE visitors SET name = NULL, email = NULL, erased_at = now() WHERE visitor_id = 'v1'`,
        );
        const actor = { kind: 'agent' as const, id: 'admin' };
        const erased = await records.eraseVisitor({ siteKey: 'shop', visitorId: 'v1', actor, at: T0 + DAY });
        expect(erased).toEqual({ erased: true, sessions: 0, events: 5 });
        expect(JSON.stringify(await fixture.query('SELECT * FROM events'))).not.toContain('4242-card');
        expect(await records.visitor('shop', 'v1')).toMatchObject({ attributes: {}, prechat: {} });
        expect((await records.listAudit()).entries).toHaveLength(1);
      });
    });

    describe('a restart without a live store that keeps anything', () => {
      it('marks closed the sessions left open, at the start, and leaves closed ones as they were', async () => {
        const open = new Chat({ at: T0 }).say(visitor, 'still open?');
        const closed = new Chat({ at: T0, visitorId: 'v2' }).say(visitor, 'done').close();
        for (const chat of [open, closed]) await save(chat);
        const closedAt = (await records.transcript(closed.id))?.session.closedAt;
        expect(await records.closeLeftOpen(T0 + DAY)).toBe(1);
        expect((await records.transcript(open.id))?.session).toMatchObject({
          status: 'closed',
          closedAt: T0 + DAY,
        });
        expect((await records.transcript(closed.id))?.session.closedAt).toBe(closedAt);
        expect(await records.closeLeftOpen(T0 + 2 * DAY)).toBe(0);
        const page = await records.search({ scope: { siteKeys: ['shop'] }, statuses: ['closed'] });
        expect(page.hits.map((h) => h.session.id).sort()).toEqual([open.id, closed.id].sort());
      });
    });

    describe('retention', () => {
      it("deletes a site's sessions closed before the cutoff, with their events, and visitors left with none", async () => {
        const old = new Chat({ at: T0 }).say(visitor, 'old').close();
        const oldOffline = new Chat({ at: T0, visitorId: 'v2' }).change('offline', null);
        oldOffline.leaveMessage({ message: 'x' }).close();
        const recent = new Chat({ at: T0 + 40 * DAY, visitorId: 'v2' }).say(visitor, 'recent').close();
        const open = new Chat({ at: T0, visitorId: 'v3' }).say(visitor, 'still open');
        const elsewhere = new Chat({ at: T0, siteKey: 'other' }).say(visitor, 'other site').close();
        for (const chat of [old, oldOffline, recent, open, elsewhere]) await save(chat);
        for (const chat of [old, recent]) {
          await records.markMonitored({ sessionId: chat.id, siteKey: 'shop', at: T0, by: 'sue' });
        }

        const deleted = await records.deleteClosedBefore({ siteKey: 'shop', closedBefore: T0 + 30 * DAY });
        expect(deleted).toEqual({ sessions: 2, visitors: 1 });
        expect(await records.transcript(old.id)).toBeNull();
        expect(await records.transcript(oldOffline.id)).toBeNull();
        for (const chat of [recent, open, elsewhere])
          expect(await records.transcript(chat.id)).not.toBeNull();
        expect(await records.visitor('shop', 'v1')).toBeNull();
        expect(await records.visitor('shop', 'v2')).not.toBeNull();
        expect(await records.visitor('other', 'v1')).not.toBeNull();
        expect(await count(`SELECT count(*)::int AS n FROM events WHERE session_id = '${old.id}'`)).toBe(0);
        expect(await count('SELECT count(*)::int AS n FROM offline_messages')).toBe(0);
        expect(await records.monitored(old.id)).toBeNull();
        expect(await records.monitored(recent.id)).not.toBeNull();
        expect(await records.deleteClosedBefore({ siteKey: 'shop', closedBefore: T0 + 30 * DAY })).toEqual({
          sessions: 0,
          visitors: 0,
        });
      });
    });

    describe('monitored sessions (issue 15)', () => {
      it('keeps the first flag of a silently monitored session, recorded or not yet', async () => {
        expect(await records.monitored('m1')).toBeNull();
        await records.markMonitored({ sessionId: 'm1', siteKey: 'shop', at: T0, by: 'sue' });
        await records.markMonitored({ sessionId: 'm1', siteKey: 'shop', at: T0 + DAY, by: 'ada' });
        expect(await records.monitored('m1')).toEqual({
          sessionId: 'm1',
          siteKey: 'shop',
          at: T0,
          by: 'sue',
        });
        expect(await records.monitored('m2')).toBeNull();
      });
    });

    describe('private notes (issue 15)', () => {
      const note = (sessionId: string, n: number, text: string) => ({
        sessionId,
        n,
        at: T0 + n,
        author: { role: 'agent' as const, id: 'ada', name: 'Ada' },
        text,
      });

      it('keeps notes once each, oldest first, even before their session is recorded', async () => {
        const chat = new Chat({ at: T0 }).say(visitor, 'hello');
        await records.appendNote(note(chat.id, 2, 'second'));
        await records.appendNote(note(chat.id, 1, 'first'));
        await records.appendNote(note(chat.id, 1, 'first again'));
        await save(chat);
        expect((await records.sessionNotes(chat.id)).map((n) => [n.n, n.text])).toEqual([
          [1, 'first'],
          [2, 'second'],
        ]);
        expect((await records.sessionNotes(chat.id))[0]).toEqual(note(chat.id, 1, 'first'));
        expect(await records.sessionNotes('nope')).toEqual([]);
      });

      it('deletes them with their visitor and with their session past retention', async () => {
        const erased = new Chat({ at: T0 }).say(visitor, 'erase me');
        const old = new Chat({ at: T0, visitorId: 'v2' }).say(visitor, 'old').close();
        for (const chat of [erased, old]) {
          await save(chat);
          await records.appendNote(note(chat.id, 1, 'about them'));
        }
        await records.eraseVisitor({
          siteKey: 'shop',
          visitorId: 'v1',
          actor: { kind: 'agent', id: 'ada' },
          at: T0 + DAY,
        });
        expect(await records.sessionNotes(erased.id)).toEqual([]);
        expect(await records.sessionNotes(old.id)).toHaveLength(1);
        await records.deleteClosedBefore({ siteKey: 'shop', closedBefore: T0 + 30 * DAY });
        expect(await records.sessionNotes(old.id)).toEqual([]);
      });
    });

    describe('audit log', () => {
      it('lists entries newest first, filtered, a page at a time', async () => {
        const agent = { kind: 'agent' as const, id: 'ada' };
        const key = { kind: 'api-key' as const, id: 'k1' };
        const made = [];
        for (let i = 0; i < 5; i++) {
          made.push(
            await records.appendAudit({
              at: T0 + i * DAY,
              actor: i % 2 ? key : agent,
              action: i < 3 ? 'config.change' : 'session.export',
              siteKey: i === 4 ? 'other' : 'shop',
              ...(i === 0 ? { target: { kind: 'site', id: 'shop' }, details: { field: 'colour' } } : {}),
            }),
          );
        }
        expect(made[0]).toEqual({
          id: expect.any(String),
          at: T0,
          actor: agent,
          action: 'config.change',
          siteKey: 'shop',
          target: { kind: 'site', id: 'shop' },
          details: { field: 'colour' },
        });
        const at = (page: { entries: { at: number }[] }) => page.entries.map((e) => (e.at - T0) / DAY);
        expect(at(await records.listAudit())).toEqual([4, 3, 2, 1, 0]);
        expect(at(await records.listAudit({ siteKey: 'shop' }))).toEqual([3, 2, 1, 0]);
        expect(at(await records.listAudit({ actor: key }))).toEqual([3, 1]);
        expect(at(await records.listAudit({ action: 'session.export' }))).toEqual([4, 3]);
        expect(at(await records.listAudit({ from: T0 + DAY, to: T0 + 3 * DAY }))).toEqual([2, 1]);
        const first = await records.listAudit({ limit: 2 });
        const second = await records.listAudit({ limit: 2, before: first.next ?? '' });
        const third = await records.listAudit({ limit: 2, before: second.next ?? '' });
        expect([at(first), at(second), at(third)]).toEqual([[4, 3], [2, 1], [0]]);
        expect(third.next).toBeNull();
      });
    });

    describe('API keys', () => {
      it('keeps keys by site with their hash only, revokes them for good, notes uses once a minute', async () => {
        const keys = records.apiKeys;
        const base = { name: 'crm', scope: 'write' as const, secretHash: 'a'.repeat(64) };
        const crm = await keys.create({ ...base, id: 'k1', siteKey: 'shop', now: T0 });
        await keys.create({ ...base, id: 'k2', siteKey: 'shop', name: 'bi', scope: 'read', now: T0 + 1 });
        await keys.create({ ...base, id: 'k3', siteKey: 'other', scope: 'admin', now: T0 + 2 });
        expect(crm).toEqual({
          id: 'k1',
          siteKey: 'shop',
          name: 'crm',
          scope: 'write',
          createdAt: T0,
          lastUsedAt: null,
          revokedAt: null,
        });
        expect(await keys.find('k1')).toEqual({ ...crm, secretHash: 'a'.repeat(64) });
        expect(await keys.find('nope')).toBeNull();
        expect((await keys.list('shop')).map((k) => k.id)).toEqual(['k2', 'k1']);
        expect((await keys.list()).map((k) => k.id)).toEqual(['k3', 'k2', 'k1']);
        await expect(keys.create({ ...base, id: 'k1', siteKey: 'shop', now: T0 })).rejects.toThrow();

        await keys.touch('k1', T0 + 10_000);
        await keys.touch('k1', T0 + 20_000);
        expect((await keys.find('k1'))?.lastUsedAt).toBe(T0 + 10_000);
        await keys.touch('k1', T0 + 80_000);
        expect((await keys.find('k1'))?.lastUsedAt).toBe(T0 + 80_000);

        expect((await keys.revoke('k1', T0 + DAY))?.revokedAt).toBe(T0 + DAY);
        expect((await keys.revoke('k1', T0 + 2 * DAY))?.revokedAt).toBe(T0 + DAY);
        expect(await keys.revoke('nope', T0)).toBeNull();
        expect((await keys.find('k2'))?.revokedAt).toBeNull();
      });
    });

    describe('lifecycle', () => {
      it('answers ready, and keeps its data and migrations for the next store over it', async () => {
        await expect(records.ready()).resolves.toBeUndefined();
        const chat = new Chat().say(visitor, 'kept');
        await save(chat);
        const migrations = () =>
          fixture.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name');
        const applied = await migrations();
        expect(applied.map((m) => m.name)).toEqual(
          Object.keys(await migrationProvider.getMigrations()).sort(),
        );
        expect(applied[0]?.name).toBe('0001-initial');
        const next = await fixture.another();
        expect((await next.transcript(chat.id))?.events).toEqual(chat.events);
        expect(await migrations()).toEqual(applied);
      });
    });

    describeReportFigures(() => records, Chat);
  });
}
