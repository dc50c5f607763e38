/** What components show, derived from the state: pure functions, no copies kept in the state. */
import { canTake, type FeedbackScale, type QueueEntry } from '@parley/protocol';
import type { Chat, DeskState, PendingMessage } from './desk-state.js';

/** Whether the agent logged in is an admin: exports and erases visitors, reads the audit log. */
export function isAdmin(state: DeskState): boolean {
  return state.auth.status === 'in' && state.auth.agent.role === 'admin';
}

/** The roles that may read the reports (the server decides; this only shows the way there). */
const REPORT_READERS: readonly string[] = ['admin', 'supervisor'];

/** Whether the signed-in agent may open the reports: supervisors and admins. */
export function canReadReports(state: DeskState): boolean {
  return state.auth.status === 'in' && REPORT_READERS.includes(state.auth.agent.role);
}

/** Supervisors and admins see the team view, monitor, whisper and take over (issue 15). */
export function isSupervisor(state: DeskState): boolean {
  return (
    state.auth.status === 'in' &&
    (state.auth.agent.role === 'supervisor' || state.auth.agent.role === 'admin')
  );
}

/** The sites the agent works on, as the welcome named them (issue 15, item 4). */
export function sitesOf(state: DeskState): NonNullable<DeskState['directory']['sites']> {
  return state.directory.sites ?? [];
}

/** An agent on one site sees no site switcher, filter or badges: there is only the one. */
export function worksOnSeveralSites(state: DeskState): boolean {
  return sitesOf(state).length > 1;
}

/** A site's name as the desk shows it (its key when the config gives none). */
export function siteName(state: DeskState, siteKey: string): string {
  return sitesOf(state).find((site) => site.key === siteKey)?.name ?? siteKey;
}

/** The scale a site's visitors rate on (from the desk's directory; stars when it does not say). */
export function feedbackScaleOf(state: DeskState, siteKey: string): FeedbackScale {
  return state.directory.sites?.find((site) => site.key === siteKey)?.feedbackScale ?? 'stars';
}

/** An agent's name as the desk shows it (from its directory; the id when it does not say). */
export function agentNameOf(state: DeskState, agentId: string): string {
  return state.directory.agents.find((agent) => agent.id === agentId)?.name ?? agentId;
}

/**
 * Where a chat that is no longer the agent's has gone: ended, with a colleague (by name), back
 * with the bot, or waiting in a queue; null while it is still theirs.
 */
export function whereNow(
  state: DeskState,
  chat: Chat,
): null | { kind: 'closed' | 'bot' | 'queued' } | { kind: 'agent'; name: string } {
  if (!chat.ended) return null;
  const handler = chat.session.handler;
  if (chat.status === 'assigned' && handler?.kind === 'agent') {
    return { kind: 'agent', name: agentNameOf(state, handler.id) };
  }
  if (chat.status === 'bot') return { kind: 'bot' };
  if (chat.status === 'queued') return { kind: 'queued' };
  return { kind: 'closed' };
}

/** The agent's id once logged in. */
export function agentIdOf(state: DeskState): string | undefined {
  return state.auth.status === 'in' ? state.auth.agent.id : undefined;
}

/**
 * The visitor's messages in a chat newer than the last seq the agent has seen there.
 * @example unreadCount(state, 's1') // 2
 */
export function unreadCount(state: DeskState, sessionId: string): number {
  const seen = state.seen[sessionId] ?? 0;
  return (state.events[sessionId] ?? []).filter(
    (event) => event.type === 'message' && event.author.role === 'visitor' && event.seq > seen,
  ).length;
}

/** The chats with something unread: the count in the page title. */
export function unreadChats(state: DeskState): number {
  return Object.keys(state.chats).filter((id) => unreadCount(state, id) > 0).length;
}

/** The agent's chats to list: those still theirs first, then ended ones; oldest first in each. */
export function chatList(state: DeskState): Chat[] {
  return Object.values(state.chats).sort(
    (a, b) =>
      Number(a.ended) - Number(b.ended) ||
      a.session.createdAt - b.session.createdAt ||
      (a.id < b.id ? -1 : 1),
  );
}

/** The chats the sidebar lists: `chatList`, of the site the list is filtered by when it is. */
export function listedChats(state: DeskState): Chat[] {
  const { siteFilter } = state;
  const chats = chatList(state);
  return siteFilter === null ? chats : chats.filter((chat) => chat.session.siteKey === siteFilter);
}

/** The chat the main area shows, when it shows one. */
export function selectedChat(state: DeskState): Chat | undefined {
  return state.view.kind === 'chat' ? state.chats[state.view.sessionId] : undefined;
}

/** The agent's messages on their way in one chat. */
export function pendingIn(state: DeskState, sessionId: string): PendingMessage[] {
  return state.outbox.filter((pending) => pending.sessionId === sessionId);
}

/** The last seq the desk has of a chat (what "seen" moves to when the agent looks at it). */
export function lastSeqOf(state: DeskState, sessionId: string): number {
  const events = state.events[sessionId] ?? [];
  return events[events.length - 1]?.seq ?? 0;
}

/**
 * Whether the agent matches what a queued session asks for (agent, and team and skills as they
 * are on the session's site, issue 15, item 4).
 */
export function canAccept(state: DeskState, entry: QueueEntry): boolean {
  if (state.auth.status !== 'in') return false;
  const { id, teams, skills } = state.auth.agent;
  const site = sitesOf(state).find((s) => s.key === entry.session.siteKey);
  const traits = { id, teams: site?.teams ?? teams, skills: site?.skills ?? skills };
  return canTake(traits, entry.session.routing ?? { queue: '' });
}

/** Chats the agent has now (not ended): what counts against their capacity. */
export function activeChats(state: DeskState): number {
  return Object.values(state.chats).filter((chat) => !chat.ended).length;
}
