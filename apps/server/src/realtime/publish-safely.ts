/**
 * The Socket.IO Redis adapter (8.3) publishes every broadcast, and every request to the other
 * processes, without awaiting it (`this.pubClient.publish(channel, msg)`). With node-redis, a
 * PUBLISH that Redis never answered (it died mid-command, the connection was reset) rejects, and
 * that rejection, unhandled, ends the whole server process: every visitor on it loses their
 * connection (fault suite, `src/faults/redis-killed.test.ts`).
 *
 * This gives the adapter its publisher with `publish` settling either way: a failure is reported
 * to `onError` instead. Sockets on this process still get the broadcast (the adapter delivers it
 * locally either way); other processes miss it, as they miss whatever is published while their
 * subscriber is away, and their clients catch up from their last seq when they next resume.
 * @example createAdapter(publishSafely(pub, (err) => logger.warn({ err }, 'publish failed')), sub)
 */
export function publishSafely<C extends object>(client: C, onError: (error: unknown) => void): C {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      // node-redis's methods use private fields: they run on the client itself, not the proxy.
      if (property !== 'publish') return value.bind(target);
      return (...args: unknown[]) => Promise.resolve(value.apply(target, args)).catch(onError);
    },
  });
}
