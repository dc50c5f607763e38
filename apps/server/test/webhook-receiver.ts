import { once } from 'node:events';
import http from 'node:http';
import type { ParleyConfig } from '../src/config/config-schema.js';
import type { WebhookEventType } from '../src/webhooks/webhook-events.js';

/** A request the receiver got: its headers (lowercase) and raw body. */
export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  /** What the receiver answered. */
  status: number;
}

/**
 * What to answer a request: a status, an optional body, and how long to wait before answering;
 * or `'hang'` to never answer.
 */
export type Answer = { status: number; body?: string; delayMs?: number } | 'hang';

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Resolves once `predicate` holds for what was received (checked after every request). */
  until(predicate: (received: ReceivedWebhook[]) => boolean): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real HTTP receiver on 127.0.0.1, port 0, that records every request and answers with what
 * `answer` says (200 by default). `'hang'` keeps the request open until the receiver closes.
 * @example const receiver = await startReceiver(() => ({ status: 200 }));
 */
export async function startReceiver(
  answer: (request: { headers: Record<string, string>; body: string; index: number }) => Answer = () => ({
    status: 200,
  }),
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<() => void>();
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
      );
      const body = Buffer.concat(chunks).toString('utf8');
      const reply = answer({ headers, body, index: received.length });
      received.push({ headers, body, status: reply === 'hang' ? 0 : reply.status });
      for (const waiter of waiters) waiter();
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      const send = () =>
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body ?? '');
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    until(predicate) {
      return new Promise((resolve) => {
        const check = () => {
          if (!predicate(received)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * A config change for tests that deliver webhooks to a local receiver: every site gets `hook`
 * (private addresses allowed: the receiver is on loopback), retried after 50 ms and polled every
 * 20 ms, so deliveries come within the test's patience.
 * @example startParley({ withRecords: true, config: withWebhook({ id: 'crm', url, secret, events }) })
 */
export function withWebhook(hook: { id: string; url: string; secret: string; events: WebhookEventType[] }) {
  return (base: ParleyConfig): ParleyConfig => ({
    ...base,
    sites: base.sites.map((site) => ({ ...site, webhooks: [{ ...hook, allowPrivate: true }] })),
    webhookSettings: { ...base.webhookSettings, retrySchedule: [0.05], pollMs: 20 },
  });
}
