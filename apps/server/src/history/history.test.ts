/**
 * Issue 12 end to end over the sockets: conversations written behind the live store into the
 * records (PGlite), read back as the visitor's history, found by the desk's search within what
 * an agent may read, exported and erased by an admin, with the audit log.
 */
import { type Bot, createBot } from '@parley/bot';
import type { AckResult, HistoryPage, SearchPage, Transcript } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentClient, connectAgent } from '../../test/agent.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { connectVisitor, type VisitorClient } from '../../test/visitor.js';
import { RECORDS_CONSUMER } from '../consumers/records-writer.js';
import { createPgliteRecords } from '../records/pglite-records.js';
import type { RecordsStore } from '../records/records-store.js';
import { createMemoryStore } from '../store/memory-store.js';

describe('the records, through the sockets', { timeout: 30_000 }, () => {
  let parley: RunningParley;
  let records: RecordsStore;
  let bot: Bot;
  const sockets: Array<VisitorClient | AgentClient> = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await bot.close();
    await parley.close();
    await records.close();
  });

  const start = async () => {
    records = await createPgliteRecords();
    parley = await startParley({
      store: createMemoryStore({ consumers: [RECORDS_CONSUMER] }),
      records,
      recordsIdleMs: 20,
    });
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', (session) => session.say('Hello! Ask me anything.'));
    bot.on('message', (session, message) => session.say(`About "${message.text}": let me check.`));
    await bot.ready;
  };

  const ask = <T extends object>(socket: VisitorClient | AgentClient, event: string, payload: object) =>
    (socket.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<AckResult<T>>)(event, payload);

  /** A visitor who says each text, waits for the bot's answer, then closes the chat. */
  const chat = async (texts: string[], info: object = {}) => {
    const visitor = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    sockets.push(visitor.socket);
    const opened = await ask<{ session: { id: string } }>(visitor.socket, 'session.open', { info });
    if (!opened.ok) throw new Error(opened.error.message);
    const sessionId = opened.session.id;
    for (const [i, text] of texts.entries()) {
      await ask(visitor.socket, 'message.send', { sessionId, clientId: `history-${i}-${sessionId}`, text });
    }
    await expect
      .poll(async () => (await parley.store.eventsSince(sessionId, 0, 100)).length)
      .toBeGreaterThanOrEqual(2 + texts.length * 2);
    await ask(visitor.socket, 'session.close', { sessionId });
    return { ...visitor, sessionId };
  };

  const agent = async (email: string) => {
    const { socket } = await connectAgent(parley.url, email);
    sockets.push(socket);
    return socket;
  };

  it("lists a visitor's conversations newest first, and opens one read-only, theirs only", async () => {
    await start();
    const first = await chat(['Where is my parcel?']);
    const second = await connectVisitor(parley.url, { origin: parley.demoOrigin, token: first.token });
    sockets.push(second.socket);
    const opened = await ask<{ session: { id: string } }>(second.socket, 'session.open', {});
    if (!opened.ok) throw new Error(opened.error.message);
    await ask(second.socket, 'message.send', {
      sessionId: opened.session.id,
      clientId: 'history-second-1',
      text: 'And my invoice?',
    });

    await expect
      .poll(async () => {
        const page = await ask<HistoryPage>(second.socket, 'history.list', {});
        return page.ok ? page.sessions.map((s) => [s.id, s.lastMessage?.author.role]) : page;
      })
      .toEqual([
        [opened.session.id, expect.any(String)],
        [first.sessionId, 'bot'],
      ]);
    const transcript = await ask<Transcript>(second.socket, 'history.get', { sessionId: first.sessionId });
    expect(transcript).toMatchObject({ ok: true, session: { id: first.sessionId, status: 'closed' } });
    if (!transcript.ok) throw new Error('no transcript');
    // In the log's own order (the visitor may write before the welcome lands).
    const live = await parley.store.eventsSince(first.sessionId, 0, 100);
    expect(transcript.events).toEqual(live);
    expect(transcript.events.flatMap((e) => (e.type === 'message' ? [e.text] : [])).sort()).toEqual(
      ['About "Where is my parcel?": let me check.', 'Hello! Ask me anything.', 'Where is my parcel?'].sort(),
    );

    const stranger = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    sockets.push(stranger.socket);
    expect(await ask(stranger.socket, 'history.get', { sessionId: first.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await ask<HistoryPage>(stranger.socket, 'history.list', {})).toEqual({
      ok: true,
      sessions: [],
      next: null,
    });
    expect(await ask(stranger.socket, 'history.list', { limit: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await ask(stranger.socket, 'history.list', { before: 'not-a-cursor' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    // A cursor of the right shape whose time no Date holds (tampered): refused, not `internal`.
    const tampered = Buffer.from(JSON.stringify([1e20, "' OR '1'='1"])).toString('base64url');
    expect(await ask(stranger.socket, 'history.list', { before: tampered })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
  });

  it('finds conversations by a word of their messages for an admin, highlighted as text segments', async () => {
    await start();
    const { sessionId } = await chat(['My <b>refund</b> for the blue kettle never arrived']);
    await chat(['Opening hours please']);
    const alice = await agent('alice@parley.demo');
    await expect
      .poll(async () => {
        const found = await ask<SearchPage>(alice, 'search', { text: 'refunds' });
        return found.ok ? found.hits.map((h) => h.session.id) : found;
      })
      .toEqual([sessionId]);
    const found = await ask<SearchPage>(alice, 'search', { text: 'refunds' });
    if (!found.ok) throw new Error(found.error.message);
    const segments = found.hits[0]?.message?.segments ?? [];
    expect(segments.filter((s) => s.match).map((s) => s.text.toLowerCase())).toContain('refund');
    expect(segments.map((s) => s.text).join('')).toContain('blue kettle');
    expect(await ask(alice, 'transcript', { sessionId })).toMatchObject({
      ok: true,
      session: { id: sessionId },
    });

    // Bob is an agent: a conversation that never reached a person is not his to read.
    const bob = await agent('bob@parley.demo');
    expect(await ask<SearchPage>(bob, 'search', { text: 'refunds' })).toMatchObject({ ok: true, hits: [] });
    expect(await ask(bob, 'transcript', { sessionId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    for (const dates of [{ from: 10, to: 5 }, { from: 8_640_000_000_000_001 }, { from: 1e300 }]) {
      expect(await ask(bob, 'search', { text: 'x', ...dates }), JSON.stringify(dates)).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload' },
      });
    }
  });

  // Found by a security pass: jsonb refuses a lone surrogate (and a NUL), and the writer's whole
  // round (other visitors' conversations with it) failed again and again, none of them recorded.
  // A NUL is now refused as it comes in (`parsePayload`); the surrogate is recorded as U+FFFD.
  it("records a message with a lone surrogate, and everyone else's beside it; refuses a NUL", async () => {
    await start();
    const nul = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    sockets.push(nul.socket);
    const opened = await ask<{ session: { id: string } }>(nul.socket, 'session.open', {});
    if (!opened.ok) throw new Error(opened.error.message);
    const refused = { sessionId: opened.session.id, clientId: 'history-nul-1', text: 'refund \u0000 now' };
    expect(await ask(nul.socket, 'message.send', refused)).toEqual({
      ok: false,
      error: { code: 'invalid_payload', message: 'NUL character not allowed: text' },
    });
    const bad = await chat(['refund now \ud800 please']);
    const good = await chat(['refund for the teapot']);
    const alice = await agent('alice@parley.demo');
    await expect
      .poll(async () => {
        const found = await ask<SearchPage>(alice, 'search', { text: 'refund' });
        return found.ok ? found.hits.map((h) => h.session.id).sort() : found;
      })
      .toEqual([bad.sessionId, good.sessionId].sort());
    const transcript = await ask<Transcript>(alice, 'transcript', { sessionId: bad.sessionId });
    if (!transcript.ok) throw new Error(transcript.error.message);
    expect(transcript.events.flatMap((e) => (e.type === 'message' ? [e.text] : []))).toContain(
      'refund now \ufffd please',
    );
    // A NUL in what an agent looks up is refused as such, not an error of the records.
    for (const [event, payload] of [
      ['search', { text: 'refund\u0000' }],
      ['transcript', { sessionId: `${bad.sessionId}\u0000` }],
      ['history.list', { siteKey: 'demo', visitorId: 'v\u0000' }],
      ['audit.list', { action: 'a\u0000' }],
    ] as const) {
      expect(await ask(alice, event, payload), event).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload', message: expect.stringContaining('NUL character not allowed') },
      });
    }
  });

  it('exports and erases a visitor for an admin only, idempotently, with the audit log', async () => {
    await start();
    const { sessionId, visitorId, token } = await chat(['My phone is 555-0100'], { name: 'Grace Hopper' });
    const alice = await agent('alice@parley.demo');
    const bob = await agent('bob@parley.demo');
    const visitor = { siteKey: 'demo', visitorId };

    expect(await ask(bob, 'visitor.export', visitor)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ask(bob, 'visitor.erase', visitor)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await expect
      .poll(async () => {
        const exported = await ask<{ document: { sessions: unknown[] } }>(alice, 'visitor.export', visitor);
        return exported.ok ? exported.document.sessions.length : exported;
      })
      .toBe(1);
    const exported = await ask<{ document: { visitor: { name: string } | null } }>(
      alice,
      'visitor.export',
      visitor,
    );
    expect(exported).toMatchObject({ ok: true, document: { visitor: { name: 'Grace Hopper' } } });

    expect(await ask(alice, 'visitor.erase', visitor)).toMatchObject({ ok: true, sessions: 1 });
    expect(await ask(alice, 'visitor.erase', visitor)).toMatchObject({ ok: true });
    // Gone from the live store and the records; the session a shell; the token refused.
    expect(await parley.store.getSession(sessionId)).toBeNull();
    const shell = await ask<Transcript>(alice, 'transcript', { sessionId });
    expect(shell).toMatchObject({ ok: true, session: { deleted: true } });
    if (!shell.ok) throw new Error('no shell');
    expect(JSON.stringify(shell.events)).not.toContain('555-0100');
    expect(await ask<SearchPage>(alice, 'search', { text: 'phone' })).toMatchObject({ ok: true, hits: [] });
    await expect(connectVisitor(parley.url, { origin: parley.demoOrigin, token })).rejects.toBeDefined();

    const audit = await ask<{ entries: Array<{ action: string; actor: { id: string } }> }>(
      alice,
      'audit.list',
      {},
    );
    if (!audit.ok) throw new Error(audit.error.message);
    const actions = audit.entries.map((e) => `${e.actor.id}:${e.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'alice:visitor.erase',
        'alice:visitor.export',
        'alice:agent.login',
        'bob:agent.login',
      ]),
    );
    expect(actions.filter((a) => a === 'alice:visitor.erase')).toHaveLength(1);
    expect(await ask(bob, 'audit.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
