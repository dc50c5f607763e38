import type {
  AckResult,
  SessionEvent,
  SessionSync,
  VisitorClientEvents,
  VisitorServerEvents,
} from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';

export type VisitorClient = Socket<VisitorServerEvents, VisitorClientEvents>;

export interface ConnectOptions {
  siteKey?: string;
  token?: string;
  /** The handshake Origin header, as a browser on that page would send it. */
  origin: string;
  hostOrigin?: string;
}

/** Connects like a browser visitor would, resolving with the socket and its identity. */
export async function connectVisitor(
  url: string,
  { siteKey = 'demo', token, origin, hostOrigin }: ConnectOptions,
): Promise<{ socket: VisitorClient; visitorId: string; token: string }> {
  const socket: VisitorClient = io(`${url}/visitor`, {
    transports: ['websocket'],
    extraHeaders: { origin },
    auth: { siteKey, ...(token ? { token } : {}), ...(hostOrigin ? { hostOrigin } : {}) },
    forceNew: true,
  });
  const identity = await new Promise<{ visitorId: string; token?: string }>((resolve, reject) => {
    socket.once('identity', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, visitorId: identity.visitorId, token: identity.token ?? token ?? '' };
}

/** Resolves with the refusal a handshake gets (its typed `data`), or fails if it connects. */
export async function refusal(socket: Socket): Promise<unknown> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, but should have been refused')));
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      resolve(error.data);
    });
  });
}

/** The next session event the visitor socket receives that matches `predicate`. */
export function next(
  socket: VisitorClient,
  _event: 'session.event',
  predicate: (event: SessionEvent) => boolean = () => true,
): Promise<SessionEvent> {
  return new Promise((resolve) => {
    const listener = (event: SessionEvent) => {
      if (!predicate(event)) return;
      socket.off('session.event', listener);
      resolve(event);
    };
    socket.on('session.event', listener);
  });
}

/** Resolves at the socket's next connect or disconnect. */
export function nextLifecycle(socket: VisitorClient, event: 'connect' | 'disconnect'): Promise<void> {
  return new Promise((resolve) => socket.once(event, () => resolve()));
}

/** The visitor's sessions and their whole logs, newest session first. */
export async function syncAll(socket: VisitorClient): Promise<SessionSync[]> {
  const result: AckResult<{ sessions: SessionSync[] }> = await socket
    .timeout(5000)
    .emitWithAck('sync', { cursors: {} });
  if (!result.ok) throw new Error(`sync refused: ${result.error.message}`);
  return result.sessions;
}
