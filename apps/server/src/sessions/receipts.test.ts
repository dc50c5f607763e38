/**
 * Read receipts over the sockets (issue 14, item 3), on both stores: the visitor's mark reaches
 * their other tabs and the agent; the agent's reaches the visitor; a bot reads as its processing
 * cursor passes; every snapshot replays the marks; nobody marks another's session.
 */
import { type Bot, createBot } from '@parley/bot';
import type { AckResult, BotClientEvents, BotServerEvents, ReadNotice } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connectAgent, nextAgentEvent, setPresence } from '../../test/agent.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { storeKinds } from '../../test/stores.js';
import { connectVisitor, next, syncAll, type VisitorClient } from '../../test/visitor.js';

const kinds = storeKinds();
afterAll(async () => {
  for (const kind of kinds) await kind.teardown();
});

const nextRead = (socket: VisitorClient, predicate: (n: ReadNotice) => boolean) =>
  new Promise<ReadNotice>((resolve) => {
    const listener = (notice: ReadNotice) => {
      if (!predicate(notice)) return;
      socket.off('read', listener);
      resolve(notice);
    };
    socket.on('read', listener);
  });

const markRead = (socket: VisitorClient, sessionId: string, seq: number) =>
  socket.timeout(5000).emitWithAck('read.mark', { sessionId, seq }) as Promise<AckResult<{ seq: number }>>;

describe.each(kinds)('read receipts ($name store)', (kind) => {
  let parley: RunningParley;
  let bot: Bot | undefined;
  const closers: Array<{ close(): unknown }> = [];

  afterEach(async () => {
    for (const socket of closers.splice(0)) socket.close();
    await bot?.close();
    bot = undefined;
    await parley.close();
  });

  const start = async () => {
    const { store } = await kind.create();
    parley = await startParley({ store });
  };

  const visitor = async (token?: string) => {
    const connected = await connectVisitor(parley.url, {
      origin: parley.demoOrigin,
      ...(token ? { token } : {}),
    });
    closers.push(connected.socket);
    return connected;
  };

  const open = async (socket: VisitorClient) => {
    const opened = await socket.timeout(5000).emitWithAck('session.open', {});
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.session;
  };

  it("shares the visitor's mark with their other tab and the agent, and the agent's with the visitor", async () => {
    await start();
    const alice = await connectAgent(parley.url, 'alice@parley.demo');
    closers.push(alice.socket);
    await setPresence(alice.socket, { status: 'ready' });
    const tab1 = await visitor();
    const tab2 = await visitor(tab1.token);
    const session = await open(tab1.socket);
    const created = nextAgentEvent(alice.socket, 'session.created');
    expect(
      await tab1.socket.timeout(5000).emitWithAck('session.handoff', { sessionId: session.id }),
    ).toMatchObject({
      ok: true,
    });
    await created;
    const said = next(tab1.socket, 'session.event', (e) => e.type === 'message');
    const sent = await alice.socket
      .timeout(5000)
      .emitWithAck('message.send', { sessionId: session.id, clientId: 'agent-msg-0001', text: 'Hello!' });
    expect(sent).toMatchObject({ ok: true });
    const { seq } = await said;

    // The visitor reads in tab 1: tab 2 and the agent hear it.
    const inTab2 = nextRead(tab2.socket, (n) => n.party === 'visitor');
    const atDesk = nextAgentEvent(alice.socket, 'read', (n) => n.party === 'visitor');
    expect(await markRead(tab1.socket, session.id, seq)).toEqual({ ok: true, seq });
    expect(await inTab2).toEqual({ sessionId: session.id, party: 'visitor', seq });
    expect(await atDesk).toEqual({ sessionId: session.id, party: 'visitor', seq });
    // Lower, or the same again: the mark stays and the ack says where.
    expect(await markRead(tab2.socket, session.id, 1)).toEqual({ ok: true, seq });

    // The agent reads the visitor's message: the visitor's tabs hear it.
    const visitorSaid = await tab1.socket
      .timeout(5000)
      .emitWithAck('message.send', { sessionId: session.id, clientId: 'visitor-msg-0001', text: 'Hi' });
    const visitorSeq = visitorSaid.ok ? visitorSaid.seq : 0;
    const agentRead = nextRead(tab2.socket, (n) => n.party === 'agent');
    expect(
      await alice.socket.timeout(5000).emitWithAck('read.mark', { sessionId: session.id, seq: visitorSeq }),
    ).toEqual({ ok: true, seq: visitorSeq });
    expect(await agentRead).toEqual({ sessionId: session.id, party: 'agent', seq: visitorSeq });

    // A reload (a new connection's sync) and the desk's snapshot replay both marks.
    const reloaded = await visitor(tab1.token);
    const [synced] = await syncAll(reloaded.socket);
    expect(synced?.session.read).toEqual({ visitor: seq, agent: visitorSeq });
    const got = await alice.socket.timeout(5000).emitWithAck('session.get', { sessionId: session.id });
    expect(got).toMatchObject({ ok: true, session: { read: { visitor: seq, agent: visitorSeq } } });
  });

  it('marks read for the bot as its processing cursor passes the visitor’s message', async () => {
    await start();
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('message', (session, message) => session.say(`You said: ${message.text}`));
    await bot.ready;
    const tab = await visitor();
    const session = await open(tab.socket);
    const botRead = nextRead(tab.socket, (n) => n.party === 'bot' && n.seq >= 2);
    const sent = await tab.socket
      .timeout(5000)
      .emitWithAck('message.send', { sessionId: session.id, clientId: 'visitor-msg-0002', text: 'Hours?' });
    expect(sent).toMatchObject({ ok: true, seq: 2 });
    expect((await botRead).seq).toBeGreaterThanOrEqual(2);

    // Or by an SDK call, which never moves the mark back.
    const live = bot?.session(session.id);
    const reply = await live?.say('One moment.');
    const marked = nextRead(tab.socket, (n) => n.party === 'bot' && n.seq === reply?.seq);
    expect(await live?.markRead(reply?.seq ?? 0)).toEqual({ seq: reply?.seq });
    await marked;
    expect(await live?.markRead(1)).toEqual({ seq: reply?.seq });
  });

  it('sends a bot’s mark to the visitor, never back to the bot that made it', async () => {
    await start();
    const botSocket: Socket<BotServerEvents, BotClientEvents> = io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    closers.push(botSocket);
    const heardByBot: ReadNotice[] = [];
    botSocket.on('read', (notice) => heardByBot.push(notice));
    await new Promise((resolve) => botSocket.once('connect', () => resolve(undefined)));
    const tab = await visitor();
    const session = await open(tab.socket);
    const botRead = nextRead(tab.socket, (n) => n.party === 'bot' && n.seq === 1);
    const handled = await botSocket
      .timeout(5000)
      .emitWithAck('session.handled', { handled: { [session.id]: 1 } });
    expect(handled).toMatchObject({ ok: true });
    expect(await botRead).toEqual({ sessionId: session.id, party: 'bot', seq: 1 });
    // The visitor reads too: that mark reaches the bot, so nothing of the bot's own is in flight.
    const visitorRead = new Promise<ReadNotice>((resolve) => botSocket.once('read', resolve));
    expect(await markRead(tab.socket, session.id, 1)).toMatchObject({ ok: true, seq: 1 });
    expect(await visitorRead).toMatchObject({ party: 'visitor', seq: 1 });
    expect(heardByBot).toEqual([{ sessionId: session.id, party: 'visitor', seq: 1 }]);
  });

  it("refuses a mark on someone else's session, a missing one, and a bad payload, changing nothing", async () => {
    await start();
    const owner = await visitor();
    const stranger = await visitor();
    const session = await open(owner.socket);
    expect(await markRead(stranger.socket, session.id, 1)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await markRead(owner.socket, 'no-such-session', 1)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await markRead(owner.socket, session.id, -1)).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    const alice = await connectAgent(parley.url, 'alice@parley.demo');
    closers.push(alice.socket);
    // Not the agent's chat (it is with the bot).
    expect(
      await alice.socket.timeout(5000).emitWithAck('read.mark', { sessionId: session.id, seq: 1 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await parley.store.getSession(session.id))?.read).toBeUndefined();
  });
});
