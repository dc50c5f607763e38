import {
  type AckResult,
  AGENT_CLIENT_EVENTS,
  type AgentClientEvents,
  type SessionSummary,
  type VisitorClientEvents,
} from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentClient, connectAgent, nextAgentEvent } from '../../test/agent.js';
import { callApi, createApiKey } from '../../test/api.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { type Member, TEAM, twoSiteTeam } from '../../test/two-site-team.js';
import { connectVisitor, next, type VisitorClient } from '../../test/visitor.js';

type Role = 'agent' | 'supervisor' | 'admin';
type AgentEvent = keyof AgentClientEvents;
const RANK: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2 };
const MEMBERS = Object.keys(TEAM) as Member[];
/** socket.io-parser's `PacketType.ACK` and `BINARY_ACK`: answers, not pushes. */
const ACKS = new Set<number>([3, 6]);

/**
 * Every packet a socket's connection receives, as JSON text (the manager's decoded packets);
 * `pushed`: only what the server sent of its own accord, not the answers to the socket's requests.
 */
function recordPackets(socket: Socket, { pushed = false } = {}): string[] {
  const packets: string[] = [];
  socket.io.on('packet', (packet) => {
    if (!pushed || !ACKS.has(packet.type)) packets.push(JSON.stringify(packet));
  });
  return packets;
}

/** Emits any `/agent` event by name (the matrix runs them all), resolving with its ack. */
const ask = (socket: AgentClient, event: AgentEvent, payload: unknown): Promise<AckResult<object>> =>
  (socket.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<AckResult<object>>)(event, payload);

describe('supervisors (issue 15, item 3)', () => {
  let parley: RunningParley;
  let bot: Socket;
  const desks = {} as Record<Member, AgentClient>;
  /** Everything each desk received, for the check that nothing of another site reached it. */
  const received = {} as Record<Member, string[]>;
  let counter = 0;

  beforeAll(async () => {
    parley = await startParley({ config: twoSiteTeam, withRecords: true });
    bot = io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    await new Promise<void>((resolve) => bot.once('connect', () => resolve()));
    for (const member of MEMBERS) {
      const { socket } = await connectAgent(parley.url, TEAM[member].email);
      received[member] = recordPackets(socket, { pushed: true });
      desks[member] = socket;
    }
  });

  afterAll(async () => {
    for (const socket of Object.values(desks)) socket.close();
    bot.close();
    await parley.close();
  });

  /** Only bob (demo) and nina (north) ready, so a handed-off chat goes to the site's agent. */
  const settlePresence = async () => {
    for (const member of MEMBERS) {
      const ready = member === 'bob' || member === 'nina';
      const done = await ask(
        desks[member],
        'presence.set',
        ready ? { status: 'ready' } : { status: 'notready', reason: 'break' },
      );
      expect(done, JSON.stringify(done)).toMatchObject({ ok: true });
    }
  };

  /** A visitor of `siteKey` who asked for a human, and the chat now with that site's agent. */
  const chatWithAgent = async (siteKey: 'demo' | 'north', visitorSocket?: (v: VisitorClient) => void) => {
    await settlePresence();
    const visitor = await connectVisitor(parley.url, { siteKey, origin: parley.demoOrigin });
    visitorSocket?.(visitor.socket);
    const opened = await visitor.socket.timeout(5000).emitWithAck('session.open', {});
    if (!opened.ok) throw new Error(opened.error.message);
    const sessionId = opened.session.id;
    const handed = await visitor.socket
      .timeout(5000)
      .emitWithAck('session.handoff', { sessionId } as Parameters<VisitorClientEvents['session.handoff']>[0]);
    expect(handed, JSON.stringify(handed)).toMatchObject({
      ok: true,
      route: { outcome: 'assigned', agent: siteKey === 'demo' ? 'bob' : 'nina' },
    });
    return { sessionId, visitorId: visitor.visitorId, token: visitor.token, socket: visitor.socket };
  };

  describe('the authorisation matrix: every /agent event, as every role of either site', () => {
    type Scene = { sessionId: string; visitorId: string };
    type Outcome =
      | 'ok'
      | 'forbidden'
      | 'not_found'
      | 'invalid_transition'
      | 'not_configured'
      | 'conflict'
      | 'no-ack';
    interface Case {
      payload(scene: Scene): unknown;
      /** What `member` (of `role`, on `site`) gets for the demo site's chat, which is bob's. */
      expect(member: Member, role: Role, onDemo: boolean): Outcome;
    }
    const everyone = (): Outcome => 'ok';
    const onlyBob = (member: Member): Outcome => (member === 'bob' ? 'ok' : 'forbidden');
    const demoReaders = (_m: Member, _r: Role, onDemo: boolean): Outcome => (onDemo ? 'ok' : 'forbidden');
    const supervisorsOfDemo = (_m: Member, role: Role, onDemo: boolean): Outcome =>
      RANK[role] >= RANK.supervisor && onDemo ? 'ok' : 'forbidden';
    const adminsOfDemo = (_m: Member, role: Role, onDemo: boolean): Outcome =>
      role === 'admin' && onDemo ? 'ok' : 'forbidden';
    const clientId = () => `matrix-${String(++counter).padStart(6, '0')}`;

    /** Keyed by event: the compiler refuses this table when an `/agent` event is missing. */
    const CASES: Record<AgentEvent, Case> = {
      'presence.set': { payload: () => ({ status: 'notready', reason: 'lunch' }), expect: everyone },
      'presence.list': { payload: () => ({}), expect: everyone },
      // Each member works on one site: switching to the demo site is theirs only on demo.
      'site.switch': { payload: () => ({ siteKey: 'demo' }), expect: demoReaders },
      sync: { payload: ({ sessionId }) => ({ cursors: { [sessionId]: 0 } }), expect: everyone },
      'queue.list': { payload: () => ({}), expect: everyone },
      'offline.list': { payload: () => ({}), expect: everyone },
      // No email in this config: nobody replies, whoever they are.
      'offline.reply': {
        payload: ({ sessionId }) => ({ sessionId, text: 'Hi' }),
        expect: () => 'not_configured',
      },
      'session.get': { payload: ({ sessionId }) => ({ sessionId }), expect: demoReaders },
      'session.accept': {
        payload: ({ sessionId }) => ({ sessionId }),
        expect: (_m, _r, onDemo) => (onDemo ? 'invalid_transition' : 'forbidden'),
      },
      // Issue 15, item 5: anyone of the visitor's site may start a conversation with them; this
      // visitor has one open (bob's chat), so theirs is refused as a conflict, changing nothing.
      'session.start': {
        payload: ({ visitorId }) => ({ visitorId, siteKey: 'demo', message: 'Hello again' }),
        expect: (_m, _r, onDemo) => (onDemo ? 'conflict' : 'forbidden'),
      },
      'message.send': {
        payload: ({ sessionId }) => ({ sessionId, clientId: clientId(), text: 'Hi' }),
        expect: onlyBob,
      },
      'session.transfer': { payload: ({ sessionId }) => ({ sessionId, queue: 'support' }), expect: onlyBob },
      'session.handback': { payload: ({ sessionId }) => ({ sessionId }), expect: onlyBob },
      'session.close': { payload: ({ sessionId }) => ({ sessionId }), expect: onlyBob },
      typing: { payload: ({ sessionId }) => ({ sessionId, on: true }), expect: () => 'no-ack' },
      // Another site's desk is refused (a security pass found it answered with an empty list).
      'history.list': { payload: ({ visitorId }) => ({ siteKey: 'demo', visitorId }), expect: demoReaders },
      search: { payload: () => ({}), expect: everyone },
      // The records of another site are not there for them at all.
      transcript: {
        payload: ({ sessionId }) => ({ sessionId }),
        expect: (_m, _r, onDemo) => (onDemo ? 'ok' : 'not_found'),
      },
      'visitor.export': {
        payload: ({ visitorId }) => ({ siteKey: 'demo', visitorId }),
        expect: adminsOfDemo,
      },
      'visitor.erase': { payload: ({ visitorId }) => ({ siteKey: 'demo', visitorId }), expect: adminsOfDemo },
      // An admin reads the audit log of their own site.
      'audit.list': { payload: () => ({}), expect: (_m, role) => (role === 'admin' ? 'ok' : 'forbidden') },
      'team.list': {
        payload: () => ({}),
        expect: (_m, role) => (RANK[role] >= RANK.supervisor ? 'ok' : 'forbidden'),
      },
      'monitor.start': { payload: ({ sessionId }) => ({ sessionId }), expect: supervisorsOfDemo },
      'monitor.stop': {
        payload: ({ sessionId }) => ({ sessionId }),
        expect: (_m, role) => (RANK[role] >= RANK.supervisor ? 'ok' : 'forbidden'),
      },
      whisper: {
        payload: ({ sessionId }) => ({ sessionId, clientId: clientId(), text: 'Offer the refund' }),
        expect: supervisorsOfDemo,
      },
      'session.takeover': { payload: ({ sessionId }) => ({ sessionId }), expect: supervisorsOfDemo },
      'session.reassign': {
        payload: ({ sessionId }) => ({ sessionId, agent: 'sue' }),
        expect: supervisorsOfDemo,
      },
      'presence.assign': {
        payload: () => ({ agentId: 'bob', status: 'notready', reason: 'training' }),
        expect: supervisorsOfDemo,
      },
      // Issue 14: an agent marks read only a chat that is theirs (the demo chat is bob's).
      'read.mark': { payload: ({ sessionId }) => ({ sessionId, seq: 1 }), expect: onlyBob },
      // Issue 15, item 6: supervisors and admins read the figures of their own sites.
      // Issue 15's team tools: private notes and labels on a chat its readers share; an offline
      // message's state (this chat is not one).
      'note.add': {
        payload: ({ sessionId }) => ({ sessionId, text: 'Called them back' }),
        expect: demoReaders,
      },
      'note.list': { payload: ({ sessionId }) => ({ sessionId }), expect: demoReaders },
      'session.label': { payload: ({ sessionId }) => ({ sessionId, add: ['vip'] }), expect: demoReaders },
      'offline.update': {
        payload: ({ sessionId }) => ({ sessionId, done: true }),
        // Not an offline message: not found, whoever asks (nothing told of another site's chat).
        expect: () => 'not_found',
      },
      'reports.get': {
        payload: () => ({ from: Date.now() - 86_400_000, to: Date.now() + 60_000 }),
        expect: (_m, role) => (RANK[role] >= RANK.supervisor ? 'ok' : 'forbidden'),
      },
    };

    /** Waits until the records writer has the chat with bob (the records run behind the live store). */
    const recorded = async (sessionId: string) => {
      for (;;) {
        const transcript = await parley.records?.transcript(sessionId, { scope: { siteKeys: ['demo'] } });
        if (transcript?.session.status === 'assigned' && transcript.session.queue === 'support') return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    it('lists the same events as the protocol, and the server knows every one', async () => {
      expect(Object.keys(CASES).sort()).toEqual([...AGENT_CLIENT_EVENTS].sort());
      const answer = await ask(desks.bob, 'no.such.event' as AgentEvent, {});
      expect(answer).toMatchObject({ ok: false, error: { code: 'unknown_event' } });
    });

    // The north site's chat: nothing of it may reach a demo desk, nor demo's a north desk.
    let north: Scene;
    const demoScenes: Scene[] = [];
    beforeAll(async () => {
      north = await chatWithAgent('north');
    });

    it.each(AGENT_CLIENT_EVENTS.map((event) => [event]))('%s', async (event) => {
      const rule = CASES[event];
      for (const member of MEMBERS) {
        const { role, site } = TEAM[member];
        const expected = rule.expect(member, role, site === 'demo');
        // A fresh chat of bob's for every try: an allowed action changes it.
        const { socket, ...scene } = await chatWithAgent('demo');
        demoScenes.push(scene);
        if (event === 'transcript' || event === 'history.list') await recorded(scene.sessionId);
        let answer: AckResult<object> | undefined;
        if (expected === 'no-ack') {
          desks[member].emit(event as 'typing', rule.payload(scene) as { sessionId: string; on: boolean });
        } else answer = await ask(desks[member], event, rule.payload(scene));
        // Done with the chat: its visitor ends it, wherever it went (so nobody runs out of room).
        await socket.timeout(5000).emitWithAck('session.close', { sessionId: scene.sessionId });
        socket.close();
        if (!answer) continue;
        const outcome = answer.ok ? 'ok' : answer.error.code;
        expect({ member, outcome }).toEqual({ member, outcome: expected });
        // (An error may name the session asked about: only what was given is checked.)
        if (site === 'north' && answer.ok) {
          expect(JSON.stringify(answer)).not.toContain(scene.sessionId);
          expect(JSON.stringify(answer)).not.toContain(scene.visitorId);
        }
      }
    });

    it('sent nothing of a site to a desk of the other site, in all of the above', async () => {
      expect(demoScenes.length).toBeGreaterThan(0);
      for (const member of MEMBERS) {
        const everything = received[member].join('\n');
        const others = TEAM[member].site === 'demo' ? [north] : demoScenes;
        for (const scene of others) {
          expect(everything, `${member} got ${scene.sessionId}`).not.toContain(scene.sessionId);
          expect(everything, `${member} got ${scene.visitorId}`).not.toContain(scene.visitorId);
        }
        // Nor the presence of the other site's agents.
        for (const other of MEMBERS.filter((m) => TEAM[m].site !== TEAM[member].site)) {
          expect(everything, `${member} heard of ${other}`).not.toContain(`"agentId":"${other}"`);
        }
        expect(everything, `${member} heard of nobody`).toContain('"presence"');
      }
    });
  });

  it("refuses another site's admin who names her own site for this site's visitor: nothing erased", async () => {
    const chat = await chatWithAgent('demo');
    for (const event of ['visitor.export', 'visitor.erase'] as const) {
      expect(
        await ask(desks.ada, event, { siteKey: 'north', visitorId: chat.visitorId }),
        event,
      ).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    }
    const live = await parley.store.getSession(chat.sessionId);
    expect(live?.status).toBe('assigned');
    expect(await parley.store.findVisitor('demo', chat.token)).toMatchObject({ visitorId: chat.visitorId });
    // Her own site's visitor, she erases.
    const north = await chatWithAgent('north');
    expect(
      await ask(desks.ada, 'visitor.erase', { siteKey: 'north', visitorId: north.visitorId }),
    ).toMatchObject({
      ok: true,
    });
  });

  describe('over REST, an admin key of a site', () => {
    it('reads the team, sets presence and reassigns on its own site only; a weaker key may not; audited', async () => {
      const records = parley.records;
      if (!records) throw new Error('the records are on');
      const admin = await createApiKey(records, 'demo', 'admin');
      const write = await createApiKey(records, 'demo', 'write');
      const northChat = await chatWithAgent('north');

      const team = await callApi(parley.url, admin, 'GET', '/team');
      expect(team.status).toBe(200);
      expect(team.body.agents.map((a: { id: string }) => a.id).sort()).toEqual(['alice', 'bob', 'sue']);
      expect(JSON.stringify(team.body)).not.toContain(northChat.sessionId);
      expect((await callApi(parley.url, write, 'GET', '/team')).status).toBe(403);

      const set = (agent: string, body: object, key = admin) =>
        callApi(parley.url, key, 'POST', `/agents/${agent}/presence`, body);
      const told = nextAgentEvent(
        desks.bob,
        'presence',
        (p) => p.agentId === 'bob' && p.reason === 'meeting',
      );
      const done = await set('bob', { status: 'notready', reason: 'meeting' });
      expect(done.body).toMatchObject({
        ok: true,
        presence: { agentId: 'bob', status: 'notready', reason: 'meeting' },
      });
      await told;
      expect((await set('nina', { status: 'notready', reason: 'meeting' })).body).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect((await set('bob', { status: 'notready', reason: 'napping' })).status).toBe(400);
      expect((await set('bob', { status: 'ready' }, write)).status).toBe(403);
      // A chat of the site given to Sue (signed in, not ready); the other site's is unknown to the key.
      const chat = await chatWithAgent('demo');
      const toSue = nextAgentEvent(
        desks.sue,
        'session.created',
        (sync) => sync.session.id === chat.sessionId,
      );
      const given = await callApi(parley.url, admin, 'POST', `/sessions/${chat.sessionId}/reassign`, {
        agent: 'sue',
      });
      expect(given.body).toMatchObject({ ok: true, seq: expect.any(Number) });
      expect((await toSue).session.handler).toEqual({ kind: 'agent', id: 'sue' });
      const elsewhere = await callApi(
        parley.url,
        admin,
        'POST',
        `/sessions/${northChat.sessionId}/reassign`,
        {
          agent: 'sue',
        },
      );
      expect(elsewhere.status).toBe(404);
      expect(
        (
          await callApi(parley.url, admin, 'POST', `/sessions/${northChat.sessionId}/reassign`, {
            agent: 'nina',
          })
        ).status,
      ).toBe(404);
      expect((await records.listAudit({ action: 'session.reassign' })).entries[0]).toMatchObject({
        actor: { kind: 'api-key' },
        target: { id: chat.sessionId },
        details: { to: 'sue', from: 'bob' },
      });

      const byKey = (await records.listAudit({ action: 'presence.assign' })).entries.find(
        (e) => e.actor.kind === 'api-key',
      );
      expect(byKey).toMatchObject({ target: { kind: 'agent', id: 'bob' }, details: { reason: 'meeting' } });
    });
  });

  describe('what a supervisor does', () => {
    it('sees its sites’ agents with presence, load and chats, and live chats; not the other site', async () => {
      const chat = await chatWithAgent('demo');
      const northChat = await chatWithAgent('north');
      const view = await ask(desks.sue, 'team.list', {});
      if (!view.ok) throw new Error(view.error.message);
      const team = view as unknown as {
        agents: Array<{ id: string; presence: { status: string }; chats: string[] }>;
        sessions: SessionSummary[];
      };
      expect(team.agents.map((a) => a.id).sort()).toEqual(['alice', 'bob', 'sue']);
      const bob = team.agents.find((a) => a.id === 'bob');
      expect(bob?.presence.status).toBe('ready');
      expect(bob?.chats).toContain(chat.sessionId);
      expect(team.sessions.map((s) => s.id)).toContain(chat.sessionId);
      expect(team.sessions.every((s) => s.siteKey === 'demo')).toBe(true);
      expect(JSON.stringify(view)).not.toContain(northChat.sessionId);
    });

    it('monitors silently: nothing of the supervisor reaches the visitor’s or the bot’s socket', async () => {
      // A chat with the bot first (monitored there too), then with bob.
      const visitor = await connectVisitor(parley.url, { siteKey: 'demo', origin: parley.demoOrigin });
      const visitorPackets = recordPackets(visitor.socket);
      const botPackets = recordPackets(bot);
      await settlePresence();
      const opened = await visitor.socket.timeout(5000).emitWithAck('session.open', {});
      if (!opened.ok) throw new Error(opened.error.message);
      const sessionId = opened.session.id;

      const watched = await ask(desks.sue, 'monitor.start', { sessionId });
      expect(watched).toMatchObject({ ok: true, session: { id: sessionId, status: 'bot' } });
      const seenBySue = nextAgentEvent(desks.sue, 'monitor.event', (e) => e.type === 'message');
      await visitor.socket.timeout(5000).emitWithAck('message.send', {
        sessionId,
        clientId: 'monitored-0001',
        text: 'Is anyone there?',
      });
      expect(await seenBySue).toMatchObject({ text: 'Is anyone there?' });

      const toBob = nextAgentEvent(desks.bob, 'session.created', (s) => s.session.id === sessionId);
      await visitor.socket.timeout(5000).emitWithAck('session.handoff', { sessionId });
      await toBob;
      const whispered = nextAgentEvent(desks.bob, 'note');
      const suesCopy = nextAgentEvent(desks.sue, 'note');
      expect(
        await ask(desks.sue, 'whisper', { sessionId, clientId: 'whisper-0001', text: 'Offer free shipping' }),
      ).toMatchObject({ ok: true, note: { visibility: 'agents', to: 'bob' } });
      expect(await whispered).toMatchObject({ text: 'Offer free shipping', author: { id: 'sue' } });
      expect(await suesCopy).toMatchObject({ text: 'Offer free shipping' });
      // A monitor cannot write or type into the chat.
      desks.sue.emit('typing', { sessionId, on: true });
      expect(
        await ask(desks.sue, 'message.send', { sessionId, clientId: 'sue-msg-0001', text: 'Hello' }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const reply = next(
        visitor.socket,
        'session.event',
        (e) => e.type === 'message' && e.author.role === 'agent',
      );
      await ask(desks.bob, 'message.send', {
        sessionId,
        clientId: 'bob-msg-00001',
        text: 'Free shipping on us',
      });
      await reply;
      expect(await ask(desks.sue, 'monitor.stop', { sessionId })).toMatchObject({ ok: true });

      // Flagged for reporting, in the live store and the records; audited.
      expect(await parley.store.monitoredAt(sessionId)).toEqual(expect.any(Number));
      expect(await parley.records?.monitored(sessionId)).toMatchObject({ siteKey: 'demo', by: 'sue' });
      const audit = await parley.records?.listAudit({ actor: { kind: 'agent', id: 'sue' } });
      expect(audit?.entries.map((e) => e.action)).toEqual(
        expect.arrayContaining(['session.monitor', 'session.whisper']),
      );

      const everything = [...visitorPackets, ...botPackets].join('\n');
      expect(visitorPackets.length).toBeGreaterThan(0);
      expect(botPackets.join('\n')).toContain(sessionId);
      for (const trace of [
        '"sue"',
        'Sue Lindqvist',
        'Offer free shipping',
        '"monitor.event"',
        '"note"',
        'visibility',
      ]) {
        expect(everything, trace).not.toContain(trace);
      }
      visitor.socket.close();
    });

    it('takes a chat over, reassigns one, and sets a colleague’s presence with a reason; all audited', async () => {
      const chat = await chatWithAgent('demo');
      const leftBob = nextAgentEvent(
        desks.bob,
        'session.event',
        (e) => e.type === 'session.changed' && e.to === 'queued',
      );
      const toSue = nextAgentEvent(desks.sue, 'session.created', (s) => s.session.id === chat.sessionId);
      expect(await ask(desks.sue, 'session.takeover', { sessionId: chat.sessionId })).toMatchObject({
        ok: true,
      });
      await leftBob;
      expect((await toSue).session).toMatchObject({
        status: 'assigned',
        handler: { kind: 'agent', id: 'sue' },
      });

      // Back to bob, who is ready: he gets it at once.
      const toBob = nextAgentEvent(desks.bob, 'session.created', (s) => s.session.id === chat.sessionId);
      expect(
        await ask(desks.alice, 'session.reassign', { sessionId: chat.sessionId, agent: 'bob' }),
      ).toMatchObject({
        ok: true,
      });
      expect((await toBob).session.handler).toEqual({ kind: 'agent', id: 'bob' });
      // Not to an agent of another site.
      expect(
        await ask(desks.sue, 'session.reassign', { sessionId: chat.sessionId, agent: 'nina' }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });

      const told = nextAgentEvent(
        desks.bob,
        'presence',
        (p) => p.agentId === 'bob' && p.status === 'notready',
      );
      expect(
        await ask(desks.sue, 'presence.assign', { agentId: 'bob', status: 'notready', reason: 'training' }),
      ).toMatchObject({ ok: true, presence: { agentId: 'bob', status: 'notready', reason: 'training' } });
      expect(await told).toMatchObject({ reason: 'training' });
      expect(
        await ask(desks.sue, 'presence.assign', { agentId: 'bob', status: 'notready', reason: 'napping' }),
      ).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });

      const audit = await parley.records?.listAudit({ siteKey: 'demo', action: 'session.takeover' });
      expect(audit?.entries[0]).toMatchObject({ actor: { id: 'sue' }, target: { id: chat.sessionId } });
      const presence = await parley.records?.listAudit({ action: 'presence.assign' });
      expect(presence?.entries[0]).toMatchObject({
        actor: { id: 'sue' },
        target: { kind: 'agent', id: 'bob' },
        details: { status: 'notready', reason: 'training' },
      });
    });
  });
});
