/**
 * Team tools of issue 15 on a real server: canned responses per site and team in the desk's
 * welcome, and an agent's display name and avatar as the visitor sees them (and the widget's
 * page allowing that avatar's origin, and no other).
 */
import type { MessageEvent, OfflineEntry } from '@parley/protocol';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAgent, nextAgentEvent, setPresence } from '../../test/agent.js';
import { type RunningParley, startParley } from '../../test/harness.js';
import { connectVisitor, next } from '../../test/visitor.js';
import { type ParleyConfig, ParleyConfigSchema } from '../config/config-schema.js';

const withTools = (base: ParleyConfig): ParleyConfig => ({
  ...base,
  sites: base.sites.map((site) => ({
    ...site,
    cannedResponses: [
      { id: 'hello', title: 'Greeting', text: 'Hello {visitor.name}, {agent.name} here.' },
      { id: 'refund', title: 'Refunds', text: 'Refunds take 5 days.', teams: ['billing'] },
    ],
  })),
  agents: base.agents.map((agent) =>
    agent.id === 'alice'
      ? { ...agent, displayName: 'Alice', avatarUrl: 'https://cdn.example/alice.png' }
      : agent,
  ),
});

describe('team tools', { timeout: 60_000 }, () => {
  let parley: RunningParley | undefined;
  const closers: Array<{ close(): unknown }> = [];

  afterEach(async () => {
    for (const socket of closers.splice(0)) socket.close();
    await parley?.close();
  });

  it('gives each desk the canned responses of its teams', async () => {
    parley = await startParley({ config: withTools });
    const alice = await connectAgent(parley.url, 'alice@parley.demo');
    const bob = await connectAgent(parley.url, 'bob@parley.demo');
    closers.push(alice.socket, bob.socket);
    expect(alice.welcome.canned).toEqual([
      { id: 'hello', siteKey: 'demo', title: 'Greeting', text: 'Hello {visitor.name}, {agent.name} here.' },
    ]);
    expect(bob.welcome.canned?.map((c) => c.id)).toEqual(['hello', 'refund']);
  });

  it('shows the visitor the agent’s display name and avatar, and lets the widget load it', async () => {
    parley = await startParley({ config: withTools });
    const alice = (await connectAgent(parley.url, 'alice@parley.demo')).socket;
    closers.push(alice);
    await setPresence(alice, { status: 'ready' });
    const { socket: visitor } = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    closers.push(visitor);
    const opened = await visitor.timeout(5000).emitWithAck('session.open', { info: { name: 'Ada' } });
    if (!opened.ok) throw new Error(opened.error.message);
    const sessionId = opened.session.id;
    const created = nextAgentEvent(alice, 'session.created');
    await visitor.timeout(5000).emitWithAck('session.handoff', { sessionId });
    await created;
    const said = next(visitor, 'session.event', (e) => e.type === 'message') as Promise<MessageEvent>;
    await alice
      .timeout(5000)
      .emitWithAck('message.send', { sessionId, clientId: 'agent-msg-0001', text: 'Hi' });
    expect((await said).author).toEqual({
      role: 'agent',
      id: 'alice',
      name: 'Alice',
      avatar: 'https://cdn.example/alice.png',
    });
    const frame = await fetch(`${parley.url}/widget/frame.html?site=demo`);
    // Https images load in the frame (avatars, and bots' cards: issue 14), no other scheme.
    expect(frame.headers.get('content-security-policy')).toContain("img-src 'self' data: https:;");
  });

  it('lets agents assign an offline message and mark it done, every desk hearing it, never the visitor', async () => {
    parley = await startParley({ config: withTools });
    const { socket: visitor } = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    closers.push(visitor);
    const opened = await visitor.timeout(5000).emitWithAck('session.open', { info: { name: 'Ada' } });
    if (!opened.ok) throw new Error(opened.error.message);
    const sessionId = opened.session.id;
    // Nobody is ready: the visitor goes to the offline form and leaves a message.
    expect(await visitor.timeout(5000).emitWithAck('session.handoff', { sessionId })).toMatchObject({
      ok: true,
      route: { outcome: 'offline' },
    });
    const left = await visitor.timeout(5000).emitWithAck('offline.submit', {
      sessionId,
      clientId: 'offline-form-01',
      fields: { email: 'ada@example.com', message: 'Call me' },
    });
    expect(left).toMatchObject({ ok: true });
    const alice = (await connectAgent(parley.url, 'alice@parley.demo')).socket;
    const bob = (await connectAgent(parley.url, 'bob@parley.demo')).socket;
    closers.push(alice, bob);
    const update = (payload: object) =>
      (alice.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<unknown>)(
        'offline.update',
        payload,
      );

    const bobHears = nextAgentEvent(bob, 'offline.updated');
    expect(await update({ sessionId, assignee: 'bob' })).toEqual({ ok: true, offline: { assignee: 'bob' } });
    expect((await bobHears).session.offline).toEqual({ assignee: 'bob' });
    const doneHeard = nextAgentEvent(
      bob,
      'offline.updated',
      (entry) => entry.session.offline?.doneBy === 'alice',
    );
    expect(await update({ sessionId, done: true })).toMatchObject({
      ok: true,
      offline: { assignee: 'bob', doneAt: expect.any(Number), doneBy: 'alice' },
    });
    await doneHeard;
    const list = await bob.timeout(5000).emitWithAck('offline.list', {});
    if (!list.ok) throw new Error(list.error.message);
    expect(list.entries.map((entry: OfflineEntry) => entry.session.offline?.doneBy)).toEqual(['alice']);

    // Bad input is a typed error and changes nothing.
    expect(await update({ sessionId, assignee: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await update({ sessionId })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await update({ sessionId: 'nope', done: true })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await update({ sessionId, done: false, assignee: null })).toEqual({ ok: true, offline: {} });

    // The visitor's own view of the session carries none of it.
    const sync = await visitor.timeout(5000).emitWithAck('sync', { cursors: {} });
    if (!sync.ok) throw new Error(sync.error.message);
    expect(sync.sessions.map((s: { session: object }) => 'offline' in s.session)).toEqual([false]);
  });

  it('refuses an avatar that is not https and canned responses with one id twice', () => {
    const base = withTools(parleyBase());
    const http = {
      ...base,
      agents: base.agents.map((a) => ({ ...a, avatarUrl: 'http://cdn.example/a.png' })),
    };
    expect(v.safeParse(ParleyConfigSchema, http).success).toBe(false);
    const twice = {
      ...base,
      sites: base.sites.map((site) => ({
        ...site,
        cannedResponses: [
          { id: 'a', title: 'A', text: 'a' },
          { id: 'a', title: 'B', text: 'b' },
        ],
      })),
    };
    expect(v.safeParse(ParleyConfigSchema, twice).success).toBe(false);
    expect(v.safeParse(ParleyConfigSchema, base).success).toBe(true);
  });
});

function parleyBase(): ParleyConfig {
  return v.parse(ParleyConfigSchema, {
    sites: [{ key: 'demo', allowedOrigins: ['https://shop.example'], entry: { bot: 'welcome' } }],
    bots: [{ id: 'welcome', token: 'a-long-enough-bot-token-for-tests' }],
    agents: [{ id: 'alice', name: 'Alice Martin', email: 'alice@example.com', teams: ['support'] }],
  });
}
