import { type AckResult, fail, parsePayload, type Result } from '@parley/protocol';
import type { Logger } from 'pino';
import { type RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type * as v from 'valibot';
import type { EventMetrics } from '../metrics/event-metrics.js';
import { StoreUnavailableError, UNAVAILABLE_MESSAGE } from '../store/guard-store.js';

/** The part of a socket this layer needs; both namespaces' sockets have it. */
interface InboundSocket {
  id: string;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
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
export function handleEvents<Events extends string>(
  socket: InboundSocket,
  ctx: HandlerContext,
  handlers: Record<
    Events,
    {
      schema: v.GenericSchema;
      // The payload type is the schema's output; see `handler()` below, which keeps them tied.
      run: (payload: never) => Promise<Result<object> | undefined>;
    }
  >,
): void {
  const known = new Set<string>(Object.keys(handlers));

  socket.onAny((event, ...args) => {
    if (known.has(event)) return;
    const ack = args.at(-1);
    ctx.logger.debug({ socket: socket.id, event }, 'unknown event');
    ctx.metrics?.unknown();
    if (isAck(ack)) ack(fail('unknown_event', `"${event}" is not an event of this namespace`));
  });

  for (const [event, { schema, run }] of Object.entries(handlers) as Array<
    [string, { schema: v.GenericSchema; run: (payload: unknown) => Promise<Result<object> | undefined> }]
  >) {
    socket.on(event, async (...args: unknown[]) => {
      // Socket.IO passes the ack as the last argument, wherever that is: `emit('sync', ack)`
      // has no payload (so it is invalid), and arguments after the payload are ignored.
      const last = args.at(-1);
      const ack: Ackable = isAck(last) ? last : () => {};
      const payload = isAck(args[0]) ? undefined : args[0];
      const startedAt = ctx.metrics ? performance.now() : 0;
      const result = await runOne(socket.id, event, payload, schema, run, ctx);
      ctx.metrics?.handled(event, result, startedAt);
      if (result) ack(result.ok ? { ok: true, ...result.value } : result);
    });
  }
}

async function runOne(
  socketId: string,
  event: string,
  payload: unknown,
  schema: v.GenericSchema,
  run: (payload: unknown) => Promise<Result<object> | undefined>,
  { logger, limiter }: HandlerContext,
): Promise<Result<object> | undefined> {
  try {
    await limiter.consume(socketId);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      return fail('rate_limited', `Too many events; try again in ${Math.ceil(error.msBeforeNext / 1000)} s`);
    }
    logger.error({ err: error, event }, 'rate limiter failed');
  }
  const parsed = parsePayload(schema, payload);
  if (!parsed.ok) return parsed;
  try {
    return await run(parsed.value);
  } catch (error) {
    // The store failing (logged where it failed) is worth a retry; anything else is our bug.
    if (error instanceof StoreUnavailableError) return fail('unavailable', UNAVAILABLE_MESSAGE);
    logger.error({ err: error, event, socket: socketId }, 'handler failed');
    return fail('internal', 'Something went wrong on the server; nothing was changed');
  }
}

/** Ties a handler's payload type to its schema's output. */
export function handler<S extends v.GenericSchema>(
  schema: S,
  run: (payload: v.InferOutput<S>) => Promise<Result<object> | undefined>,
): { schema: S; run: (payload: never) => Promise<Result<object> | undefined> } {
  return { schema, run };
}
