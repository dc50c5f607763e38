/**
 * Private notes (issue 15) end to end: a real server with records, the records writer and the
 * webhook dispatcher, a real webhook receiver, a visitor's socket, a bot's socket and two desks.
 * Every packet the visitor's and the bot's sockets get, and every webhook request, is recorded;
 * the note's words appear in none of them, while both agents see it.
 */
import type { AckResult, BotClientEvents, BotServerEvents, Note, SessionEvent } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentClient, connectAgent, nextAgentEvent, setPresence } from '../../test/agent.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { connectVisitor, next } from '../../test/visitor.js';
import { startReceiver, type WebhookReceiver, withWebhook } from '../../test/webhook-receiver.js';
import { WEBHOOK_EVENTS } from '../webhooks/webhook-events.js';

const SECRET_WORDS = 'customer-is-a-reseller-7f3a';

const ask = <T extends object>(socket: AgentClient, event: string, payload: object) =>
  (socket.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<AckResult<T>>)(event, payload);

describe('private notes', { timeout: 60_000 }, () => {
  let parley: RunningParley | undefined;
  let receiver: WebhookReceiver | undefined;
  const closers: Array<{ close(): unknown }> = [];

  afterEach(async () => {
    for (const socket of closers.splice(0)) socket.close();
    await parley?.close();
    await receiver?.close();
  });

  it('reach the agents of a chat and never its visitor, its bot or a webhook', async () => {
    receiver = await startReceiver();
    const url = receiver.url;
    parley = await startParley({
      withRecords: true,
      config: (base) => ({
        ...withWebhook({ id: 'all', url, secret: `whsec_${'a'.repeat(32)}`, events: [...WEBHOOK_EVENTS] })(
          base,
        ),
        agentSettings: { ...base.agentSettings, graceSeconds: 0 },
      }),
    });
    const running = parley;

    // Every packet of the visitor's and the bot's sockets, as the wire carried it.
    const heard: string[] = [];
    const { socket: visitor } = await connectVisitor(running.url, { origin: running.demoOrigin });
    closers.push(visitor);
    visitor.onAny((event, ...args) => heard.push(`visitor ${event} ${JSON.stringify(args)}`));
    const bot: Socket<BotServerEvents, BotClientEvents> = io(`${running.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    closers.push(bot);
    bot.onAny((event, ...args) => heard.push(`bot ${event} ${JSON.stringify(args)}`));
    await new Promise((resolve) => bot.once('connect', () => resolve(undefined)));

    const alice = (await connectAgent(running.url, 'alice@parley.demo')).socket;
    const bob = (await connectAgent(running.url, 'bob@parley.demo')).socket;
    closers.push(alice, bob);
    await setPresence(alice, { status: 'ready' });

    const opened = await visitor.timeout(5000).emitWithAck('session.open', { info: { name: 'Ada' } });
    if (!opened.ok) throw new Error(opened.error.message);
    const sessionId = opened.session.id;

    // With its bot, the session is no agent's to annotate.
    expect(await ask(alice, 'note.add', { sessionId, text: 'too early' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const created = nextAgentEvent(alice, 'session.created');
    const handoff = await visitor.timeout(5000).emitWithAck('session.handoff', { sessionId });
    expect(handoff).toMatchObject({ ok: true, route: { outcome: 'assigned', agent: 'alice' } });
    await created;

    // Bob, a colleague who may read it, writes a note: Alice (who has the chat) and Bob hear it.
    const aliceHears = nextAgentEvent(alice, 'session.note');
    const bobHears = nextAgentEvent(bob, 'session.note');
    const added = await ask<{ note: Note }>(bob, 'note.add', { sessionId, text: `  ${SECRET_WORDS}  ` });
    expect(added).toMatchObject({
      ok: true,
      note: { sessionId, n: 1, text: SECRET_WORDS, author: { role: 'agent', id: 'bob', name: 'Bob Okafor' } },
    });
    expect(await aliceHears).toEqual(added.ok ? added.note : undefined);
    expect(await bobHears).toEqual(added.ok ? added.note : undefined);
    expect(await ask(alice, 'note.list', { sessionId })).toMatchObject({
      ok: true,
      notes: [{ n: 1, text: SECRET_WORDS }],
    });

    // Kept in the records too, as made.
    expect((await running.records?.sessionNotes(sessionId))?.map((note) => note.text)).toEqual([
      SECRET_WORDS,
    ]);

    // Bad input is a typed error and keeps nothing.
    expect(await ask(alice, 'note.add', { sessionId, text: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await ask(alice, 'note.add', { sessionId: 'nope', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await ask(alice, 'note.list', { sessionId })).toMatchObject({ ok: true, notes: [{ n: 1 }] });

    // The chat goes on, goes back to the bot (which gets its log), and the visitor resyncs.
    const sent = await ask(alice, 'message.send', {
      sessionId,
      clientId: 'agent-msg-0001',
      text: 'Hello Ada',
    });
    expect(sent).toMatchObject({ ok: true });
    const botGetsIt = new Promise<{ events: SessionEvent[] }>((resolve) =>
      bot.once('session.created', resolve),
    );
    const back = next(visitor, 'session.event', (e) => e.type === 'session.changed' && e.to === 'bot');
    expect(await ask(alice, 'session.handback', { sessionId })).toMatchObject({ ok: true });
    await back;
    const botLog = await botGetsIt;
    expect(botLog.events.map((e) => e.seq)).toEqual(botLog.events.map((_, i) => i + 1));
    const botSync = await bot.timeout(5000).emitWithAck('sync', { cursors: {} });
    expect(botSync.ok).toBe(true);
    const visitorSync = await visitor.timeout(5000).emitWithAck('sync', { cursors: {} });
    expect(visitorSync.ok).toBe(true);
    await visitor
      .timeout(5000)
      .emitWithAck('message.send', { sessionId, clientId: 'visitor-msg-01', text: 'bye' });

    // Webhooks: wait for the message sent after the note, so the note (had it gone) was before.
    await receiver.until((requests) => requests.some((r) => r.body.includes('"text":"bye"')));
    expect(receiver.received.length).toBeGreaterThan(3);
    for (const request of receiver.received) expect(request.body).not.toContain(SECRET_WORDS);

    expect(heard.length).toBeGreaterThan(5);
    expect(heard.some((packet) => packet.includes('Hello Ada'))).toBe(true);
    for (const packet of heard) {
      expect(packet).not.toContain(SECRET_WORDS);
      expect(packet).not.toContain('session.note');
    }
  });
});
