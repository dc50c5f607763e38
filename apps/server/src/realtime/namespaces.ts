import type {
  AgentClientEvents,
  AgentServerEvents,
  BotClientEvents,
  BotServerEvents,
  VisitorClientEvents,
  VisitorInfo,
  VisitorServerEvents,
} from '@parley/protocol';
import type { Namespace, Server, Socket } from 'socket.io';
import type { AgentConfig, BotConfig, SiteConfig } from '../config/config-schema.js';

export interface VisitorSocketData {
  site: SiteConfig;
  visitorId: string;
  /** Set on the connect that issued the token, so it is sent to the client once. */
  issuedToken?: string;
  /** The site's user, when the token came from a verified identify. */
  userId?: string;
  /** The page said who the visitor is on this connection (an identify, verified or not). */
  identified?: true;
  /** What the widget last told about the visitor's page; used when a message opens a session. */
  info: VisitorInfo;
  /** Whether a person could answer as the visitor connected (sent in `identity`). */
  available?: boolean;
}

export interface BotSocketData {
  bot: BotConfig;
}

export interface AgentSocketData {
  agent: AgentConfig;
  /** The login token's hash: logging out disconnects exactly the sockets of that login. */
  tokenHash: string;
}

export type AgentNamespace = Namespace<AgentClientEvents, AgentServerEvents, never, AgentSocketData>;
export type AgentSocket = Socket<AgentClientEvents, AgentServerEvents, never, AgentSocketData>;

export type VisitorNamespace = Namespace<VisitorClientEvents, VisitorServerEvents, never, VisitorSocketData>;
export type VisitorSocket = Socket<VisitorClientEvents, VisitorServerEvents, never, VisitorSocketData>;
export type BotNamespace = Namespace<BotClientEvents, BotServerEvents, never, BotSocketData>;
export type BotSocket = Socket<BotClientEvents, BotServerEvents, never, BotSocketData>;

/**
 * The typed namespaces. Socket.IO types a server with one event map for all namespaces; ours
 * differ per namespace, so each is typed here, once, with its own maps.
 */
export function namespaces(io: Server): {
  visitor: VisitorNamespace;
  bot: BotNamespace;
  agent: AgentNamespace;
} {
  return {
    visitor: io.of('/visitor') as unknown as VisitorNamespace,
    bot: io.of('/bot') as unknown as BotNamespace,
    agent: io.of('/agent') as unknown as AgentNamespace,
  };
}
