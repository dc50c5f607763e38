import type { Ack } from './errors.js';
import type { BotSendInput, SessionEvent, SessionSync, SyncInput, TypingInput } from './schemas.js';
import type { TypingNotice } from './typing.js';

/** Events a bot sends on the `/bot` namespace. Every one is authorised per session. */
export interface BotClientEvents {
  /** Says something in a session the bot handles; acked after it is stored. */
  'message.send': (payload: BotSendInput, ack: Ack<{ seq: number }>) => void;
  /** The bot's open sessions, each with the events newer than the given cursor. */
  sync: (payload: SyncInput, ack: Ack<{ sessions: SessionSync[] }>) => void;
  typing: (payload: TypingInput) => void;
}

/** Events the server sends on the `/bot` namespace. */
export interface BotServerEvents {
  /** A session entered this bot's hands, with its log so far. */
  'session.created': (sync: SessionSync) => void;
  /** A new entry of a session this bot handles. */
  'session.event': (event: SessionEvent) => void;
  typing: (notice: TypingNotice) => void;
}

/**
 * The `/agent` namespace is specified by the humans issue; its maps will sit beside these so
 * both ends keep importing one package.
 */
export type NamespaceName = '/visitor' | '/bot';
