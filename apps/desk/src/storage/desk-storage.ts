/**
 * What the desk keeps in the browser, so that a reload and every tab of one agent agree: the
 * login, the last seq the agent has seen of each chat, and the chats listed (ended ones stay
 * until dismissed). Tabs learn of each other's changes through `storage` events (`keyKind`).
 */
import type { AgentProfile } from '@parley/protocol';

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** A live login: the token the socket connects with, and who it is. */
export interface StoredLogin {
  token: string;
  agent: AgentProfile;
}

/** What a changed storage key is about. */
export type StorageKeyKind =
  | { kind: 'login' }
  | { kind: 'seen'; agentId: string; sessionId: string }
  | { kind: 'chats'; agentId: string };

export interface DeskStorage {
  login(): StoredLogin | undefined;
  setLogin(login: StoredLogin): void;
  clearLogin(): void;
  /** The last seq the agent has seen of a chat; 0 when never. */
  seen(agentId: string, sessionId: string): number;
  setSeen(agentId: string, sessionId: string, seq: number): void;
  /** The chats the agent's desk lists (ended ones until dismissed). */
  chats(agentId: string): string[];
  setChats(agentId: string, sessionIds: string[]): void;
  /** What a key (of a `storage` event) is about; undefined when it is not the desk's. */
  keyKind(key: string): StorageKeyKind | undefined;
}

const PREFIX = 'parley-desk:';
const LOGIN_KEY = `${PREFIX}login`;

const isProfile = (value: unknown): value is AgentProfile => {
  if (typeof value !== 'object' || value === null) return false;
  const { id, name, email, teams, skills, capacity } = value as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    typeof name === 'string' &&
    typeof email === 'string' &&
    Array.isArray(teams) &&
    Array.isArray(skills) &&
    typeof capacity === 'number'
  );
};

/** Parses stored JSON; what another version (or a person in devtools) left there may be anything. */
const parseJson = (text: string | null): unknown => {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    // Not JSON: the same as nothing stored. Anything else is a bug and goes on up.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
};

/**
 * The desk's storage over `localStorage` (or any key-value storage).
 * @example const storage = createDeskStorage(window.localStorage); storage.seen('alice', 's1') // 0
 */
export function createDeskStorage(storage: KeyValueStorage): DeskStorage {
  const seenKey = (agentId: string, sessionId: string) => `${PREFIX}seen:${agentId}:${sessionId}`;
  const chatsKey = (agentId: string) => `${PREFIX}chats:${agentId}`;
  return {
    login() {
      const value = parseJson(storage.getItem(LOGIN_KEY));
      if (typeof value !== 'object' || value === null) return undefined;
      const { token, agent } = value as Record<string, unknown>;
      return typeof token === 'string' && isProfile(agent) ? { token, agent } : undefined;
    },
    setLogin: (login) => storage.setItem(LOGIN_KEY, JSON.stringify(login)),
    clearLogin: () => storage.removeItem(LOGIN_KEY),
    seen(agentId, sessionId) {
      const seq = Number(storage.getItem(seenKey(agentId, sessionId)));
      return Number.isSafeInteger(seq) && seq > 0 ? seq : 0;
    },
    setSeen: (agentId, sessionId, seq) => storage.setItem(seenKey(agentId, sessionId), String(seq)),
    chats(agentId) {
      const value = parseJson(storage.getItem(chatsKey(agentId)));
      return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
    },
    setChats: (agentId, sessionIds) => storage.setItem(chatsKey(agentId), JSON.stringify(sessionIds)),
    keyKind(key) {
      if (key === LOGIN_KEY) return { kind: 'login' };
      const seen = /^parley-desk:seen:([^:]+):(.+)$/.exec(key);
      if (seen?.[1] && seen[2]) return { kind: 'seen', agentId: seen[1], sessionId: seen[2] };
      const chats = /^parley-desk:chats:(.+)$/.exec(key);
      if (chats?.[1]) return { kind: 'chats', agentId: chats[1] };
      return undefined;
    },
  };
}

/** Storage that lasts as long as the page: when the browser refuses `localStorage`. */
export function memoryStorage(): KeyValueStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}
