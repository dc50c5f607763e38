import type { AckResult, AgentClientEvents, AgentServerEvents, Presence } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { DEMO_AGENT_PASSWORD } from '../src/config/default-config.js';

export type AgentClient = Socket<AgentServerEvents, AgentClientEvents>;
export type Welcome = Parameters<AgentServerEvents['welcome']>[0];

/** `POST /api/agent/login`, as the desk sends it (`headers`: as a proxy would add). */
export function login(
  url: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
}

/** A login token of an agent whose password is the demo agents'. */
export async function tokenFor(url: string, email: string): Promise<string> {
  const response = await login(url, email, DEMO_AGENT_PASSWORD);
  const body = (await response.json()) as { token?: string };
  if (!body.token) throw new Error(`login of ${email} refused (${response.status})`);
  return body.token;
}

/** A desk socket on `/agent` (no reconnection: a test decides when to come back). */
export function agentSocket(url: string, token: string | undefined): AgentClient {
  return io(`${url}/agent`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(token ? { auth: { token } } : {}),
  });
}

/** Logs in and connects an agent, resolving with the socket and the welcome it got. */
export async function connectAgent(
  url: string,
  email: string,
): Promise<{ socket: AgentClient; welcome: Welcome; token: string }> {
  const token = await tokenFor(url, email);
  const socket = agentSocket(url, token);
  const welcome = await new Promise<Welcome>((resolve, reject) => {
    socket.once('welcome', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, welcome, token };
}

export function setPresence(
  socket: AgentClient,
  payload: Parameters<AgentClientEvents['presence.set']>[0],
): Promise<AckResult<{ presence: Presence }>> {
  return socket.timeout(5000).emitWithAck('presence.set', payload) as Promise<
    AckResult<{ presence: Presence }>
  >;
}

/** The next server event of this name on a desk socket that matches `predicate`. */
export function nextAgentEvent<E extends keyof AgentServerEvents>(
  socket: AgentClient,
  event: E,
  predicate: (payload: Parameters<AgentServerEvents[E]>[0]) => boolean = () => true,
): Promise<Parameters<AgentServerEvents[E]>[0]> {
  return new Promise((resolve) => {
    const listener = (payload: Parameters<AgentServerEvents[E]>[0]) => {
      if (!predicate(payload)) return;
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}
