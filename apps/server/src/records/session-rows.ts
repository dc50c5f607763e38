import type { Author, Role, SessionEvent, SessionStatus } from '@parley/protocol';
import type { Selectable } from 'kysely';
import { asDirection } from './direction.js';
import type { EventsTable, SessionsTable, VisitorsTable } from './records-database.js';
import type { SessionContext, SessionRecord, VisitorProfile } from './records-store.js';

/**
 * What JSON.stringify writes for a string's NUL (`\u0000`) and lone surrogates (`\ud800`...),
 * which jsonb refuses; matched with the escaped backslashes (`\\`) before them, so that a
 * visitor's own text `\u0000` (escaped as `\\u0000`) is left as it is.
 */
const UNSTORABLE = /\\(?:\\|u0000|ud[89a-f][0-9a-f]{2})/g;

/**
 * A jsonb value to write: pg and PGlite both take JSON text for a jsonb parameter. A NUL or a
 * lone surrogate in any string becomes U+FFFD (the replacement character): jsonb refuses both,
 * and one visitor's message must not stop the records writer's whole round (the live store keeps
 * the text as it came).
 */
export function json(value: unknown): string {
  const text = JSON.stringify(value);
  // JSON.stringify writes `\u` escapes for control characters and lone surrogates only.
  return text.includes('\\u') ? text.replace(UNSTORABLE, (m) => (m === '\\\\' ? m : '\\ufffd')) : text;
}

export function toSessionRecord(row: Selectable<SessionsTable>): SessionRecord {
  const lastMessage =
    row.last_message_seq === null || row.last_message_at === null
      ? null
      : {
          seq: row.last_message_seq,
          text: row.last_message_text ?? '',
          author: author(row.last_message_role, row.last_message_author_id, row.last_message_author_name),
          at: row.last_message_at.getTime(),
        };
  const rating =
    row.rating_at === null
      ? null
      : {
          ...(row.rating_score === null ? {} : { score: row.rating_score }),
          ...(row.rating_tag === null ? {} : { tag: row.rating_tag }),
          ...(row.rating_review === null ? {} : { review: row.rating_review }),
          at: row.rating_at.getTime(),
        };
  return {
    id: row.id,
    siteKey: row.site_key,
    visitorId: row.visitor_id,
    status: row.status as SessionStatus,
    handler:
      row.handler_kind === null || row.handler_id === null
        ? null
        : { kind: row.handler_kind as 'bot' | 'queue' | 'agent', id: row.handler_id },
    queue: row.queue,
    team: row.team,
    agents: [...row.agents].sort(),
    createdAt: row.created_at.getTime(),
    updatedAt: row.updated_at.getTime(),
    closedAt: row.closed_at?.getTime() ?? null,
    lastSeq: row.last_seq,
    lastMessage,
    rating,
    context: (row.visitor_context ?? {}) as SessionContext,
    direction: asDirection(row.direction),
    deleted: row.deleted,
    correlationId: row.correlation_id,
  };
}

function author(role: string | null, id: string | null, name: string | null): Author {
  return { role: (role ?? 'system') as Role, id: id ?? '', ...(name === null ? {} : { name }) };
}

/** The event as the log had it; null once erased (its payload is gone). */
export function toSessionEvent(row: Pick<Selectable<EventsTable>, 'payload'>): SessionEvent | null {
  return row.payload === null ? null : (row.payload as unknown as SessionEvent);
}

export function toVisitorProfile(row: Omit<Selectable<VisitorsTable>, 'contact_text'>): VisitorProfile {
  return {
    siteKey: row.site_key,
    visitorId: row.visitor_id,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    attributes: row.attributes,
    prechat: row.prechat,
    firstSeenAt: row.first_seen_at.getTime(),
    lastSeenAt: row.last_seen_at.getTime(),
    erasedAt: row.erased_at?.getTime() ?? null,
  };
}

/** An author as the events table keeps it. */
export function authorOf(row: {
  author_role: string | null;
  author_id: string | null;
  author_name: string | null;
}): Author {
  return author(row.author_role, row.author_id, row.author_name);
}
