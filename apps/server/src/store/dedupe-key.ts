import type { Author } from '@parley/protocol';

/**
 * What a retried write is recognised by: its client id, per author (issue 11). Two authors who
 * happen to use the same client id in a session write two events, and neither can learn the
 * other's seq by replaying it. The visitor is named by role alone: a visitor who signs in
 * mid-chat keeps the session under another visitor id, and a retry from before the sign-in must
 * still find its write. Bots, agents and the system are named by role and id. JSON keeps the
 * parts apart whatever characters an id or client id holds.
 * @example dedupeKey({ role: 'bot', id: 'welcome' }, 'c-1') // '["bot","welcome","c-1"]'
 */
export function dedupeKey(author: Pick<Author, 'role' | 'id'>, clientId: string): string {
  return JSON.stringify(
    author.role === 'visitor' ? [author.role, clientId] : [author.role, author.id, clientId],
  );
}
