import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { createClient, type RedisClientType } from 'redis';
import type { Namespace, ServerOptions } from 'socket.io';
import { type ThrottledLog, throttledLog } from '../logging/throttled-log.js';
import type { Relay } from './fanout.js';

/** The Socket.IO Redis adapter with what the server watches of its two connections. */
export interface RedisAdapter {
  /** For `new Server(…, { adapter })`. */
  adapter: NonNullable<ServerOptions['adapter']>;
  /** Whether both connections are up (for `/readyz`). */
  ready(): boolean;
  /**
   * Calls `listener` each time local clients should resume: the subscriber is subscribed again
   * after a reconnect (what other processes published meanwhile never arrived here), and a moment
   * after this process announced itself to its peers (what they broadcast only locally until they
   * heard of it). Returns the function that stops it.
   */
  onResubscribed(listener: () => void): () => void;
  /** Whether this process knows of no other on the same channels: its broadcasts stay local. */
  alone(): boolean;
  /**
   * Parley's own channel beside the adapter's (`<key>#fanout`), on the same connections: what a
   * session's audience hears, several namespaces in one message (`fanout.ts`).
   */
  relay: Relay;
  /** Disconnects both clients. */
  close(): Promise<void>;
}

export interface RedisAdapterOptions {
  url: string;
  /** The channels' prefix (the adapter's `key`), e.g. `parley:socket.io`. */
  key: string;
  logger: Logger;
  /**
   * How long a command may wait for Redis's answer before it fails; no limit unless given (a
   * command fails at once while Redis is away). A broadcast that fails is logged and made good by
   * `heads`/`resync`.
   */
  commandTimeoutMs?: number;
  /** How often the processes on these channels are counted (default 1 s). */
  peerCheckMs?: number;
}

/**
 * The commands the adapter sends without awaiting them (checked against
 * @socket.io/redis-adapter 8.3's dist: `publish` in every broadcast, request and response;
 * `(p|s)(un)subscribe` in its constructor and `close`). A rejection of one (a command timed out
 * while Redis was down or too slow to take it, the client closed) would be unhandled and end
 * the process.
 */
const UNAWAITED = new Set([
  'publish',
  'sPublish',
  'subscribe',
  'pSubscribe',
  'sSubscribe',
  'unsubscribe',
  'pUnsubscribe',
  'sUnsubscribe',
]);

/**
 * The client as the adapter sees it, except that the commands it does not await log their
 * failure (throttled) and resolve instead of rejecting. A Proxy rather than a hand-written
 * object: the adapter tells node-redis from ioredis by which methods exist, and reaches for
 * others (`sendCommand`, `on`), all of which must stay as they are. A broadcast lost this way is
 * made good by clients resuming on `heads` and `resync`.
 */
function unawaitedSafe<C extends object>(client: C, role: 'pub' | 'sub', log: ThrottledLog): C {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (typeof property !== 'string' || !UNAWAITED.has(property)) return value.bind(target);
      return (...args: unknown[]) =>
        Promise.resolve(value.apply(target, args)).catch((error: unknown) => {
          log.warn({ err: error, client: role, command: property }, 'a Socket.IO adapter command failed');
        });
    },
  });
}

/**
 * Connects the publisher and subscriber of the Socket.IO Redis adapter, which carries broadcasts
 * between server processes, and watches them: readiness, and the subscriber coming back after
 * a reconnect.
 * @example
 * const shared = await createRedisAdapter({ url: env.redisUrl, key: 'parley:socket.io', logger });
 * const server = await createServer({ config, store, redisAdapter: shared });
 */
export async function createRedisAdapter(options: RedisAdapterOptions): Promise<RedisAdapter> {
  const { url, key, logger, commandTimeoutMs, peerCheckMs = 1000 } = options;
  // Apart, so that a burst of one (reconnect attempts) does not hide the first of the other.
  const connectionErrors = throttledLog(logger, 10_000);
  const failedCommands = throttledLog(logger, 10_000);
  const onError = (role: 'pub' | 'sub') => (err: Error) =>
    connectionErrors.warn({ err, client: role }, 'Socket.IO adapter: Redis connection error');
  const pub = createClient({
    url,
    // No timer per command unless asked (issue 16: node-redis's default of 5 s set an AbortSignal
    // timer on every PUBLISH); while Redis is away a broadcast fails at once, logged and made good
    // by `heads`/`resync`, rather than wait in a queue. The subscriber (a duplicate) resubscribes
    // by itself when Redis is back.
    commandOptions: { timeout: commandTimeoutMs ?? 0 },
    disableOfflineQueue: true,
  }).on('error', onError('pub'));
  const sub = pub.duplicate().on('error', onError('sub'));

  const listeners = new Set<() => void>();
  const resume = () => {
    for (const listener of listeners) listener();
  };
  const peers = createPeers({
    pub,
    sub,
    channel: `${key}#peers`,
    // The adapter's own request channel of the main namespace, which every process on these
    // channels subscribes to, a Parley without the peers channel (an older version) too.
    adapterChannel: `${key}-request#/#`,
    checkMs: peerCheckMs,
    resume,
    failedCommands,
  });
  let subscribedOnce = false;
  // node-redis emits 'ready' once it has subscribed again to every channel it had.
  sub.on('ready', () => {
    if (!subscribedOnce) {
      subscribedOnce = true;
      return;
    }
    logger.warn('Socket.IO adapter: subscriber reconnected; local clients resume');
    resume();
    peers.announce();
  });

  const fanoutChannel = `${key}#fanout`;
  const fanoutListeners = new Set<(message: string) => void>();
  await Promise.all([pub.connect(), sub.connect()]);
  // Subscribed here, while Redis is known to be up: once subscribed, node-redis subscribes again
  // after every reconnect; a subscription tried while it is away would be dropped for good.
  await sub.subscribe(fanoutChannel, (message) => {
    for (const listener of fanoutListeners) listener(message);
  });
  await peers.start();
  const redisAdapter = createAdapter(
    unawaitedSafe(pub, 'pub', failedCommands),
    unawaitedSafe(sub, 'sub', failedCommands),
    {
      key,
    },
  );
  return {
    // Issue 16: a process alone on its channels broadcasts locally only (each `PUBLISH` cost
    // Redis a call and this process the decoding of its own message).
    // A function, not an arrow: Socket.IO calls it with `new`, and takes the object it returns.
    adapter: function alonePublishesNothing(nsp: Namespace) {
      const adapter = redisAdapter(nsp);
      const broadcast = adapter.broadcast.bind(adapter);
      adapter.broadcast = (packet, opts) =>
        broadcast(packet, peers.alone() ? { ...opts, flags: { ...opts.flags, local: true } } : opts);
      return adapter;
    },
    ready: () => pub.isReady && sub.isReady,
    alone: () => peers.alone(),
    relay: {
      alone: () => peers.alone(),
      publish(message) {
        pub.publish(fanoutChannel, message).catch((error: unknown) => {
          // Worded as the adapter's own failures, which this one shares a throttle with.
          failedCommands.warn(
            { err: error, client: 'pub', command: 'publish', channel: fanoutChannel },
            'a Socket.IO adapter command failed',
          );
        });
      },
      listen(listener) {
        fanoutListeners.add(listener);
        return () => fanoutListeners.delete(listener);
      },
    },
    onResubscribed(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      peers.stop();
      await Promise.all([pub.close(), sub.close()]);
    },
  };
}

/**
 * Which processes share the adapter's channels: each subscribes to `channel` and says hello on
 * it as it starts and after every reconnect of its subscriber; the subscribers of that channel and
 * of the adapter's own are counted every `checkMs` (`PUBSUB NUMSUB`). A process is alone while it counts only itself and has heard no
 * hello since. A newcomer's clients may miss what the others broadcast only locally before they
 * heard its hello, so it has its clients resume (`resume`) once that hello has surely arrived.
 */
function createPeers(deps: {
  pub: RedisClientType;
  sub: RedisClientType;
  channel: string;
  adapterChannel: string;
  checkMs: number;
  resume: () => void;
  failedCommands: ThrottledLog;
}) {
  const { pub, sub, channel, checkMs } = deps;
  const me = randomUUID();
  // Until counted, not alone: broadcasting to nobody costs a little, missing a peer loses events.
  let alone = false;
  let timer: NodeJS.Timeout | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const handle = setTimeout(() => {
      timers.delete(handle);
      run();
    }, ms);
    handle.unref();
    timers.add(handle);
  };
  /** Hellos heard: a count that a hello overtook (its reply came after) is stale. */
  let hellos = 0;
  const count = async () => {
    const heard = hellos;
    try {
      const counts = await pub.pubSubNumSub([channel, deps.adapterChannel]);
      const most = Math.max(counts[channel] ?? 0, counts[deps.adapterChannel] ?? 0);
      if (hellos === heard) alone = most <= 1;
    } catch (error) {
      alone = false;
      deps.failedCommands.warn({ err: error }, 'Socket.IO adapter: cannot count the other processes');
    }
  };
  const announce = () => {
    pub.publish(channel, me).then(
      () => later(2 * checkMs, deps.resume),
      (error: unknown) => deps.failedCommands.warn({ err: error }, 'Socket.IO adapter: cannot say hello'),
    );
  };
  return {
    alone: () => alone,
    async start() {
      await sub.subscribe(channel, (message) => {
        if (message === me) return;
        // Another process is here (new, or back): broadcast to it from now on.
        hellos += 1;
        alone = false;
      });
      announce();
      await count();
      timer = setInterval(() => void count(), checkMs);
      timer.unref();
    },
    announce,
    stop() {
      clearInterval(timer);
      for (const handle of timers) clearTimeout(handle);
    },
  };
}
