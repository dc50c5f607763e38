/**
 * Agents across sites (issue 15, item 4): teams per site, the active site, and nothing of a
 * site reaching an agent who does not work on it. Real server, real desks and bot sockets.
 */
import type { AckResult, AgentClientEvents, RouteTarget } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentClient,
  connectAgent,
  nextAgentEvent,
  setPresence,
  type Welcome,
} from '../../test/agent.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { routedChat } from '../../test/routed-chat.js';
import { TEAM, twoSiteTeam } from '../../test/two-site-team.js';
import type { ParleyConfig } from '../config/config-schema.js';
import { parseConfig } from '../config/load-config.js';

/**
 * The two-site team, plus Max, on both sites: sales on demo, billing (and German) on north; and
 * Bea, on demo only, in billing and sales, who keeps demo's chats waiting rather than offline.
 */
function withMax(base: ParleyConfig): ParleyConfig {
  const team = twoSiteTeam(base);
  const bob = team.agents.find((a) => a.id === 'bob');
  if (!bob) throw new Error('bob is in the two-site team');
  return parseConfig(
    {
      ...team,
      agents: [
        ...team.agents,
        {
          ...bob,
          id: 'max',
          name: 'Max Weber',
          email: 'max@parley.demo',
          teams: ['support'],
          sites: [
            { key: 'demo', teams: ['sales'] },
            { key: 'north', teams: ['billing'], skills: ['german'] },
          ],
        },
        { ...bob, id: 'bea', name: 'Bea Ito', email: 'bea@parley.demo', teams: ['billing', 'sales'] },
      ],
    },
    'active-site test config',
  );
}

type Ask = <E extends keyof AgentClientEvents>(
  socket: AgentClient,
  event: E,
  payload: unknown,
) => Promise<AckResult<Record<string, unknown>>>;
const ask: Ask = (socket, event, payload) =>
  (socket.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<AckResult<Record<string, unknown>>>)(
    event,
    payload,
  );

/** Every packet the socket's connection receives (pushes and answers), as JSON text. */
function recordPackets(socket: Socket): string[] {
  const packets: string[] = [];
  socket.io.on('packet', (packet) => packets.push(JSON.stringify(packet)));
  return packets;
}

describe('agents across sites (issue 15, item 4)', () => {
  let parley: RunningParley;
  let bot: Socket;
  let max: AgentClient;
  let maxWelcome: Welcome;
  let bea: AgentClient;
  let nina: AgentClient;
  let bob: AgentClient;
  const heard: Record<'nina' | 'bob', string[]> = { nina: [], bob: [] };
  /** The chats each desk was given (`session.created`), in order. */
  const given = new Map<AgentClient, string[]>();
  /** Every chat opened here, by site: no desk of the other site may hear of them. */
  const opened: Record<'demo' | 'north', Array<{ sessionId: string; visitorId: string }>> = {
    demo: [],
    north: [],
  };
  const closers: Array<{ close(): unknown }> = [];

  beforeAll(async () => {
    parley = await startParley({ config: withMax, withRecords: true });
    bot = io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    await new Promise<void>((resolve) => bot.once('connect', () => resolve()));
    const connected = await connectAgent(parley.url, 'max@parley.demo');
    max = connected.socket;
    maxWelcome = connected.welcome;
    bea = (await connectAgent(parley.url, 'bea@parley.demo')).socket;
    nina = (await connectAgent(parley.url, TEAM.nina.email)).socket;
    bob = (await connectAgent(parley.url, TEAM.bob.email)).socket;
    heard.nina = recordPackets(nina);
    heard.bob = recordPackets(bob);
    for (const desk of [max, bea]) {
      const ids: string[] = [];
      desk.on('session.created', (sync) => ids.push(sync.session.id));
      given.set(desk, ids);
    }
    // Online but not ready: chats of their sites wait in line instead of going offline.
    for (const desk of [bea, nina, bob]) await setPresence(desk, { status: 'notready', reason: 'break' });
    await setPresence(max, { status: 'ready' });
  });

  afterAll(async () => {
    for (const socket of [max, bea, nina, bob, bot, ...closers]) socket.close();
    await parley.close();
  });

  /** A visitor of the site whose entry bot routes them to `target`, kept for the last check. */
  const chatOn = async (siteKey: 'demo' | 'north', target: RouteTarget) => {
    const chat = await routedChat(parley, bot, siteKey, target);
    closers.push(chat.socket);
    opened[siteKey].push(chat);
    return chat;
  };

  /**
   * Routing offers a session to a ready agent at once, or (older sessions waiting in its queue) in
   * the drain that follows, oldest first: `desk` gets it either way.
   */
  const givenTo = async (desk: AgentClient, sessionId: string) =>
    expect.poll(() => given.get(desk)).toContain(sessionId);

  /** Still waiting, though a drain ran since (it serves older sessions first). */
  const waiting = async (sessionId: string) =>
    expect((await parley.store.getSession(sessionId))?.status).toBe('queued');

  const queueOf = async (desk: AgentClient) => {
    const answer = await ask(desk, 'queue.list', {});
    if (!answer.ok) throw new Error(answer.error.message);
    return (answer.entries as Array<{ session: { id: string } }>).map((entry) => entry.session.id);
  };

  it('tells the desk its sites with its teams on each, and its active site (all of them at first)', () => {
    expect(maxWelcome.activeSite).toBeNull();
    expect(maxWelcome.agent.sites).toEqual(['demo', 'north']);
    expect(maxWelcome.directory.sites).toEqual([
      expect.objectContaining({ key: 'demo', name: 'Parley demo', teams: ['sales'], skills: ['english'] }),
      expect.objectContaining({ key: 'north', name: 'North shop', teams: ['billing'], skills: ['german'] }),
    ]);
  });

  it("offers an agent a team's chat only on the site where they are in that team", async () => {
    const demoBilling = await chatOn('demo', { team: 'billing' });
    expect(demoBilling.route).toMatchObject({ outcome: 'queued' });
    const northBilling = await chatOn('north', { team: 'billing' });
    await givenTo(max, northBilling.sessionId);
    const demoSales = await chatOn('demo', { team: 'sales' });
    await givenTo(max, demoSales.sessionId);
    await waiting(demoBilling.sessionId);
    // Max may not read demo's billing chat (not his team there), so neither lists nor takes it.
    expect(await queueOf(max)).not.toContain(demoBilling.sessionId);
    expect(await ask(max, 'session.accept', { sessionId: demoBilling.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await queueOf(bea)).toContain(demoBilling.sessionId);
  });

  it('after a switch to north, offers only north chats: demo chats wait for others, and his stay', async () => {
    const before = await ask(max, 'sync', { cursors: {} });
    const mine = before.ok
      ? (before.sessions as Array<{ session: { id: string } }>).map((s) => s.session.id)
      : [];
    expect(mine).toHaveLength(2);

    const otherTab = await connectAgent(parley.url, 'max@parley.demo');
    closers.push(otherTab.socket);
    const heardThere = nextAgentEvent(otherTab.socket, 'site.active');
    expect(await ask(max, 'site.switch', { siteKey: 'north' })).toEqual({ ok: true, activeSite: 'north' });
    expect(await heardThere).toEqual({ activeSite: 'north' });
    const demoSales = await chatOn('demo', { team: 'sales' });
    expect(demoSales.route).toMatchObject({ outcome: 'queued' });
    expect(await queueOf(max)).not.toContain(demoSales.sessionId);
    const northBilling = await chatOn('north', { team: 'billing' });
    await givenTo(max, northBilling.sessionId);
    await waiting(demoSales.sessionId);

    // Both chats he had (one of demo) are still his.
    const after = await ask(max, 'sync', { cursors: {} });
    const now = after.ok
      ? (after.sessions as Array<{ session: { id: string } }>).map((s) => s.session.id)
      : [];
    expect(now.sort()).toEqual([...mine, northBilling.sessionId].sort());

    // The demo chat waits for Bea, who gets it once ready.
    const got = nextAgentEvent(bea, 'session.created', (sync) => sync.session.id === demoSales.sessionId);
    await setPresence(bea, { status: 'ready' });
    expect((await got).session).toMatchObject({ siteKey: 'demo', handler: { kind: 'agent', id: 'bea' } });
    await setPresence(bea, { status: 'notready', reason: 'break' });

    // A new connection of Max is told the site in force.
    const again = await connectAgent(parley.url, 'max@parley.demo');
    closers.push(again.socket);
    expect(again.welcome.activeSite).toBe('north');
  });

  it('refuses a site the agent does not work on (forbidden) and bad input (invalid), changing nothing', async () => {
    for (const [desk, siteKey] of [
      [nina, 'demo'],
      [max, 'nowhere'],
    ] as const) {
      expect(await ask(desk, 'site.switch', { siteKey })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    for (const bad of [{}, { siteKey: 5 }, { siteKey: '' }, { siteKey: 'north', more: 1 }, 'north']) {
      expect(await ask(max, 'site.switch', bad), JSON.stringify(bad)).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload' },
      });
    }
    expect(await parley.store.activeSites()).toEqual({ max: 'north' });
    // Back to all of his sites: a demo sales chat is his again.
    expect(await ask(max, 'site.switch', { siteKey: null })).toEqual({ ok: true, activeSite: null });
    expect(await parley.store.activeSites()).toEqual({});
    await givenTo(max, (await chatOn('demo', { team: 'sales' })).sessionId);
  });

  it('audits every switch, and only those that happened', async () => {
    const records = parley.records;
    if (!records) throw new Error('the records are on');
    const entries = (await records.listAudit({ action: 'site.switch' })).entries;
    expect(entries.map((e) => [e.actor.id, e.details])).toEqual([
      ['max', { siteKey: null }],
      ['max', { siteKey: 'north' }],
    ]);
  });

  it('sent nothing of one site to the desk of an agent of the other site', () => {
    expect(opened.demo.length).toBeGreaterThan(0);
    expect(opened.north.length).toBeGreaterThan(0);
    for (const [member, other, otherKey] of [
      ['nina', opened.demo, 'demo'],
      ['bob', opened.north, 'north'],
    ] as const) {
      const everything = heard[member].join('\n');
      expect(everything, `${member} heard nothing at all`).toContain('"queue"');
      for (const { sessionId, visitorId } of other) {
        expect(everything, `${member} got ${sessionId}`).not.toContain(sessionId);
        expect(everything, `${member} got ${visitorId}`).not.toContain(visitorId);
      }
      expect(everything, `${member} heard of site ${otherKey}`).not.toContain(`"${otherKey}"`);
    }
  });
});
