import { type Kysely, sql } from 'kysely';
import { eraseFromWebhooks } from '../webhooks/erase-from-webhooks.js';
import { appendAudit } from './audit-log.js';
import type { RecordsDatabase } from './records-database.js';
import type { ErasedVisitor, EraseVisitorInput } from './records-store.js';

/**
 * Erases a visitor (`RecordsStore.eraseVisitor`), in one transaction. Each step changes only
 * what is not erased yet, so the whole is idempotent, and a database left half-way by some other
 * means (an older version, a hand-run step) is finished by the next call: the audit entry is
 * written when any step changed anything.
 *
 * Kept: the sessions as shells (status, times, routing, agents, rating score and tag, last seq),
 * the events' type, seq, time and author role, and status changes whole (they carry no visitor
 * text; a visitor's name in their `by` is removed).
 */
export async function eraseVisitor(
  db: Kysely<RecordsDatabase>,
  input: EraseVisitorInput,
): Promise<ErasedVisitor> {
  const { siteKey, visitorId } = input;
  return db.transaction().execute(async (tx) => {
    const theirSessions = tx
      .selectFrom('sessions')
      .select('id')
      .where('site_key', '=', siteKey)
      .where('visitor_id', '=', visitorId);

    const sessions = await tx
      .updateTable('sessions')
      .set({
        deleted: true,
        last_message_text: null,
        last_message_author_name: null,
        rating_review: null,
        visitor_context: null,
      })
      .where('site_key', '=', siteKey)
      .where('visitor_id', '=', visitorId)
      .where('deleted', '=', false)
      .executeTakeFirst();

    const content = await tx
      .updateTable('events')
      .set({ text: null, payload: null, author_name: null, client_id: null, text_vector: null })
      .where('session_id', 'in', theirSessions)
      .where('type', '!=', 'session.changed')
      .where((eb) =>
        eb.or([eb('payload', 'is not', null), eb('text', 'is not', null), eb('author_name', 'is not', null)]),
      )
      .executeTakeFirst();

    const names = await tx
      .updateTable('events')
      .set({ author_name: null, payload: sql`payload #- '{by,name}'` })
      .where('session_id', 'in', theirSessions)
      .where('type', '=', 'session.changed')
      .where('author_role', '=', 'visitor')
      .where('author_name', 'is not', null)
      .executeTakeFirst();

    // Private notes speak of the visitor: they go (issue 15).
    await tx.deleteFrom('session_notes').where('session_id', 'in', theirSessions).execute();

    const offline = await tx
      .updateTable('offline_messages')
      .set({ fields: null })
      .where('session_id', 'in', theirSessions)
      .where('fields', 'is not', null)
      .executeTakeFirst();

    const visitor = await tx
      .updateTable('visitors')
      .set({
        user_id: null,
        name: null,
        email: null,
        attributes: '{}',
        prechat: '{}',
        erased_at: sql<Date>`coalesce(erased_at, ${new Date(input.at)}::timestamptz)`,
      })
      .where('site_key', '=', siteKey)
      .where('visitor_id', '=', visitorId)
      .where((eb) =>
        eb.or([
          eb('erased_at', 'is', null),
          eb('user_id', 'is not', null),
          eb('name', 'is not', null),
          eb('email', 'is not', null),
          sql<boolean>`attributes <> '{}'::jsonb`,
          sql<boolean>`prechat <> '{}'::jsonb`,
        ]),
      )
      .executeTakeFirst();

    const result = {
      sessions: Number(sessions.numUpdatedRows),
      events: Number(content.numUpdatedRows),
    };
    const changed =
      result.sessions +
      result.events +
      [names, offline, visitor].reduce((n, r) => n + Number(r.numUpdatedRows), 0);
    if (changed === 0) return { erased: false, ...result };
    await eraseFromWebhooks(tx, input, theirSessions, result.sessions);
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'visitor.erase',
      target: { kind: 'visitor', id: visitorId },
      siteKey,
      details: result,
    });
    return { erased: true, ...result };
  });
}
