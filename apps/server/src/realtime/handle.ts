import { type AckResult, fail, parsePayload, type Result } from '@parley/protocol';
import type { Logger } from 'pino';
import { type RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type * as v from 'valibot';
import type { EventMetrics } from '../metrics/event-metrics.js';
import { StoreUnavailableError, UNAVAILABLE_MESSAGE } from '../store/guard-store.js';

/** The part of a socket this layer needs; both namespaces' sockets have it. */
interface InboundSocket {
  id: string;
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
}

export interface HandlerContext {
  logger: Logger;
  /** Per-socket event budget (DESIGN.md "Security model": limits per socket). */
  limiter: RateLimiterMemory;
  /** The namespace's event counters and ack timer (issue 13); shared by its sockets. */
  metrics?: EventMetrics;
}

type Ackable = (result: AckResult) => void;

interface Handler {
  schema: v.GenericSchema;
  run: (payload: unknown, socket: unknown) => Promise<Result<object> | undefined>;
}

const isAck = (value: unknown): value is Ackable => typeof value === 'function';

/**
 * Registers the handlers of one socket, one entry per event: each payload is rate-limited, parsed
 * by its schema, then handled; every outcome (including a thrown error, which is logged) reaches
 * the client as a typed ack, and an unknown event gets `unknown_event`. Handlers never see
 * unvalidated input, and no input crashes the server.
 * @example
 * handleEvents(socket, ctx, {
 *   'session.close': { schema: SessionRefSchema, run: (p) => service.visitorClose(visitor, p.sessionId) },
 * });
 */
export function handleEvents<Events extends string, S extends InboundSocket = InboundSocket>(
  socket: S,
  ctx: HandlerContext,
  handlers: Record<
    Events,
    {
      schema: v.GenericSchema;
      // The payload type is the schema's output; see `handler()` below, which keeps them tied.
      run: (payload: never, socket: S) => Promise<Result<object> | undefined>;
    }
  >,
): void {
  // One listener per socket, not one per event (issue 16: a connection's cost is mostly what it
  // holds while idle). `Object.hasOwn`: an event named after an Object.prototype member is unknown.
  const table = handlers as Record<string, Handler>;
  socket.onAny(async (event, ...args) => {
    // Socket.IO passes the ack as the last argument, wherever that is: `emit('sync', ack)`
    // has no payload (so it is invalid), and arguments after the payload are ignored.
    const last = args.at(-1);
    const ack: Ackable = isAck(last) ? last : () => {};
    if (!Object.hasOwn(table, event)) {
      ctx.logger.debug({ socket: socket.id, event }, 'unknown event');
      ctx.metrics?.unknown();
      ack(fail('unknown_event', `"${event}" is not an event of this namespace`));
      return;
    }
    const { schema, run } = table[event] as Handler;
    const payload = isAck(args[0]) ? undefined : args[0];
    const startedAt = ctx.metrics ? performance.now() : 0;
    const result = await runOne(socket, event, payload, schema, run, ctx);
    ctx.metrics?.handled(event, result, startedAt);
    if (result) ack(result.ok ? { ok: true, ...result.value } : result);
  });
}

async function runOne(
  socket: InboundSocket,
  event: string,
  payload: unknown,
  schema: v.GenericSchema,
  run: Handler['run'],
  { logger, limiter }: HandlerContext,
): Promise<Result<object> | undefined> {
  try {
    await limiter.consume(socket.id);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      return fail('rate_limited', `Too many events; try again in ${Math.ceil(error.msBeforeNext / 1000)} s`);
    }
    logger.error({ err: error, event }, 'rate limiter failed');
  }
  const parsed = parsePayload(schema, payload);
  if (!parsed.ok) return parsed;
  try {
    return await run(parsed.value, socket);
  } catch (error) {
    // The store failing (logged where it failed) is worth a retry; anything else is our bug.
    if (error instanceof StoreUnavailableError) return fail('unavailable', UNAVAILABLE_MESSAGE);
    logger.error({ err: error, event, socket: socket.id }, 'handler failed');
    return fail('internal', 'Something went wrong on the server; nothing was changed');
  }
}

/**
 * Ties a handler's payload type to its schema's output. A handler gets the socket too, so a
 * namespace can build its table once and share it among its sockets (issue 16).
 */
export function handler<S extends v.GenericSchema, Socket = unknown>(
  schema: S,
  run: (payload: v.InferOutput<S>, socket: Socket) => Promise<Result<object> | undefined>,
): { schema: S; run: (payload: never, socket: Socket) => Promise<Result<object> | undefined> } {
  return { schema, run };
}
