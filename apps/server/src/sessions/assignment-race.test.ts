/**
 * The race of issue 4: two server processes (the built server) sharing one Redis, 50 sessions
 * queued at once, then 5 agents of capacity 2 becoming ready at the same moment, half of them
 * on each process. No session may be assigned twice, no agent may go over capacity, and the
 * 40 left must be queued with positions every process and every visitor agree on.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueueEntry, QueueNotice, SessionEvent, SessionSummary } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentClient, connectAgent, setPresence } from '../../test/agent.js';
import { type RunningProcess, runNode, waitUntilUp } from '../../test/processes.js';
import { freePort, startRedis, type TestRedis } from '../../test/redis-server.js';
import { connectVisitor, type VisitorClient } from '../../test/visitor.js';
import { DEMO_AGENTS, DEMO_BOT_TOKEN } from '../config/default-config.js';
import { createRedisStore } from '../store/redis-store.js';
import type { SessionStore } from '../store/session-store.js';

const SESSIONS = 50;
const AGENTS = 5;
const CAPACITY = 2;
const settle = { timeout: 20_000, interval: 100 };

describe('assignment across two server processes sharing Redis', () => {
  let redis: TestRedis;
  let store: SessionStore;
  const servers: RunningProcess[] = [];
  const urls: string[] = [];
  const visitors: Array<{
    socket: VisitorClient;
    sessionId: string;
    notices: QueueNotice[];
    events: SessionEvent[];
  }> = [];
  const agents: Array<{ id: string; socket: AgentClient; created: string[] }> = [];

  beforeAll(async () => {
    redis = await startRedis();
    const origin = 'http://race.example';
    const config = {
      sites: [
        {
          key: 'demo',
          allowedOrigins: [origin],
          entry: { bot: 'welcome' },
          defaultQueue: 'support',
          // No bot runs here: sessions wait with it, as long as this test lasts.
          botGraceSeconds: 3600,
        },
      ],
      bots: [{ id: 'welcome', token: DEMO_BOT_TOKEN }],
      queues: [{ id: 'support', name: 'Support' }],
      agents: Array.from({ length: AGENTS }, (_, i) => ({
        id: `agent${i + 1}`,
        name: `Agent ${i + 1}`,
        email: `agent${i + 1}@race.example`,
        password: DEMO_AGENTS[0]?.password,
        teams: ['support'],
        capacity: CAPACITY,
      })),
      limits: { connectionsPerMinutePerIp: 10_000, loginsPerMinutePerIp: 1000 },
    };
    const configPath = join(mkdtempSync(join(tmpdir(), 'parley-race-')), 'parley.json');
    writeFileSync(configPath, JSON.stringify(config));

    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const server = runNode('apps/server/dist/index.js', {
        PORT: String(port),
        DEMO_PORT: 'off',
        REDIS_URL: redis.url,
        PARLEY_CONFIG: configPath,
        LOG_LEVEL: 'warn',
      });
      servers.push(server);
      urls.push(`http://localhost:${port}`);
      await waitUntilUp(`${urls[i]}/healthz`, server);
    }
    store = await createRedisStore({ url: redis.url });

    // Every agent signs in (not ready yet: online, so sessions queue rather than go offline).
    for (let i = 0; i < AGENTS; i++) {
      const { socket, welcome } = await connectAgent(urls[i % 2] as string, `agent${i + 1}@race.example`);
      const agent = { id: welcome.agent.id, socket, created: [] as string[] };
      socket.on('session.created', (sync) => agent.created.push(sync.session.id));
      agents.push(agent);
    }
    // Every visitor opens the widget, on one process or the other.
    for (let i = 0; i < SESSIONS; i++) {
      const { socket } = await connectVisitor(urls[i % 2] as string, { origin });
      const opened = await socket.timeout(10_000).emitWithAck('session.open', {});
      if (!opened.ok) throw new Error(opened.error.message);
      const visitor = {
        socket,
        sessionId: opened.session.id,
        notices: [] as QueueNotice[],
        events: [] as SessionEvent[],
      };
      socket.on('queue', (notice) => visitor.notices.push(notice));
      socket.on('session.event', (event) => visitor.events.push(event));
      visitors.push(visitor);
    }
  }, 60_000);

  afterAll(async () => {
    for (const v of visitors) v.socket.close();
    for (const a of agents) a.socket.close();
    await store?.close();
    await Promise.all(servers.map((s) => s.stop()));
    await redis?.stop();
  });

  const sessions = async (): Promise<SessionSummary[]> =>
    Promise.all(visitors.map(async (v) => (await store.getSession(v.sessionId)) as SessionSummary));

  it('assigns no session twice and no agent past capacity; the rest queue in agreed order', async () => {
    // 50 visitors ask for a person at once, half through each process.
    const routed = await Promise.all(
      visitors.map((v) =>
        v.socket.timeout(10_000).emitWithAck('session.handoff', { sessionId: v.sessionId }),
      ),
    );
    expect(routed.every((r) => r.ok && r.route.outcome === 'queued')).toBe(true);

    // Then all five agents become ready at the same moment, on both processes.
    const ready = await Promise.all(agents.map((a) => setPresence(a.socket, { status: 'ready' })));
    expect(ready.every((r) => r.ok)).toBe(true);

    const assignedCount = async () => (await sessions()).filter((s) => s.status === 'assigned').length;
    await expect.poll(assignedCount, settle).toBe(AGENTS * CAPACITY);
    // Let any late duplicate attempt from either process land before judging.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await assignedCount()).toBe(AGENTS * CAPACITY);

    // Each session's log says "assigned" at most once, and so do the visitors' own tabs.
    for (const v of visitors) {
      const log = await store.eventsSince(v.sessionId, 0, 100);
      const assignments = log.filter((e) => e.type === 'session.changed' && e.to === 'assigned');
      expect(assignments.length).toBeLessThanOrEqual(1);
      expect(v.events.filter((e) => e.type === 'session.changed' && e.to === 'assigned').length).toBe(
        assignments.length,
      );
    }
    // Every agent has exactly their capacity, in the store and in what their desk was sent.
    const all = await sessions();
    for (const agent of agents) {
      const held = all.filter((s) => s.handler?.kind === 'agent' && s.handler.id === agent.id);
      expect(held).toHaveLength(CAPACITY);
      expect(await store.handlerSessions({ kind: 'agent', id: agent.id })).toHaveLength(CAPACITY);
      await expect.poll(() => [...agent.created].sort(), settle).toEqual(held.map((s) => s.id).sort());
    }
    const delivered = agents.flatMap((a) => a.created);
    expect(new Set(delivered).size).toBe(delivered.length);

    // The 40 left are queued, first come first served, with positions 1..40 everyone agrees on.
    const waiting = all.filter((s) => s.status === 'queued');
    expect(waiting).toHaveLength(SESSIONS - AGENTS * CAPACITY);
    const servedFirst = Math.max(
      ...all.filter((s) => s.status === 'assigned').map((s) => s.routing?.since ?? 0),
    );
    expect(waiting.every((s) => (s.routing?.since ?? 0) >= servedFirst)).toBe(true);
    const lists = await Promise.all(
      agents.slice(0, 2).map(async (a) => {
        const listed = await a.socket.timeout(10_000).emitWithAck('queue.list', {});
        return listed.ok ? listed.entries : [];
      }),
    );
    const [onA, onB] = lists as [QueueEntry[], QueueEntry[]];
    expect(onA.map((e) => e.position)).toEqual(waiting.map((_, i) => i + 1));
    expect(onA.map((e) => e.session.id)).toEqual(onB.map((e) => e.session.id));
    expect(new Set(onA.map((e) => e.session.id))).toEqual(new Set(waiting.map((s) => s.id)));
    const since = onA.map((e) => e.session.routing?.since ?? 0);
    expect(since).toEqual([...since].sort((a, b) => a - b));
    // Each waiting visitor's latest notice is their place in that list.
    const positionOf = new Map(onA.map((e) => [e.session.id, e.position]));
    await expect
      .poll(
        () =>
          visitors
            .filter((v) => positionOf.has(v.sessionId))
            .every((v) => v.notices.at(-1)?.position === positionOf.get(v.sessionId)),
        settle,
      )
      .toBe(true);
  }, 60_000);
});
