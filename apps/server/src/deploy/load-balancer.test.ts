/**
 * Issue 16: the repo's load-balancer configurations, deploy/haproxy.cfg and deploy/nginx.conf,
 * each run as it is by Debian's HAProxy or nginx in front of two built server processes that
 * share a private Redis and one PostgreSQL database, with TLS ending at the balancer. Visitors
 * come from addresses of their own on the loopback network (127.0.0.x), so the balancer's
 * stickiness and the client address it forwards can be told apart from its own (127.0.0.1).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionEvent } from '@parley/protocol';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Balancer, haproxyKind, nginxKind } from '../../test/balancers.js';
import { daemonBinary } from '../../test/daemons.js';
import { createTestDatabase } from '../../test/postgres.js';
import { type RunningProcess, runNode, waitUntilUp } from '../../test/processes.js';
import { freePort, startRedis, type TestRedis } from '../../test/redis-server.js';
import { type SelfSignedCert, selfSignedCert } from '../../test/self-signed-cert.js';
import { next, refusal, type VisitorClient } from '../../test/visitor.js';
import { DEMO_BOT_TOKEN } from '../config/default-config.js';

/** The page that embeds the widget. */
const SHOP = 'https://shop.example';
const CONNECTIONS_PER_MINUTE = 3;

type Transport = 'polling' | 'websocket';

describe.each([haproxyKind, nginxKind])('several Parley processes behind $name', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-deploy-'));
  let cert: SelfSignedCert;
  let redis: TestRedis;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const servers: RunningProcess[] = [];
  const serverAddresses: string[] = [];
  let bot: RunningProcess | undefined;
  let lb: Balancer;
  const sockets: VisitorClient[] = [];
  const balancers: Balancer[] = [];

  /** Starts the balancer with `config` on these ports (else free ones), in front of both processes. */
  const startBalancer = async (config: string, name: string, ports?: number[]): Promise<Balancer> => {
    const [http = await freePort(), https = await freePort()] = ports ?? [];
    const own = join(dir, name);
    mkdirSync(own);
    const balancer = await kind.start({
      config,
      dir: own,
      ports: { http, https },
      processes: serverAddresses,
      cert,
    });
    balancers.push(balancer);
    return balancer;
  };

  beforeAll(async () => {
    daemonBinary(kind.daemon); // without it, fail here and say how to install it
    cert = selfSignedCert(dir);
    redis = await startRedis();
    database = await createTestDatabase('deploy');
    const configPath = join(dir, 'parley.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        sites: [{ key: 'shop', allowedOrigins: [SHOP], entry: { bot: 'welcome' } }],
        bots: [{ id: 'welcome', name: 'FAQ bot', token: DEMO_BOT_TOKEN }],
        queues: [{ id: 'support', name: 'Support' }],
        // The balancer connects from here; the client address is the one it forwards.
        trustedProxies: ['127.0.0.1'],
        limits: { connectionsPerMinutePerIp: CONNECTIONS_PER_MINUTE },
      }),
    );
    // The balancer's ports are known first: the processes' PUBLIC_URL is its HTTPS origin.
    const lbPorts = [await freePort(), await freePort()];
    const publicUrl = `https://localhost:${lbPorts[1]}`;
    for (const port of [await freePort(), await freePort()]) {
      const address = `127.0.0.1:${port}`;
      const server = runNode('apps/server/dist/index.js', {
        PORT: String(port),
        HOST: '127.0.0.1',
        DEMO_PORT: 'off',
        REDIS_URL: redis.url,
        DATABASE_URL: database.url,
        PARLEY_CONFIG: configPath,
        PUBLIC_URL: publicUrl,
        LOG_LEVEL: 'warn',
      });
      servers.push(server);
      serverAddresses.push(address);
    }
    await Promise.all(servers.map((server, i) => waitUntilUp(`http://${serverAddresses[i]}/readyz`, server)));
    lb = await startBalancer(kind.config, 'lb', lbPorts);
    // The example FAQ bot (@parley/bot's createBot) as its own process, through the balancer.
    bot = runNode('examples/welcome-bot/dist/index.js', {
      PARLEY_URL: lb.url,
      NODE_EXTRA_CA_CERTS: cert.certPath,
    });
  }, 120_000);

  afterEach(({ task }) => {
    if (task.result?.state !== 'fail') return;
    const named = [
      ...balancers.map((b, i) => [`balancer ${i + 1}`, b.output()] as const),
      ...servers.map((s, i) => [`parley${i + 1}`, s.output()] as const),
      ['bot', bot?.output() ?? ''] as const,
    ];
    for (const [name, output] of named) process.stderr.write(`===== ${name}\n${output.slice(-10_000)}\n`);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await bot?.stop();
    for (const balancer of balancers) await balancer.stop();
    for (const server of servers) await server.stop();
    await redis?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** An HTTPS GET from `source`, trusting the test's certificate. */
  const get = (url: string, source = '127.0.0.1') =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = request(url, { ca: cert.cert, localAddress: source }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });

  /** A visitor's socket through a balancer, from `source`, over only the given transport. */
  const visitorSocket = (
    url: string,
    source: string,
    transport: Transport,
    { reconnection = true, headers = {} }: { reconnection?: boolean; headers?: Record<string, string> } = {},
  ): VisitorClient => {
    const socket: VisitorClient = io(`${url}/visitor`, {
      transports: [transport],
      forceNew: true,
      reconnection,
      // engine.io-client passes `agent` on to Node's https (typed for the browser's string).
      agent: new Agent({ ca: cert.cert, localAddress: source }) as unknown as string,
      ca: cert.cert,
      // As the widget's frame: served from Parley's public origin (the balancer's), on the shop's page.
      extraHeaders: { origin: lb.url, ...headers },
      // Every reconnect presents the token the server gave, so the visitor stays the same one.
      auth: (send) => send({ siteKey: 'shop', hostOrigin: SHOP, ...(token ? { token } : {}) }),
    });
    let token: string | undefined;
    socket.on('identity', (identity) => {
      token = identity.token ?? token;
    });
    sockets.push(socket);
    return socket;
  };

  /** Resolves once the socket's handshake was taken (the server sent its identity). */
  const admitted = (socket: VisitorClient) =>
    new Promise<void>((resolve, reject) => {
      socket.once('identity', () => resolve());
      socket.once('connect_error', reject);
    });

  const botSays = (socket: VisitorClient, pattern: RegExp) =>
    next(
      socket,
      'session.event',
      (e: SessionEvent) => e.type === 'message' && e.author.role === 'bot' && pattern.test(e.text),
    );

  /** Sends `text` and resolves with the session it went to, once the bot said `answer`. */
  const ask = async (
    socket: VisitorClient,
    clientId: string,
    text: string,
    answer: RegExp,
    sessionId?: string,
  ) => {
    const answered = botSays(socket, answer);
    const sent = await socket
      .timeout(10_000)
      .emitWithAck('message.send', { clientId, text, ...(sessionId ? { sessionId } : {}) });
    if (!sent.ok) throw new Error(`message.send refused: ${sent.error.code} ${sent.error.message}`);
    await answered;
    return sent.sessionId;
  };

  /**
   * Two client addresses the balancer sends to different processes: each new address from
   * 127.0.0.2 on is tried with a GET until both processes have one.
   */
  const addressesOnBothProcesses = async (): Promise<string[]> => {
    const found = new Map<number, string>();
    for (let i = 2; found.size < 2 && i < 40; i++) {
      const source = `127.0.0.${i}`;
      expect((await get(`${lb.url}/healthz`, source)).status).toBe(200);
      let served: number[] = [];
      for (let tries = 0; served.length === 0 && tries < 400; tries++) {
        served = await lb.processesOf(source);
        if (served.length === 0) await new Promise((resolve) => setTimeout(resolve, 25)); // the log line is on its way
      }
      expect(served).toHaveLength(1);
      if (served[0] !== undefined && !found.has(served[0])) found.set(served[0], source);
    }
    return [...found.values()];
  };

  let pollingVisitor: VisitorClient;
  let pollingSource: string;
  let pollingSession: string;

  it('serves the widget, the desk and the REST API on one HTTPS origin, and redirects plain HTTP', async () => {
    const plain = await fetch(`${lb.plainUrl}/desk`, { redirect: 'manual' });
    expect([plain.status, plain.headers.get('location')]).toEqual([301, kind.redirect(lb)]);

    const widget = await get(`${lb.url}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers['strict-transport-security']).toBe('max-age=31536000');
    expect((await get(`${lb.url}/desk`)).body).toContain('<html');
    expect(JSON.parse((await get(`${lb.url}/api/v1/openapi.json`)).body)).toMatchObject({
      servers: [{ url: '/api/v1' }],
    });
    expect(JSON.parse((await get(`${lb.url}/api/v1/sessions`)).body)).toMatchObject({ ok: false });
    expect((await get(`${lb.url}/readyz`)).status).toBe(200);
    // Each process is scraped directly: the balancer does not pass /metrics on.
    expect((await get(`${lb.url}/metrics`)).status).toBe(403);
  });

  it('holds a conversation over long-polling alone and over WebSocket, one on each process', async () => {
    const sources = await addressesOnBothProcesses();
    expect(sources).toHaveLength(2);
    const [polling = '', websocket = ''] = sources;
    pollingSource = polling;
    pollingVisitor = visitorSocket(lb.url, polling, 'polling');
    await admitted(pollingVisitor);
    const websocketVisitor = visitorSocket(lb.url, websocket, 'websocket');
    await admitted(websocketVisitor);

    pollingSession = await ask(
      pollingVisitor,
      'lb-polling-0001',
      'What are your opening hours?',
      /Monday to Friday/,
    );
    await ask(websocketVisitor, 'lb-websocket-0001', 'What are your opening hours?', /Monday to Friday/);
    expect(pollingVisitor.io.engine.transport.name).toBe('polling');
    expect(websocketVisitor.io.engine.transport.name).toBe('websocket');

    // Every request of the polling visitor went to one process, the other visitor's to the other.
    const [onPolling, onWebsocket] = [await lb.processesOf(polling), await lb.processesOf(websocket)];
    expect([onPolling.length, onWebsocket.length]).toEqual([1, 1]);
    expect([...onPolling, ...onWebsocket].sort()).toEqual([1, 2]);
  }, 60_000);

  it('breaks long-polling without its stickiness, while WebSocket alone still works', async () => {
    const original = readFileSync(kind.config, 'utf8');
    const withoutStickiness = kind.roundRobin(original);
    expect(original.split('\n').length - withoutStickiness.split('\n').length).toBe(kind.stickyLines);
    const roundRobinConfig = join(dir, 'round-robin.conf');
    writeFileSync(roundRobinConfig, withoutStickiness);
    const roundRobin = await startBalancer(roundRobinConfig, 'round-robin');

    // The handshake goes to one process, the next request to the other, which knows no such
    // Engine.IO session: the connection fails.
    const polling = visitorSocket(roundRobin.url, '127.0.0.50', 'polling', { reconnection: false });
    await expect(admitted(polling)).rejects.toThrow(/poll|post/i);
    const websocket = visitorSocket(roundRobin.url, '127.0.0.51', 'websocket', { reconnection: false });
    await admitted(websocket);
    websocket.close();
    await roundRobin.stop();
  }, 60_000);

  it('takes the client address from X-Forwarded-For, which a client cannot write for itself', async () => {
    // Through one balancer (127.0.0.1), each client address has a budget of its own.
    for (let i = 0; i < CONNECTIONS_PER_MINUTE; i++)
      await admitted(visitorSocket(lb.url, '127.0.0.60', 'websocket'));
    expect(
      await refusal(visitorSocket(lb.url, '127.0.0.60', 'websocket', { reconnection: false })),
    ).toMatchObject({
      code: 'rate_limited',
    });
    const madeUp = { 'x-forwarded-for': '203.0.113.9' };
    expect(
      await refusal(
        visitorSocket(lb.url, '127.0.0.60', 'websocket', { reconnection: false, headers: madeUp }),
      ),
    ).toMatchObject({ code: 'rate_limited' });
    await admitted(visitorSocket(lb.url, '127.0.0.61', 'websocket'));
  }, 60_000);

  it('takes a killed process out and carries on with the other', async () => {
    const [victim] = await lb.processesOf(pollingSource);
    if (victim === undefined) throw new Error(`no process noted for the polling visitor (${pollingSource})`);
    const reconnected = new Promise<void>((resolve) => pollingVisitor.io.once('reconnect', () => resolve()));
    servers[victim - 1]?.child.kill('SIGKILL');
    await lb.untilTakenOut(victim);

    // New visitors are served by the survivor (so is the bot, which came back by itself), from
    // whichever address: some would have gone to the killed process.
    for (const source of ['127.0.0.70', '127.0.0.71', '127.0.0.72']) {
      const newcomer = visitorSocket(lb.url, source, 'polling');
      await admitted(newcomer);
      await ask(newcomer, `lb-newcomer-${source}`, 'How much is shipping?', /ship within 24 hours/);
    }

    // The polling visitor, whose process died, reconnects to the other and goes on in its session.
    await reconnected;
    expect(pollingVisitor.io.engine.transport.name).toBe('polling');
    const again = await ask(
      pollingVisitor,
      'lb-polling-0002',
      'And shipping?',
      /ship within 24 hours/,
      pollingSession,
    );
    expect(again).toBe(pollingSession);
  }, 90_000);
});
