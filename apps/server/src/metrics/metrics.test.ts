/**
 * Issue 13, metrics: a real server, a short conversation over the real sockets (a visitor, the
 * bot, an agent taking the chat from the queue), then `/metrics` scraped with fetch and read with
 * a Prometheus text-format parser: the series move, the token is enforced, labels stay bounded.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Bot, createBot } from '@parley/bot';
import type { AckResult } from '@parley/protocol';
import parsePrometheusTextFormat, { type MetricFamily, type Sample } from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentClient, connectAgent, setPresence } from '../../test/agent.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { connectVisitor, type VisitorClient } from '../../test/visitor.js';
import { createMetrics } from './metrics.js';

const TOKEN = 'metrics-token-for-the-test-0123456789';
const HISTOGRAMS = [
  'parley_socket_ack_seconds',
  'parley_store_operation_seconds',
  'parley_database_operation_seconds',
  'parley_queue_wait_seconds',
  'parley_webhook_delivery_lag_seconds',
];

describe('/metrics', { timeout: 30_000 }, () => {
  let parley: RunningParley;
  let bot: Bot | undefined;
  const sockets: Array<VisitorClient | AgentClient> = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await bot?.close();
    await parley.close();
  });

  const scrape = async (): Promise<Map<string, MetricFamily>> => {
    const response = await fetch(`${parley.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    // The parser folds every labelled series of a histogram into one (it keeps the buckets of all
    // and the count of none), so histograms are read as the plain series they are made of: their
    // `# TYPE` line is checked, then left out, and `x_count{...}` parses as a family of its own
    // (one per run of lines: prom-client writes each label set's lines together, so they merge).
    const histograms = [...text.matchAll(/^# TYPE (\S+) histogram$/gm)].map((m) => m[1]);
    expect(histograms).toEqual(expect.arrayContaining(HISTOGRAMS));
    const families = parsePrometheusTextFormat(text.replace(/^# TYPE \S+ histogram\n/gm, ''));
    const byName = new Map<string, MetricFamily>();
    for (const family of families) {
      const seen = byName.get(family.name);
      if (seen) seen.metrics.push(...family.metrics);
      else byName.set(family.name, family);
    }
    return byName;
  };
  /** The sample of a family whose labels include these. */
  const sample = (families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}) =>
    families
      .get(name)
      ?.metrics.find((m: Sample) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  const value = (families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}) =>
    Number(sample(families, name, labels)?.value ?? Number.NaN);
  /** A histogram's count of observations for these labels (0: none yet). */
  const count = (families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}) =>
    Number(sample(families, `${name}_count`, labels)?.value ?? 0);
  const bucket = (families: Map<string, MetricFamily>, name: string, le: string) =>
    Number(sample(families, `${name}_bucket`, { le })?.value ?? 0);

  const ask = <T extends object>(socket: VisitorClient | AgentClient, event: string, ...args: unknown[]) =>
    (socket.timeout(5000).emitWithAck as (...a: unknown[]) => Promise<AckResult<T>>)(event, ...args);

  it('requires the token when one is configured, with a typed error', async () => {
    parley = await startParley({ config: (base) => ({ ...base, metrics: { token: TOKEN } }) });
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
      const response = await fetch(`${parley.url}/metrics`, {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect((await scrape()).has('parley_process_cpu_user_seconds_total')).toBe(true);
  });

  it('is open without a token (the demo configuration)', async () => {
    parley = await startParley();
    const response = await fetch(`${parley.url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('parley_sockets_connected{namespace="visitor"} 0');
  });

  it('counts events, times acks, the stores and queues, and keeps labels bounded', async () => {
    parley = await startParley({
      config: (base) => ({ ...base, metrics: { token: TOKEN } }),
      withRecords: true,
    });
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', (session) => session.say('Hello!'));
    await bot.ready;
    const before = await scrape();
    expect(value(before, 'parley_sockets_connected', { namespace: 'bot' })).toBe(1);
    expect(value(before, 'parley_sockets_connected', { namespace: 'visitor' })).toBe(0);
    expect(value(before, 'parley_agents', { presence: 'offline' })).toBe(2);
    expect(value(before, 'parley_queue_length', { queue: 'support' })).toBe(0);

    const alice = await connectAgent(parley.url, 'alice@parley.demo');
    sockets.push(alice.socket);
    const visitor = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    sockets.push(visitor.socket);
    const opened = await ask<{ session: { id: string } }>(visitor.socket, 'session.open', {});
    if (!opened.ok) throw new Error(opened.error.message);
    const sessionId = opened.session.id;
    expect(
      await ask(visitor.socket, 'message.send', { sessionId, clientId: 'metrics-1', text: 'hi' }),
    ).toMatchObject({
      ok: true,
    });
    expect(await ask(visitor.socket, 'message.send', {})).toMatchObject({
      error: { code: 'invalid_payload' },
    });
    // Events the namespace does not have: counted as `other`, never under their own name.
    for (const name of ['no.such.event', `made-up-${sessionId}`]) {
      expect(await ask(visitor.socket, name, {})).toMatchObject({ error: { code: 'unknown_event' } });
    }
    // Alice is signed in but not ready: the handoff waits in the support queue.
    expect(await ask(visitor.socket, 'session.handoff', { sessionId })).toMatchObject({ ok: true });
    const queued = await scrape();
    expect(value(queued, 'parley_queue_length', { queue: 'support' })).toBe(1);
    expect(value(queued, 'parley_agents', { presence: 'notready' })).toBe(1);
    expect(value(queued, 'parley_sockets_connected', { namespace: 'visitor' })).toBe(1);
    expect(value(queued, 'parley_sockets_connected', { namespace: 'agent' })).toBe(1);
    expect(count(queued, 'parley_queue_wait_seconds', { queue: 'support' })).toBe(0);

    expect(await setPresence(alice.socket, { status: 'ready' })).toMatchObject({ ok: true });
    await expect.poll(async () => (await parley.store.getSession(sessionId))?.status).toBe('assigned');
    // The records writer (every 20 ms here) wrote the session: the database was timed.
    await expect
      .poll(async () =>
        count(await scrape(), 'parley_database_operation_seconds', { operation: 'recordBatch' }),
      )
      .toBeGreaterThan(0);
    const after = await scrape();
    expect(value(after, 'parley_queue_length', { queue: 'support' })).toBe(0);
    expect(value(after, 'parley_agents', { presence: 'ready' })).toBe(1);
    expect(count(after, 'parley_queue_wait_seconds', { queue: 'support' })).toBe(1);
    const events = (type: string, outcome: string, namespace = 'visitor') =>
      value(after, 'parley_socket_events_total', { namespace, type, outcome });
    expect(events('session.open', 'ok')).toBe(1);
    expect(events('message.send', 'ok')).toBe(1);
    expect(events('message.send', 'invalid_payload')).toBe(1);
    expect(events('session.handoff', 'ok')).toBe(1);
    expect(events('other', 'unknown_event')).toBe(2);
    expect(events('presence.set', 'ok', 'agent')).toBe(1);
    expect(events('message.send', 'ok', 'bot')).toBeGreaterThanOrEqual(1);
    expect(count(after, 'parley_socket_ack_seconds', { namespace: 'visitor' })).toBe(4);
    expect(
      count(after, 'parley_store_operation_seconds', { operation: 'appendMessage' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      count(after, 'parley_store_operation_seconds', { operation: 'assignSession' }),
    ).toBeGreaterThanOrEqual(1);
    expect(value(after, 'parley_records_consumer_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(after.has('parley_nodejs_eventloop_lag_seconds')).toBe(true);

    // Bounded labels: no session, visitor or socket id, nor an unknown event's name, in any series.
    const labelValues = [...after.values()].flatMap((family) =>
      family.metrics.flatMap((m) => Object.values(m.labels ?? {})),
    );
    const ids = [
      sessionId,
      visitor.visitorId,
      visitor.socket.id ?? '',
      alice.socket.id ?? '',
      'no.such.event',
    ];
    for (const id of ids) expect(labelValues.filter((label) => label.includes(id))).toEqual([]);
    expect(new Set(labelValues.filter((label) => label.startsWith('made-up')))).toEqual(new Set());
  });

  it("records the webhooks' deliveries, endpoints past the first hundred as other", async () => {
    const metrics = createMetrics({ processMetrics: false });
    parley = await startParley({ config: (base) => ({ ...base, metrics: { token: TOKEN } }), metrics });
    metrics.webhookDelivery('delivered', 1500, 'crm');
    metrics.webhookDelivery('retry', 40_000, 'crm');
    for (let i = 0; i < 120; i += 1) metrics.webhookDelivery('delivered', 10, `endpoint-${i}`);
    const families = await scrape();
    const deliveries = (labels: Record<string, string>) =>
      value(families, 'parley_webhook_deliveries_total', labels);
    expect(deliveries({ endpoint: 'crm', outcome: 'delivered' })).toBe(1);
    expect(deliveries({ endpoint: 'crm', outcome: 'retry' })).toBe(1);
    expect(deliveries({ endpoint: 'endpoint-98', outcome: 'delivered' })).toBe(1);
    expect(sample(families, 'parley_webhook_deliveries_total', { endpoint: 'endpoint-99' })).toBeUndefined();
    expect(deliveries({ endpoint: 'other', outcome: 'delivered' })).toBe(21);
    expect(count(families, 'parley_webhook_delivery_lag_seconds')).toBe(122);
    expect(bucket(families, 'parley_webhook_delivery_lag_seconds', '1')).toBe(120);
    expect(bucket(families, 'parley_webhook_delivery_lag_seconds', '5')).toBe(121);
  });
});

describe('metrics of a closed server', () => {
  it('are not kept by the process: its process series are shared, not observed anew', async () => {
    // The garbage collector, callable here: a registry that nothing holds must go.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const made = () => {
      const metrics = createMetrics();
      // A gauge's collect holds what it reads, as the live state's gauges hold the server.
      const held = { sockets: new Array(1000).fill('socket') };
      metrics.gauge('test_held', 'a gauge holding its server', [], (gauge) => gauge.set(held.sockets.length));
      return { registry: new WeakRef(metrics.registry), held: new WeakRef(held) };
    };
    const first = made();
    const second = made();
    // A WeakRef's target is kept until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    for (const refs of [first, second]) {
      expect(refs.registry.deref()).toBeUndefined();
      expect(refs.held.deref()).toBeUndefined();
    }
    // And the process series are still there for the next registry.
    const next = await createMetrics().registry.getMetricsAsJSON();
    expect(next.map((metric) => metric.name)).toContain('parley_nodejs_gc_duration_seconds');
  });
});
