/**
 * The README's promise for `npm start` (issue 12): with no database configured, conversations are
 * kept in PGlite under the data directory, so a restart of the server process keeps the visitor's
 * history and the desk's search. Without Redis the records writer runs on the server's thread;
 * with `REDIS_URL`, in PGlite's thread, over a Redis connection of its own.
 */
import type { AckResult, HistoryPage, SearchPage, Transcript } from '@parley/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { connectAgent } from '../../test/agent.js';
import { type RunningProcess, runNode, serverPorts, tempDataDir, waitUntilUp } from '../../test/processes.js';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { connectVisitor } from '../../test/visitor.js';

describe.each([
  { live: 'memory', writer: 'on the server’s thread' },
  { live: 'Redis', writer: 'in PGlite’s thread' },
])(
  'the server process with its embedded records, live sessions in $live (the writer $writer)',
  ({ live }) => {
    let server: RunningProcess | undefined;
    let bot: RunningProcess | undefined;
    let redis: TestRedis | undefined;

    afterAll(async () => {
      await bot?.stop();
      await server?.stop();
      await redis?.stop();
    });

    it('keeps the visitor’s history and the desk’s search across a restart', {
      timeout: 60_000,
    }, async () => {
      if (live === 'Redis') redis = await startRedis();
      const { url, origin, ports } = await serverPorts();
      const env = {
        ...ports,
        PARLEY_DATA_DIR: tempDataDir(),
        LOG_LEVEL: 'warn',
        ...(redis ? { REDIS_URL: redis.url } : {}),
      };
      const start = async () => {
        server = runNode('apps/server/dist/index.js', env);
        await waitUntilUp(`${url}/readyz`, server);
      };
      await start();
      bot = runNode('examples/welcome-bot/dist/index.js', { PARLEY_URL: url });

      const visitor = await connectVisitor(url, { origin });
      await visitor.socket.timeout(10_000).emitWithAck('visitor.identify', { userId: 'records-process' });
      const sent: AckResult<{ sessionId: string }> = await visitor.socket
        .timeout(10_000)
        .emitWithAck('message.send', { clientId: 'records-process-1', text: 'Do you ship to Iceland?' });
      if (!sent.ok) throw new Error(sent.error.message);
      const history = () =>
        visitor.socket.timeout(10_000).emitWithAck('history.list', {}) as Promise<AckResult<HistoryPage>>;
      // Written behind the live store: in the records within moments.
      await expect
        .poll(
          async () => {
            const page = await history();
            return page.ok ? page.sessions.map((s) => s.id) : page;
          },
          { timeout: 15_000 },
        )
        .toEqual([sent.sessionId]);
      // Written just before a stop (SIGTERM): the server writes what is pending as it closes.
      const last: AckResult = await visitor.socket.timeout(10_000).emitWithAck('message.send', {
        sessionId: sent.sessionId,
        clientId: 'records-process-2',
        text: 'Or to Svalbard?',
      });
      expect(last).toMatchObject({ ok: true });
      visitor.socket.close();

      await server?.stop();
      await start();

      // The same browser (its token) sees its conversation; the desk's search finds it by a word.
      const again = await connectVisitor(url, { origin, token: visitor.token });
      expect(again.visitorId).toBe(visitor.visitorId);
      const page: AckResult<HistoryPage> = await again.socket.timeout(10_000).emitWithAck('history.list', {});
      expect(page).toMatchObject({ ok: true, sessions: [{ id: sent.sessionId }] });
      // Its chat was open at the stop. Redis keeps it open; in memory it ended with the process,
      // and the records say so (found by a new site owner: it stayed open in them for good).
      const { status } = (page.ok && page.sessions[0]) || {};
      if (live === 'Redis') expect(status).not.toBe('closed');
      else expect(status).toBe('closed');
      const kept: AckResult<Transcript> = await again.socket
        .timeout(10_000)
        .emitWithAck('history.get', { sessionId: sent.sessionId });
      if (!kept.ok) throw new Error(kept.error.message);
      expect(
        kept.events.flatMap((e) => (e.type === 'message' && e.author.role === 'visitor' ? [e.text] : [])),
      ).toEqual(['Do you ship to Iceland?', 'Or to Svalbard?']);
      again.socket.close();
      const { socket: alice } = await connectAgent(url, 'alice@parley.demo');
      const found: AckResult<SearchPage> = await alice
        .timeout(10_000)
        .emitWithAck('search', { text: 'iceland' });
      expect(found).toMatchObject({ ok: true, hits: [{ session: { id: sent.sessionId } }] });
      // The message sent just before the stop is in the records too, found by its word.
      await expect
        .poll(async () => {
          const hits: AckResult<SearchPage> = await alice
            .timeout(10_000)
            .emitWithAck('search', { text: 'svalbard' });
          return hits.ok ? hits.hits.map((h) => h.session.id) : hits;
        })
        .toEqual([sent.sessionId]);
      alice.close();
    });
  },
);
