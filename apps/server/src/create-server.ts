import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fail } from '@parley/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import pino, { type Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { Server } from 'socket.io';
import { createActiveSiteService } from './agents/active-site-service.js';
import { createAgentService } from './agents/agent-service.js';
import { createNoteService } from './agents/note-service.js';
import { createOfflineService } from './agents/offline-service.js';
import { createPresenceService } from './agents/presence-service.js';
import { createStartService } from './agents/start-service.js';
import { createSupervisorService } from './agents/supervisor-service.js';
import type { ApiServices } from './api/api-context.js';
import { apiRoutes } from './api/api-routes.js';
import { labelRoutes as labelRouteTable } from './api/label-routes.js';
import { registerApi } from './api/register-api.js';
import type { ParleyConfig } from './config/config-schema.js';
import { createRecordsWriter } from './consumers/records-writer.js';
import { createEmailService } from './email/email-service.js';
import { createMailer, type Mailer } from './email/mailer.js';
import { createOfflineMailer } from './email/offline-mailer.js';
import { createFileLinks } from './files/file-links.js';
import { registerFileRoutes } from './files/file-routes.js';
import { createFileService, type FileService } from './files/file-service.js';
import type { FileStore } from './files/file-store.js';
import { createAuditTrail } from './history/audit-trail.js';
import { auditConfigChange } from './history/config-audit.js';
import { createHistoryService } from './history/history-service.js';
import { registerAgentRoutes } from './http/agent-routes.js';
import { trustProxies } from './http/client-address.js';
import { registerDeskRoutes } from './http/desk-routes.js';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { recentlyGood } from './http/recently-good.js';
import { registerWidgetRoutes } from './http/widget-routes.js';
import { createHttpBots } from './http-bots/http-bots.js';
import { watchLiveState } from './metrics/live-gauges.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { registerMetricsRoute } from './metrics/metrics-route.js';
import { observeQueueWaits } from './metrics/queue-waits.js';
import { timeRecords } from './metrics/timed-records.js';
import { attachAgentNamespace } from './realtime/agent-namespace.js';
import { watchAvailability } from './realtime/availability-watch.js';
import { attachBotNamespace } from './realtime/bot-namespace.js';
import { createFanout } from './realtime/fanout.js';
import type { HandlerContext } from './realtime/handle.js';
import { namespaces } from './realtime/namespaces.js';
import type { RedisAdapter } from './realtime/redis-adapter.js';
import { rooms } from './realtime/rooms.js';
import { attachVisitorNamespace } from './realtime/visitor-namespace.js';
import type { RecordsStore } from './records/records-store.js';
import { createReportService } from './reports/report-service.js';
import { createAssigner } from './sessions/assignment.js';
import { createBotService } from './sessions/bot-service.js';
import { createBotWatch, fallbackRoute } from './sessions/bot-watch.js';
import { createFormAnswerService } from './sessions/form-answer-service.js';
import { createHeads } from './sessions/heads.js';
import { createLabelService } from './sessions/label-service.js';
import { createPublisher } from './sessions/publisher.js';
import { createReadService } from './sessions/read-service.js';
import { createRouter } from './sessions/routing.js';
import { createSessionService, type SessionService } from './sessions/session-service.js';
import { createTeamAvailable } from './sessions/team-available.js';
import { createVisitorRouting } from './sessions/visitor-routing.js';
import { registerSsoRoutes } from './sso/sso-routes.js';
import { guardStore, StoreUnavailableError, UNAVAILABLE_MESSAGE } from './store/guard-store.js';
import type { SessionStore } from './store/session-store.js';
import { configEndpoints } from './webhooks/config-endpoints.js';
import { createWebhookDispatcher, type WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import { createWebhookService, type WebhookService } from './webhooks/webhook-service.js';

export interface ServerDeps {
  config: ParleyConfig;
  store: SessionStore;
  logger?: Logger;
  clock?: () => number;
  /**
   * The Socket.IO Redis adapter (`createRedisAdapter`), which carries broadcasts between server
   * processes; without it, broadcasts stay in this process.
   */
  redisAdapter?: RedisAdapter;
  /** A store call without an answer after this long fails as `unavailable` (default 5 s). */
  storeTimeoutMs?: number;
  /** How often rooms hear the latest seq of the sessions written meanwhile (`heads`, default 2 s). */
  headsIntervalMs?: number;
  /** How often idle sessions are swept (default 5 s). */
  sweepIntervalMs?: number;
  /** The widget's build output (default: the installed `@parley/widget` package's `dist`). */
  widgetDir?: string;
  /** The desk's build output (default: the installed `@parley/desk` package's `dist`). */
  deskDir?: string;
  /** Where `/demo` redirects: the demo host page on its own origin. */
  demoUrl?: string;
  /**
   * Where every conversation is kept (issue 12), written behind the live store by the records
   * writer; the store must track its consumer (`consumers: [RECORDS_CONSUMER]`). Without it,
   * history, search, export and erasure answer `unavailable`.
   */
  records?: RecordsStore;
  /** How long the records writer waits between rounds without a backlog (default 1 s). */
  recordsIdleMs?: number;
  /**
   * `inline` (default): this server runs the records writer on its own thread. `elsewhere`: a
   * writer runs apart (`startRecordsWriterThread`), and this server only reads the records.
   */
  recordsWriter?: 'inline' | 'elsewhere';
  /** How often closed sessions past their site's retention leave the records (default 1 h). */
  retentionSweepMs?: number;
  /**
   * Where browsers reach Parley (`PUBLIC_URL`): the widget's frame connects from this origin.
   * Unset: the URL `listen` resolves with (so a test on port 0 needs none).
   */
  publicUrl?: string;
  /**
   * The Prometheus metrics (`/metrics`, issue 13). Default: a registry of this server's own,
   * with the process metrics; pass one to share it (e.g. with the webhooks' `onDelivery`).
   */
  metrics?: Metrics;
  /**
   * Sends the mail when the config has `email` (default: nodemailer over its SMTP). Offline
   * messages are mailed by the `email` consumer of the session log: the store must track it
   * (`consumers: [RECORDS_CONSUMER, EMAIL_CONSUMER]`), as `index.ts` does when email is configured.
   */
  mailer?: Mailer;
  /** How long an offline message whose mail failed waits before it is tried again (default 15 s). */
  emailRetryMs?: number;
  /** How long the offline mailer waits between rounds without a backlog (default 1 s). */
  emailIdleMs?: number;
  /**
   * Called after every webhook or HTTP bot delivery attempt (issue 13), for metrics: its
   * outcome, its lag behind the event, and the endpoint's id.
   */
  onWebhookDelivery?(outcome: 'delivered' | 'retry' | 'failed', lagMs: number, endpointId: string): void;
  /**
   * Where uploaded files and images are kept (issue 14): `createFileStore` over a folder or an S3
   * bucket. Without it, the server takes no files (`not_configured`).
   */
  files?: FileStore;
  /** The secret file links are signed with, when the config has no `files.urlSecret`. */
  fileUrlSecret?: string;
  /** How often uploads never sent are swept (default 5 minutes). */
  fileSweepMs?: number;
}

export interface ParleyServer {
  http: FastifyInstance;
  io: Server;
  service: SessionService;
  /**
   * Webhooks of a site (list, create, update, delete, deliveries, redeliver) for the REST API;
   * undefined without records. The dispatcher delivers webhooks and HTTP bots' events.
   */
  webhooks?: { service: WebhookService; dispatcher: WebhookDispatcher };
  /** Files in conversations (issue 14); undefined without a file store. */
  files?: FileService;
  /** Listens and resolves with the base URL, e.g. `http://127.0.0.1:3000`. */
  listen(options: { port: number; host?: string }): Promise<string>;
  /** Disconnects every socket, stops sweeping and closes the HTTP server (not the store). */
  close(): Promise<void>;
}

/** Socket.IO refuses larger frames outright; just above the 1 MB a client may try, so an oversized
 * message still gets a typed `payload_too_large` ack rather than a dropped connection. */
const MAX_FRAME_BYTES = 2 * 1024 * 1024;

/** The `dist` folder of an installed workspace package (the widget's, the desk's). */
function distOf(pkg: '@parley/widget' | '@parley/desk'): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'dist');
}

/**
 * Builds the whole server from its dependencies: HTTP routes, the Socket.IO namespaces, the
 * session service and the idle sweeper. Nothing listens until `listen` is called.
 * @example
 * const server = await createServer({ config, store: createMemoryStore() });
 * const url = await server.listen({ port: 0 });
 */
export async function createServer(deps: ServerDeps): Promise<ParleyServer> {
  const { config } = deps;
  const trust = trustProxies(config.trustedProxies);
  let publicOrigin = deps.publicUrl ? new URL(deps.publicUrl).origin : undefined;
  const logger = deps.logger ?? pino({ level: 'info' });
  const metrics = deps.metrics ?? createMetrics();
  // Every store call below goes through this: a failure of the store reaches clients as the
  // retryable `unavailable`, never as `internal` (issue 11).
  const store = guardStore(deps.store, logger, {
    ...(deps.storeTimeoutMs ? { timeoutMs: deps.storeTimeoutMs } : {}),
    onCall: metrics.storeCall,
  });
  const clock = deps.clock ?? Date.now;

  // Fastify's instance type is generic over its logger; widen pino's type to Fastify's base logger
  // so the instance is the plain `FastifyInstance` that route modules take.
  const http: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Requests are not logged one by one: the widget's assets would drown the conversation logs.
    logController: new LogController({ disableRequestLogging: true }),
    // The same trust as the sockets' (`clientAddress`): HTTP and sockets agree on who a client is.
    trustProxy: config.trustedProxies.length > 0 ? trust : false,
    // What Fastify's router and Node's parser refuse gets a typed error too (below).
    frameworkErrors,
    clientErrorHandler,
  });
  // A route that meets a failing store answers 503 `unavailable`, like a socket event would; a
  // request Fastify itself refuses (a body too large, malformed JSON, a type it does not parse)
  // gets its status with a typed error (`{ ok: false, error }`), as every answer of ours has.
  // Anything else goes on to Fastify's own handler (thrown from here, it is the next one). Set
  // before any route: a route takes the handler its context has when Fastify adds it, and the
  // `await`s below (the REST API's plugin) add the routes declared so far.
  http.setErrorHandler(async (error, _request, reply) => {
    if (error instanceof StoreUnavailableError) {
      return reply.code(503).send(fail('unavailable', UNAVAILABLE_MESSAGE));
    }
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status !== 'number' || status < 400 || status >= 500) throw error;
    const code = status === 413 ? 'payload_too_large' : 'invalid_payload';
    return reply.code(status).send(fail(code, (error as Error).message));
  });
  const io = new Server(http.server, {
    maxHttpBufferSize: MAX_FRAME_BYTES,
    transports: ['websocket', 'polling'],
    serveClient: false,
    ...(deps.redisAdapter ? { adapter: deps.redisAdapter.adapter } : {}),
  });
  const nsps = namespaces(io);
  const heads = createHeads(nsps, deps.headsIntervalMs ?? 2000);
  const fanout = createFanout(nsps, deps.redisAdapter?.relay);
  const publish = createPublisher(fanout, heads);
  // Events other processes published while this one's subscriber was away never arrived: every
  // client of this process resumes (each after a random delay of its own, see the protocol).
  const stopResync = deps.redisAdapter?.onResubscribed(() => {
    logger.info('resync sent to every local client');
    nsps.visitor.local.emit('resync');
    nsps.bot.local.emit('resync');
    nsps.agent.local.emit('resync');
  });
  const assigner = createAssigner({
    config,
    store: observeQueueWaits(store, metrics.queueWait),
    publish,
    clock,
    logger,
  });
  // Files (issue 14): links signed with the configured secret, else the deployment's own.
  const files = deps.files
    ? createFileService({
        config,
        files: deps.files,
        store,
        links: createFileLinks(
          config.files.urlSecret ?? deps.fileUrlSecret ?? randomBytes(32).toString('base64url'),
          clock,
          config.files.linkSeconds * 1000,
        ),
        clock,
        logger,
        publicOrigin: () => publicOrigin,
      })
    : undefined;
  const service = createSessionService({
    store,
    publish,
    clock,
    logger,
    onAgentFreed: assigner.offerQueued,
    ...(files ? { attachments: files } : {}),
  });
  const route = createRouter({ config, store, publish, assigner, clock });
  const bots = createBotService({ config, store, sessions: service, publish, route, clock });
  const reads = createReadService({ store, publish });
  const formAnswers = createFormAnswerService({ store, publish, clock });
  const agents = createAgentService({ config, store, sessions: service, publish, route, assigner, clock });
  const visitorRouting = createVisitorRouting({
    config,
    store,
    sessions: service,
    publish,
    route,
    assigner,
    clock,
  });
  const presence = createPresenceService({
    config,
    store,
    agentNamespace: nsps.agent,
    clock,
    logger,
    onChange(agent, now) {
      // The widget's "We're online" / "Away" follows (issue 14).
      void availability.check();
      if (now.status === 'ready') assigner.offerQueued();
      if (now.status === 'offline') {
        agents.requeue(agent).catch((error: unknown) => {
          logger.error({ err: error, agent: agent.id }, 'cannot requeue the chats of an agent who left');
        });
      }
    },
  });
  const teamAvailable = createTeamAvailable({ assigner, clock });
  const availability = watchAvailability({
    sites: config.sites,
    visitors: nsps.visitor,
    teamAvailable,
    logger,
  });
  // Known before the first visitor connects (its `identity` carries it).
  await availability.check();
  const checkBots = createBotWatch({ config, store, route, botNamespace: nsps.bot, clock, logger });
  const records = deps.records && timeRecords(deps.records, metrics.databaseCall);
  const audit = createAuditTrail(records, logger, clock);
  const labels = createLabelService({
    store,
    publish,
    clock,
    ...(records
      ? {
          onLabeled: ({ siteKey, visitorId, sessionId, correlationId, at, ...data }) =>
            records.webhooks.enqueueVisitorEvent({
              type: 'session.labeled',
              siteKey,
              visitorId,
              sessionId,
              correlationId,
              at,
              data,
            }),
        }
      : {}),
    logError: (err, sessionId) =>
      logger.error({ err, sessionId }, 'cannot enqueue the session.labeled webhook'),
  });
  if (records) {
    await auditConfigChange(records, config, clock()).catch((error: unknown) =>
      logger.error({ err: error }, 'cannot audit the configuration'),
    );
  }
  const history = createHistoryService({ config, store, records, sessions: service, audit, clock, files });
  const recordsWriter =
    records && deps.recordsWriter !== 'elsewhere'
      ? createRecordsWriter({
          store,
          records,
          clock,
          logger,
          ...(deps.recordsIdleMs ? { idleMs: deps.recordsIdleMs } : {}),
        })
      : undefined;
  recordsWriter?.start();

  // Email (issue 13): offline messages to the team, transcripts and the desk's replies.
  const mailer = deps.mailer ?? (config.email ? createMailer(config.email) : undefined);
  const email = createEmailService({ config, store, mailer, audit, logger });
  const offlineMailer = mailer
    ? createOfflineMailer({
        config,
        store,
        mailer,
        clock,
        logger,
        visitorOnline: async (visitorId) =>
          (await nsps.visitor.in(rooms.visitor(visitorId)).fetchSockets()).length > 0,
        ...(deps.emailRetryMs ? { retryMs: deps.emailRetryMs } : {}),
        ...(deps.emailIdleMs ? { idleMs: deps.emailIdleMs } : {}),
      })
    : undefined;
  offlineMailer?.start();
  // Webhooks and HTTP bots (issue 13): the outbox is filled by the records writer wherever it runs;
  // every process dispatches (claims never overlap), here on the main thread, where HTTP bots'
  // answers are applied. A local wake-up when this process wrote rows; polling finds the rest.
  let webhooks: ParleyServer['webhooks'];
  let stopWaking: (() => void) | undefined;
  if (records) {
    await records.webhooks.syncConfig(configEndpoints(config), clock());
    const toFallback = fallbackRoute({ config, route, logger });
    const dispatcher = createWebhookDispatcher({
      webhooks: records.webhooks,
      settings: config.webhookSettings,
      clock,
      logger,
      httpBots: createHttpBots({ config, bots, store, toFallback, logger }),
      onDelivery(outcome, lagMs, endpointId) {
        metrics.webhookDelivery(outcome, lagMs, endpointId);
        deps.onWebhookDelivery?.(outcome, lagMs, endpointId);
      },
    });
    stopWaking = records.webhooks.onRecorded(() => dispatcher.wake());
    dispatcher.start();
    webhooks = {
      dispatcher,
      service: createWebhookService({
        webhooks: records.webhooks,
        dispatcher,
        clock,
        allowPrivate: config.webhookSettings.allowPrivate,
      }),
    };
  }

  const visitorLimiter = new RateLimiterMemory({ points: config.limits.eventsPer10Seconds, duration: 10 });
  const botLimiter = new RateLimiterMemory({ points: config.limits.botEventsPer10Seconds, duration: 10 });
  // Each namespace has its handshake budgets (issue 11): visitors per address; bots and agents
  // per id once authenticated, and per address only for failed attempts.
  const perMinute = (points: number) => new RateLimiterMemory({ points, duration: 60 });
  const connectionLimiter = perMinute(config.limits.connectionsPerMinutePerIp);
  /** A namespace's budgets, `perId` handshakes a minute for each bot or agent (`AuthBudgets`). */
  const authBudgets = (perId: number) => {
    const failures = perMinute(config.limits.failedAuthsPerMinutePerIp);
    // A credential that got in is let in for as long as its address may stay refused.
    return { failures, perId: perMinute(perId), recent: recentlyGood(failures.duration * 1000) };
  };
  const botBudgets = authBudgets(config.limits.botConnectionsPerMinute);
  const agentBudgets = authBudgets(config.limits.agentConnectionsPerMinute);
  const contextWith = (limiter: RateLimiterMemory, namespace: 'visitor' | 'bot' | 'agent') => {
    const events = metrics.socketEvents(namespace);
    return (socketId: string): HandlerContext => {
      // Made when first needed (an error, a debug line), not on every connection (issue 16).
      let child: Logger | undefined;
      return {
        get logger() {
          child ??= logger.child({ socket: socketId });
          return child;
        },
        limiter,
        metrics: events,
      };
    };
  };
  attachVisitorNamespace(nsps.visitor, {
    config,
    store,
    service,
    routing: visitorRouting,
    reads,
    formAnswers,
    history,
    email,
    clock,
    files: files !== undefined,
    connectionLimiter,
    trust,
    publicOrigin: () => publicOrigin,
    handlerContext: contextWith(visitorLimiter, 'visitor'),
    teamAvailable: (site) => availability.current(site.key),
    ...(records
      ? {
          onIdentified: ({ siteKey, visitorId, at, ...data }) =>
            records.webhooks.enqueueVisitorEvent({
              type: 'visitor.identified',
              siteKey,
              visitorId,
              at,
              data,
            }),
        }
      : {}),
  });
  attachBotNamespace(nsps.bot, {
    config,
    service: bots,
    reads,
    labels,
    budgets: botBudgets,
    trust,
    handlerContext: contextWith(botLimiter, 'bot'),
  });

  const supervisors = createSupervisorService({
    config,
    store,
    records,
    publish,
    assigner,
    presence,
    audit,
    clock,
  });
  attachAgentNamespace(nsps.agent, {
    config,
    store,
    presence,
    agents,
    starts: createStartService({ config, store, records, sessions: service, publish, clock }),
    activeSites: createActiveSiteService({ config, store, assigner }),
    reads,
    supervisors,
    notes: createNoteService({
      store,
      publish,
      clock,
      records,
      logError: (err, sessionId) => logger.error({ err, sessionId }, 'cannot keep a note in the records'),
    }),
    offline: createOfflineService({ config, store, publish, clock }),
    labels,
    history,
    reports: createReportService({ config, records }),
    audit,
    email,
    budgets: agentBudgets,
    trust,
    handlerContext: contextWith(visitorLimiter, 'agent'),
  });
  const loginLimiter = new RateLimiterMemory({ points: config.limits.loginsPerMinutePerIp, duration: 60 });
  registerAgentRoutes(http, { config, store, agentNamespace: nsps.agent, loginLimiter, audit });
  registerSsoRoutes(http, { config, store, loginLimiter, audit, clock });
  // The REST API (issue 13): one route table drives the routes, their validation and the OpenAPI
  // document. More operations (the webhooks') join as apiRoutes' second argument.
  const apiServices: ApiServices = {
    config,
    store,
    records,
    sessions: service,
    routing: visitorRouting,
    bots,
    agents,
    presence,
    supervisors,
    history,
    audit,
    clock,
    webhooks: webhooks?.service,
    files,
  };
  await registerApi(http, {
    config,
    keys: records?.apiKeys,
    routes: apiRoutes(apiServices, labelRouteTable(apiServices, labels)),
    limiter: perMinute(config.limits.apiRequestsPerMinute),
    failures: perMinute(config.limits.failedAuthsPerMinutePerIp),
    logger,
    clock,
  });

  if (files) {
    await registerFileRoutes(http, {
      config,
      store,
      files,
      uploadLimiter: perMinute(config.files.uploadsPerMinute),
    });
  }
  registerMetricsRoute(http, { registry: metrics.registry, token: config.metrics.token });
  watchLiveState({ metrics, config, store, sockets: nsps, records: records !== undefined, clock, logger });
  const redisAdapter = deps.redisAdapter;
  registerHealthRoutes(http, {
    store: () => store.ready(),
    ...(redisAdapter ? { adapter: () => redisAdapter.ready() } : {}),
    ...(records ? { records: () => records.ready().then(() => true) } : {}),
  });
  http.get('/', async (_request, reply) => reply.redirect(deps.demoUrl ?? '/healthz'));
  if (deps.demoUrl) {
    const demoUrl = deps.demoUrl;
    http.get('/demo', async (_request, reply) => reply.redirect(demoUrl));
  }
  await registerWidgetRoutes(http, { config, widgetDir: deps.widgetDir ?? distOf('@parley/widget') });
  await registerDeskRoutes(http, { deskDir: deps.deskDir ?? distOf('@parley/desk') });

  // Idle sessions close, and sessions whose bot is away go to their fallback. Each check is safe
  // to run in every process at once (the store's changes are atomic), so no leader is needed.
  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    Promise.all([service.closeIdle(), checkBots(), assigner.sweep()])
      .catch((error: unknown) => logger.error({ err: error }, 'sweep failed'))
      .finally(() => {
        sweeping = false;
      });
  }, deps.sweepIntervalMs ?? 5000);
  sweep.unref();

  // Retention in the records (issue 12): closed sessions past their site's retention go, as they
  // do from the live store. Safe in every process at once; the first run waits for start-up.
  const sweepRetention = () => {
    if (!records) return;
    const now = clock();
    Promise.all(
      config.sites.map((site) =>
        records.deleteClosedBefore({
          siteKey: site.key,
          closedBefore: now - site.retentionDays * 24 * 60 * 60 * 1000,
        }),
      ),
    ).catch((error: unknown) => logger.error({ err: error }, 'records retention sweep failed'));
    records.webhooks
      .prune(now - config.webhookSettings.logDays * 24 * 60 * 60 * 1000)
      .catch((error: unknown) => logger.error({ err: error }, 'webhook delivery log sweep failed'));
  };
  const retention = setInterval(sweepRetention, deps.retentionSweepMs ?? 60 * 60 * 1000);
  retention.unref();
  const firstRetention = setTimeout(sweepRetention, 10_000);
  firstRetention.unref();
  // Uploads never sent in a message (a reload, a dropped network, a cancel unheard) are swept.
  const fileSweep = setInterval(
    () => {
      files?.sweep().catch((error: unknown) => logger.error({ err: error }, 'file sweep failed'));
    },
    deps.fileSweepMs ?? 5 * 60 * 1000,
  );
  fileSweep.unref();

  http.addHook('preClose', async () => {
    clearInterval(sweep);
    clearInterval(retention);
    clearTimeout(firstRetention);
    clearInterval(fileSweep);
    stopWaking?.();
    await webhooks?.dispatcher.stop();
    await recordsWriter?.stop();
    await offlineMailer?.stop();
    if (!deps.mailer) mailer?.close();
    // What is still pending goes now: with the memory store, a stop would otherwise lose it.
    await recordsWriter
      ?.flush()
      .catch((error: unknown) => logger.error({ err: error }, 'records writer: cannot flush at shutdown'));
    heads.stop();
    fanout.stop();
    stopResync?.();
    presence.stop();
    availability.stop();
    assigner.stop();
    // Every connection of every namespace (`io.local` would be only the main namespace); the HTTP
    // server cannot finish closing while upgraded WebSockets stay open.
    io.engine.close();
  });
  http.addHook('onClose', async () => {
    await io.close();
  });

  return {
    http,
    io,
    service,
    ...(webhooks ? { webhooks } : {}),
    ...(files ? { files } : {}),
    async listen({ port, host = '127.0.0.1' }) {
      await http.listen({ port, host });
      const address = http.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}`;
      publicOrigin ??= new URL(url).origin;
      return url;
    },
    close: () => http.close(),
  };
}
