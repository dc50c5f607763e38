/**
 * The shape of the desk's state and the actions that change it. `desk-reducer` is the only code
 * that builds a new state; `desk-selectors` derives what components show from it.
 */

import type { OutboxEntry } from '@parley/client';
import type {
  AgentProfile,
  AgentSendInput,
  Directory,
  OfflineEntry,
  Presence,
  QueueEntry,
  SessionEvent,
  SessionStatus,
  SessionSummary,
  SessionSync,
  TypingNotice,
} from '@parley/protocol';
import type { SsoProvider } from '../auth/login-api.js';
import { initialRecordsState, type RecordsAction, type RecordsState } from './records-state.js';
import { initialSupervisorState, type SupervisorAction, type SupervisorState } from './supervisor-state.js';

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'error';

/** What the agent was doing when something failed: picks the sentence the error is shown in. */
export type DeskTask =
  | 'login'
  | 'logout'
  | 'sync'
  | 'presence'
  | 'accept'
  | 'preview'
  | 'transfer'
  | 'handback'
  | 'close'
  | 'queue'
  | 'offline'
  | 'search'
  | 'transcript'
  | 'history'
  | 'export'
  | 'erase'
  | 'audit'
  | 'reports'
  | 'reply'
  | 'supervise'
  | 'start'
  | 'site';

/** A failure to show: a wire error code (or one of the desk's own), and what it interrupted. */
export interface DeskError {
  code: string;
  message: string;
  task?: DeskTask;
}

export type AuthState =
  | { status: 'out'; busy: boolean; error?: DeskError }
  | { status: 'in'; agent: AgentProfile };

/** A session the agent has (or had, until they dismiss it). */
export interface Chat {
  id: string;
  /** The latest summary: visitor, data, routing. */
  session: SessionSummary;
  status: SessionStatus;
  /** The seq at which `status` was true; an older summary or event does not overwrite it. */
  statusSeq: number;
  /** No longer the agent's (closed, transferred, handed back): listed until dismissed. */
  ended: boolean;
  /** Its visitor was erased from this desk: their messages and details are gone from it too. */
  erased?: boolean;
}

/** One of the agent's messages not yet back from the server as an event. */
export interface PendingMessage {
  clientId: string;
  sessionId: string;
  text: string;
  /** `sent`: acked, waiting for its event (which replaces it), so it never flickers away. */
  state: 'sending' | 'failed' | 'sent';
  error?: DeskError;
}

/** What the main area shows: the records' search and (admins) the audit log too. */
export type DeskView =
  | { kind: 'queue' }
  | { kind: 'offline' }
  | { kind: 'chat'; sessionId: string }
  | { kind: 'search' }
  | { kind: 'audit' }
  | { kind: 'reports' }
  /** Supervisors and admins: the team, live chats, monitoring (issue 15). */
  | { kind: 'team' };

/** A read-only look at a session that is not (or not yet) the agent's. */
export type Preview =
  | { sessionId: string; status: 'loading' }
  | { sessionId: string; status: 'ready'; sync: SessionSync }
  | { sessionId: string; status: 'error'; error: DeskError };

export interface DeskState {
  auth: AuthState;
  /** The single sign-on buttons of the login screen (kept across logins). */
  sso: SsoProvider[];
  connection: ConnectionStatus;
  /** Why the connection is in `error` (it will not retry by itself). */
  connectionError?: DeskError;
  /** The first sync after login finished: assignments from now on are news, worth an alert. */
  synced: boolean;
  /** The agent's own presence. */
  presence?: Presence;
  /** The reasons the agent may give for being not ready. */
  reasons: string[];
  directory: Directory;
  /**
   * The site the agent works on right now (issue 15, item 4): routing offers them only its chats
   * and the queue lists only those; null, all of their sites.
   */
  activeSite: string | null;
  /** The chat list shows only this site's chats; null, every site's (a view, not routing). */
  siteFilter: string | null;
  /** The server sends email: offline messages can be answered by email (issue 13). */
  email: boolean;
  /** Every agent's presence (the agent's own included), by agent id. */
  team: Record<string, Presence>;
  queue: QueueEntry[];
  /** Newest first. */
  offline: OfflineEntry[];
  chats: Record<string, Chat>;
  /** Ended chats the agent dismissed: a later sync of them is ignored unless they come back. */
  dismissed: Record<string, true>;
  /** Each session's events in seq order. */
  events: Record<string, SessionEvent[]>;
  outbox: PendingMessage[];
  /** Sessions whose visitor is typing. */
  typing: Record<string, true>;
  /** The last seq the agent has seen of each chat. */
  seen: Record<string, number>;
  /** The last seq the visitor has read of each chat, from the server (issue 14): "Seen". */
  visitorRead: Record<string, number>;
  view: DeskView;
  preview?: Preview;
  /** How many new assignments arrived since login: each one rings once. */
  alerts: number;
  /** The browser keeps the alert sound muted until the agent interacts with the page. */
  soundBlocked: boolean;
  /** A command that failed, until dismissed. */
  error?: DeskError;
  /** What the desk read from the records: search, transcript, visitors' conversations, audit log. */
  records: RecordsState;
  /** Supervisors: the team view and the monitored chat; everyone: the whispers they got. */
  supervision: SupervisorState;
}

export type DeskAction =
  | { type: 'login.started' }
  | { type: 'auth.failed'; error: DeskError }
  | { type: 'logged.in'; agent: AgentProfile }
  | { type: 'sso.providers'; providers: SsoProvider[] }
  | { type: 'logged.out'; error?: DeskError }
  | { type: 'connection'; status: ConnectionStatus; error?: DeskError }
  | {
      type: 'welcome';
      agent: AgentProfile;
      presence: Presence;
      reasons: string[];
      directory: Directory;
      email?: boolean;
      activeSite?: string | null;
    }
  | { type: 'site.active'; siteKey: string | null }
  | { type: 'site.filter'; siteKey: string | null }
  | { type: 'synced' }
  | { type: 'presence'; presence: Presence }
  | { type: 'team'; agents: Presence[]; reasons: string[] }
  | { type: 'queue'; entries: QueueEntry[] }
  | { type: 'offline.list'; entries: OfflineEntry[] }
  | { type: 'offline.new'; entry: OfflineEntry }
  /** A session's summary (sync, assignment); `seen` from storage; `self` when the agent accepted it. */
  | { type: 'session'; session: SessionSummary; seen: number; self: boolean }
  | { type: 'event'; event: SessionEvent }
  | { type: 'outbox'; entries: OutboxEntry<AgentSendInput>[] }
  | { type: 'typing'; notice: TypingNotice }
  | { type: 'seen'; sessionId: string; seq: number }
  /** The visitor read a chat through `seq` (issue 14). */
  | { type: 'visitorRead'; sessionId: string; seq: number }
  | { type: 'dismiss'; sessionId: string }
  | { type: 'show'; view: DeskView }
  | { type: 'preview'; preview?: Preview }
  | { type: 'sound'; blocked: boolean }
  | { type: 'error'; error?: DeskError }
  | RecordsAction
  | SupervisorAction;

export const emptyDirectory: Directory = { agents: [], queues: [], teams: [], skills: [] };

/** The state before login, or right after it (with the profile the login answered). */
export function initialDeskState(agent?: AgentProfile, error?: DeskError): DeskState {
  return {
    auth: agent ? { status: 'in', agent } : { status: 'out', busy: false, ...(error ? { error } : {}) },
    sso: [],
    connection: 'connecting',
    synced: false,
    reasons: [],
    directory: emptyDirectory,
    activeSite: null,
    siteFilter: null,
    email: false,
    team: {},
    queue: [],
    offline: [],
    chats: {},
    dismissed: {},
    events: {},
    outbox: [],
    typing: {},
    seen: {},
    visitorRead: {},
    view: { kind: 'queue' },
    alerts: 0,
    soundBlocked: false,
    records: initialRecordsState(),
    supervision: initialSupervisorState(),
  };
}
