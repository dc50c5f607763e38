import type { AckResult, AgentServerEvents, Presence } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AgentClient,
  agentSocket as agentSocketAt,
  connectAgent as connectAgentAt,
  login as loginAt,
  setPresence,
  tokenFor as tokenAt,
} from '../../test/agent.js';
import { type RunningParley, type StartOptions, startParley } from '../../test/harness.js';
import { refusal } from '../../test/visitor.js';
import { DEMO_AGENT_PASSWORD } from '../config/default-config.js';

let parley: RunningParley;
const sockets: AgentClient[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await parley.close();
});

const start = async (options: StartOptions = {}) => {
  parley = await startParley(options);
};

// The shared helpers, bound to this file's server; every socket is closed after each test.
const login = (email: string, password: string, headers?: Record<string, string>) =>
  loginAt(parley.url, email, password, headers);
const tokenFor = (email: string) => tokenAt(parley.url, email);
const agentSocket = (token: string | undefined): AgentClient => {
  const socket = agentSocketAt(parley.url, token);
  sockets.push(socket);
  return socket;
};
const connectAgent = async (email: string) => {
  const connected = await connectAgentAt(parley.url, email);
  sockets.push(connected.socket);
  return connected;
};

describe('desk login', () => {
  it('returns a token and the agent’s profile, never the password hash', async () => {
    await start();
    const response = await login('Alice@Parley.demo', DEMO_AGENT_PASSWORD);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string };
    expect(body).toMatchObject({
      ok: true,
      agent: {
        id: 'alice',
        name: 'Alice Martin',
        teams: ['support'],
        skills: ['english', 'german'],
        capacity: 3,
      },
    });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(JSON.stringify(body)).not.toContain('scrypt');
  });

  it('answers a wrong password and an unknown email alike', async () => {
    await start();
    const wrong = await login('alice@parley.demo', 'not-it');
    const unknown = await login('nobody@parley.demo', DEMO_AGENT_PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('answers a malformed body with a typed error', async () => {
    await start();
    const response = await login('not an email', '');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    // What Fastify refuses before the route sees it is typed too: a body too large, broken JSON.
    const post = (body: string) =>
      fetch(`${parley.url}/api/agent/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const huge = await post(JSON.stringify({ email: 'alice@parley.demo', password: 'x'.repeat(2_000_000) }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    const broken = await post('{"email": ');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('limits login attempts per address', async () => {
    await start({ config: (base) => ({ ...base, limits: { ...base.limits, loginsPerMinutePerIp: 3 } }) });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login('alice@parley.demo', 'guess')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('counts logins per client address behind a trusted proxy, as the sockets do', async () => {
    await start({
      config: (base) => ({
        ...base,
        limits: { ...base.limits, loginsPerMinutePerIp: 1 },
        trustedProxies: ['loopback'],
      }),
    });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    expect((await login('alice@parley.demo', 'guess', from('203.0.113.1'))).status).toBe(401);
    expect((await login('alice@parley.demo', 'guess', from('203.0.113.1'))).status).toBe(429);
    expect((await login('alice@parley.demo', 'guess', from('203.0.113.2'))).status).toBe(401);
  });
});

describe('the /agent namespace', () => {
  it('lets a logged-in agent in, not ready until they choose, and refuses anyone else', async () => {
    await start();
    const { welcome } = await connectAgent('alice@parley.demo');
    expect(welcome).toMatchObject({
      agent: { id: 'alice' },
      presence: { agentId: 'alice', status: 'notready', reason: 'signed-in' },
      reasons: ['break', 'lunch', 'training', 'meeting'],
    });
    expect(await refusal(agentSocket(undefined))).toMatchObject({ code: 'unauthorized' });
    expect(await refusal(agentSocket('made-up-token'))).toMatchObject({ code: 'unauthorized' });
  });

  it('shows each agent’s presence to the others, and refuses reasons not in the list', async () => {
    await start();
    const alice = await connectAgent('alice@parley.demo');
    const bob = await connectAgent('bob@parley.demo');
    const seenByBob = new Promise<Presence>((resolve) =>
      bob.socket.on('presence', (p) => {
        if (p.agentId === 'alice' && p.status === 'ready') resolve(p);
      }),
    );
    expect(await setPresence(alice.socket, { status: 'ready' })).toMatchObject({
      ok: true,
      presence: { status: 'ready' },
    });
    expect(await seenByBob).toMatchObject({ agentId: 'alice', status: 'ready' });

    expect(await setPresence(alice.socket, { status: 'notready', reason: 'napping' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await setPresence(alice.socket, { status: 'notready', reason: 'lunch' })).toMatchObject({
      ok: true,
    });
    const list: AckResult<{ agents: Presence[] }> = await bob.socket
      .timeout(5000)
      .emitWithAck('presence.list', {});
    expect(list.ok && list.agents.map((p) => [p.agentId, p.status, p.reason])).toEqual([
      ['alice', 'notready', 'lunch'],
      ['bob', 'notready', 'signed-in'],
    ]);
  });

  it('logs out: the token is revoked and the live sockets of that login are disconnected', async () => {
    await start();
    const token = await tokenFor('alice@parley.demo');
    const socket = agentSocket(token);
    await new Promise((resolve) => socket.once('welcome', resolve));
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const response = await fetch(`${parley.url}/api/agent/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await response.json()).toEqual({ ok: true, revoked: true });
    expect(await disconnected).toBe('io server disconnect');
    expect(await refusal(agentSocket(token))).toMatchObject({ code: 'unauthorized' });
  });

  it('goes offline only after the grace period, so a reload keeps the agent’s presence', async () => {
    await start({
      config: (base) => ({ ...base, agentSettings: { ...base.agentSettings, graceSeconds: 0.3 } }),
    });
    const token = await tokenFor('alice@parley.demo');
    const first = agentSocket(token);
    await new Promise((resolve) => first.once('welcome', resolve));
    await setPresence(first, { status: 'ready' });

    // A reload: the old socket closes and a new one opens within the grace period.
    first.close();
    const reloaded = agentSocket(token);
    const welcome = await new Promise<Parameters<AgentServerEvents['welcome']>[0]>((resolve) =>
      reloaded.once('welcome', resolve),
    );
    expect(welcome.presence.status).toBe('ready');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await parley.store.listPresence()).find((p) => p.agentId === 'alice')?.status).toBe('ready');

    // Gone for good: offline once the grace period passed.
    reloaded.close();
    await expect
      .poll(async () => (await parley.store.listPresence()).find((p) => p.agentId === 'alice')?.status, {
        timeout: 5000,
      })
      .toBe('offline');
  });
});
