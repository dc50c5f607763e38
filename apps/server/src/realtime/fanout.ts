import { randomUUID } from 'node:crypto';
import type { AgentNamespace, BotNamespace, VisitorNamespace } from './namespaces.js';

/** Where one emit goes: a namespace's rooms, the event's name and its payload. */
export interface Delivery {
  namespace: 'visitor' | 'bot' | 'agent';
  rooms: string[];
  event: string;
  data: unknown;
}

/**
 * Another process's side of the fanout: one channel every process publishes on and listens to
 * (the Redis adapter's connections carry it, `RedisAdapter.relay`).
 */
export interface Relay {
  /** Whether no other process listens: nothing is published. */
  alone(): boolean;
  /** Publishes without waiting; a failure is logged, and made good by `heads` and `resync`. */
  publish(message: string): void;
  /**
   * Calls `listener` with every message published on the channel, this process's too (the
   * channel is subscribed to before the relay is handed out); returns the function that stops it.
   */
  listen(listener: (message: string) => void): () => void;
}

/**
 * Sends a group of emits to their rooms on this process and, through `relay`, on every other, in
 * one message (issue 16): an event goes to its visitor's tabs, its bot or agent and its monitoring
 * supervisors, three namespaces, which the Socket.IO adapter would carry in three `PUBLISH`es,
 * each decoded by every process. One group is one `PUBLISH`; its payloads are in it once each,
 * however many emits share them. Groups from one process reach the others in the order sent, so
 * what a session's audience hears keeps its order across processes (everything `publisher.ts`
 * sends goes this way).
 * @example
 * const fanout = createFanout(nsps, redisAdapter?.relay);
 * fanout.send([{ namespace: 'visitor', rooms: ['visitor:v1'], event: 'session.event', data: event }], socket.id);
 */
export function createFanout(
  namespaces: { visitor: VisitorNamespace; bot: BotNamespace; agent: AgentNamespace },
  relay?: Relay,
) {
  /** This process's mark on what it publishes: its own messages come back and are skipped. */
  const me = randomUUID();

  /**
   * The emits on this process's sockets, all but `except` (a socket id: the one that wrote). A
   * room with nobody here to hear it is skipped before Socket.IO encodes the packet for it: an
   * event's monitor room is mostly empty, and its visitor room often holds only the tab that wrote.
   */
  const local = (deliveries: Delivery[], except: string | undefined) => {
    for (const { namespace, rooms, event, data } of deliveries) {
      const nsp = namespaces[namespace];
      const heard = rooms.filter((room) => {
        const members = nsp.adapter.rooms.get(room);
        return members !== undefined && (members.size > 1 || except === undefined || !members.has(except));
      });
      if (heard.length === 0) continue;
      // The namespaces' typed event maps differ; a delivery names its event as a string.
      const to = nsp.local.to(heard) as unknown as Operator;
      (except ? to.except(except) : to).emit(event, data);
    }
  };

  const stopListening = relay?.listen((message) => {
    const decoded = decode(message);
    if (decoded && decoded.from !== me) local(decoded.deliveries, decoded.except);
  });

  return {
    send(deliveries: Delivery[], except?: string): void {
      if (deliveries.length === 0) return;
      local(deliveries, except);
      if (relay && !relay.alone()) relay.publish(encode(me, deliveries, except));
    },
    /** Stops hearing the other processes (the server is closing). */
    stop(): void {
      stopListening?.();
    },
  };
}

export type Fanout = ReturnType<typeof createFanout>;

interface Operator {
  except(room: string): Operator;
  emit(event: string, data: unknown): boolean;
}

/** `{ from, except?, data: [payloads], to: [[namespace, rooms, event, payload index]] }` */
interface Wire {
  from: string;
  except?: string;
  data: unknown[];
  to: Array<[Delivery['namespace'], string[], string, number]>;
}

function encode(from: string, deliveries: Delivery[], except: string | undefined): string {
  const data: unknown[] = [];
  const index = new Map<unknown, number>();
  const to = deliveries.map(({ namespace, rooms, event, data: payload }): Wire['to'][number] => {
    let at = index.get(payload);
    if (at === undefined) {
      at = data.push(payload) - 1;
      index.set(payload, at);
    }
    return [namespace, rooms, event, at];
  });
  const wire: Wire = { from, ...(except ? { except } : {}), data, to };
  return JSON.stringify(wire);
}

const NAMESPACES = new Set(['visitor', 'bot', 'agent']);

/** A message from the channel, or undefined when it is not one (the channel is ours alone). */
function decode(message: string): { from: string; except?: string; deliveries: Delivery[] } | undefined {
  try {
    const wire = JSON.parse(message) as Wire;
    const deliveries = wire.to
      .filter(
        ([namespace, rooms, event]) =>
          NAMESPACES.has(namespace) &&
          Array.isArray(rooms) &&
          rooms.every((room) => typeof room === 'string') &&
          typeof event === 'string',
      )
      .map(([namespace, rooms, event, at]) => ({ namespace, rooms, event, data: wire.data[at] }));
    return { from: wire.from, ...(wire.except ? { except: wire.except } : {}), deliveries };
  } catch {
    return undefined;
  }
}
