/**
 * A session just queued that a drain gave to an agent before the route's own offer ran (an agent
 * had just become ready, in this process or another, and the drain found it waiting): the route
 * says the session is that agent's, not that it is first in line. The routing suite met this
 * under load, as the first of six visitors "queued" while Bob had it.
 */
import { randomUUID } from 'node:crypto';
import type { SessionSummary } from '@parley/protocol';
import { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/default-config.js';
import { createLogger } from '../logger.js';
import { createFanout } from '../realtime/fanout.js';
import { namespaces } from '../realtime/namespaces.js';
import { createMemoryStore } from '../store/memory-store.js';
import { createAssigner } from './assignment.js';
import { createPublisher } from './publisher.js';

describe('offering a session just queued', () => {
  // Socket.IO's namespaces for the publisher, attached to no port: nobody listens here.
  const io = new Server();

  /** A store with Alice ready, an assigner over it, and a session queued for support. */
  const queuedForSupport = async () => {
    const store = createMemoryStore();
    const config = defaultConfig(['https://shop.example']);
    const assigner = createAssigner({
      config,
      store,
      publish: createPublisher(createFanout(namespaces(io))),
      clock: Date.now,
      logger: createLogger('error'),
    });
    const now = Date.now();
    await store.setPresence({ agentId: 'alice', status: 'ready', since: now });
    const { session } = await store.openSession({
      sessionId: randomUUID(),
      siteKey: 'demo',
      visitorId: `v-${randomUUID()}`,
      visitor: {},
      status: 'bot',
      handler: { kind: 'bot', id: 'welcome' },
      reason: 'entry',
      idleTimeoutMs: 600_000,
      retentionMs: 600_000,
      now,
    });
    const queued = await store.changeStatus({
      sessionId: session.id,
      to: 'queued',
      reason: 'route',
      handler: { kind: 'queue', id: 'support' },
      routing: { queue: 'support', since: now },
      now,
    });
    if (!queued.ok) throw new Error(queued.error.message);
    return { store, assigner, queued: queued.value.session as SessionSummary };
  };

  it('says whose it is when a drain gave it to an agent first', async () => {
    const { store, assigner, queued } = await queuedForSupport();
    await assigner.drain();
    expect((await store.getSession(queued.id))?.handler).toEqual({ kind: 'agent', id: 'alice' });
    expect(await assigner.offerNew(queued)).toEqual({ agent: 'alice' });
  });

  it('says whose it is when a drain and the offer race for it, whichever wins', async () => {
    const { assigner, queued } = await queuedForSupport();
    const [, offered] = await Promise.all([assigner.drain(), assigner.offerNew(queued)]);
    expect(offered).toEqual({ agent: 'alice' });
  });

  it('puts it first in line when nobody is free', async () => {
    const { store, assigner, queued } = await queuedForSupport();
    await store.setPresence({ agentId: 'alice', status: 'notready', reason: 'break', since: Date.now() });
    expect(await assigner.offerNew(queued)).toEqual({ position: 1 });
  });
});
