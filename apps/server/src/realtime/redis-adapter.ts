import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';
import { type ThrottledLog, throttledLog } from '../logging/throttled-log.js';

/** The Socket.IO Redis adapter with what the server watches of its two connections. */
export interface RedisAdapter {
  /** For `new Server(…, { adapter })`. */
  adapter: NonNullable<ServerOptions['adapter']>;
  /** Whether both connections are up (for `/readyz`). */
  ready(): boolean;
  /**
   * Calls `listener` each time the subscriber is subscribed again after a reconnect: what other
   * processes published meanwhile never arrived here, so local clients should resume. Returns
   * the function that stops it.
   */
  onResubscribed(listener: () => void): () => void;
  /** Disconnects both clients. */
  close(): Promise<void>;
}

export interface RedisAdapterOptions {
  url: string;
  /** The channels' prefix (the adapter's `key`), e.g. `parley:socket.io`. */
  key: string;
  logger: Logger;
  /**
   * How long a command may wait for a connection (while Redis is away) before it fails; node-redis's
   * default, 5 s, unless given. A broadcast that fails is logged and made good by `heads`/`resync`.
   */
  commandTimeoutMs?: number;
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
  const { url, key, logger, commandTimeoutMs } = options;
  // Apart, so that a burst of one (reconnect attempts) does not hide the first of the other.
  const connectionErrors = throttledLog(logger, 10_000);
  const failedCommands = throttledLog(logger, 10_000);
  const onError = (role: 'pub' | 'sub') => (err: Error) =>
    connectionErrors.warn({ err, client: role }, 'Socket.IO adapter: Redis connection error');
  const pub = createClient({
    url,
    ...(commandTimeoutMs ? { commandOptions: { timeout: commandTimeoutMs } } : {}),
  }).on('error', onError('pub'));
  const sub = pub.duplicate().on('error', onError('sub'));

  const listeners = new Set<() => void>();
  let subscribedOnce = false;
  // node-redis emits 'ready' once it has subscribed again to every channel it had.
  sub.on('ready', () => {
    if (!subscribedOnce) {
      subscribedOnce = true;
      return;
    }
    logger.warn('Socket.IO adapter: subscriber reconnected; local clients resume');
    for (const listener of listeners) listener();
  });

  await Promise.all([pub.connect(), sub.connect()]);
  return {
    adapter: createAdapter(
      unawaitedSafe(pub, 'pub', failedCommands),
      unawaitedSafe(sub, 'sub', failedCommands),
      {
        key,
      },
    ),
    ready: () => pub.isReady && sub.isReady,
    onResubscribed(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await Promise.all([pub.close(), sub.close()]);
    },
  };
}
