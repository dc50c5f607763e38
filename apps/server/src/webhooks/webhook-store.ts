import { type Kysely, type Selectable, sql } from 'kysely';
import { decodeCursor, encodeCursor, pageLimit } from '../records/page-cursor.js';
import type { RecordsDatabase, WebhookDeliveriesTable } from '../records/records-database.js';
import { enqueueVisitorEvent, type VisitorEvent } from './visitor-events.js';
import {
  type AttemptRecord,
  type CircuitSettings,
  type ClaimedDelivery,
  type DeliveryQuery,
  type EndpointPatch,
  endpointRow,
  type NewEndpoint,
  toAttempt,
  toDelivery,
  toEndpoint,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookEndpoint,
} from './webhook-rows.js';

export type * from './webhook-rows.js';

/**
 * Who may receive what the records writer would put in the outbox: per site, the event types its
 * enabled webhooks take, and whether any HTTP bot has an enabled endpoint. The writer builds
 * outbox entries only for them: with no webhook and no HTTP bot (most servers), a message costs
 * the records no outbox work at all.
 */
export interface OutboxAudience {
  sites: ReadonlyMap<string, ReadonlySet<string>>;
  bots: boolean;
}

/**
 * How long a process trusts what it read of the endpoints (`audience`). Its own changes are seen
 * at once; another process's endpoint gets the events recorded from at most this long after.
 */
export const AUDIENCE_TTL_MS = 1000;

/**
 * The webhooks' tables in the records database (issue 13): endpoints, the outbox of deliveries
 * (filled by the records writer, `record-sessions.ts`), and the attempt log. Every operation is one
 * statement or one transaction, safe in many processes at once: claims take rows with
 * `FOR UPDATE SKIP LOCKED` and a lease, so two dispatchers never hold the same row, and one killed
 * mid-delivery lets its rows go when the lease ends.
 * @example
 * const webhooks = createWebhookStore(db);
 * const due = await webhooks.claim({ now: Date.now(), leaseMs: 30_000, limit: 20, circuit });
 */
export function createWebhookStore(db: Kysely<RecordsDatabase>) {
  const listeners = new Set<() => void>();
  let audience: { read: Promise<OutboxAudience>; at: number } | undefined;
  /** This process changed the endpoints: the next `audience` reads them again. */
  const forgetAudience = () => {
    audience = undefined;
  };
  const readAudience = async (): Promise<OutboxAudience> => {
    const rows = await db
      .selectFrom('webhook_endpoints')
      .select(['kind', 'site_key', 'events'])
      .where('enabled', '=', true)
      .execute();
    const sites = new Map<string, Set<string>>();
    for (const row of rows) {
      if (row.kind !== 'webhook' || row.site_key === null) continue;
      const types = sites.get(row.site_key) ?? new Set<string>();
      for (const type of row.events) types.add(type);
      sites.set(row.site_key, types);
    }
    return { sites, bots: rows.some((row) => row.kind === 'bot') };
  };
  const deliveryRow = (id: string) =>
    db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();

  const claimRows = (
    tx: Kysely<RecordsDatabase>,
    now: Date,
    leaseUntil: Date,
    limit: number,
    endpoint: { probe: string } | { closedBelow: number },
  ) =>
    sql<Selectable<WebhookDeliveriesTable>>`
      UPDATE webhook_deliveries SET lease_until = ${leaseUntil}
      WHERE id IN (
        SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints ep ON ep.id = d.endpoint_id
        WHERE d.state = 'pending' AND d.next_at <= ${now}
          AND (d.lease_until IS NULL OR d.lease_until <= ${now})
          AND ep.enabled
          AND ${
            'probe' in endpoint
              ? sql`ep.id = ${endpoint.probe}`
              : sql`ep.consecutive_failures < ${endpoint.closedBelow}`
          }
          -- In order per session: only the first pending row of its (endpoint, session).
          AND NOT EXISTS (
            SELECT 1 FROM webhook_deliveries e
            WHERE e.endpoint_id = d.endpoint_id AND e.session_id = d.session_id AND e.state = 'pending'
              AND (e.seq, e.position) < (d.seq, d.position))
        ORDER BY d.next_at
        LIMIT ${limit}
        FOR UPDATE OF d SKIP LOCKED)
      RETURNING *`.execute(tx);

  return {
    /**
     * Who may receive outbox entries now (`OutboxAudience`): read at most once every
     * `AUDIENCE_TTL_MS` (calls meanwhile share the reading), and again after this store changed
     * the endpoints.
     */
    audience(): Promise<OutboxAudience> {
      const now = performance.now();
      if (!audience || now - audience.at >= AUDIENCE_TTL_MS) {
        const read = readAudience();
        audience = { read, at: now };
        // A failed reading is not kept: the next call reads again.
        read.catch(() => {
          if (audience?.read === read) forgetAudience();
        });
      }
      return audience.read;
    },

    /**
     * Puts a visitor event (`visitor.identified`) in the outbox of the site's webhooks that want
     * it, and wakes the local dispatcher.
     */
    async enqueueVisitorEvent(event: VisitorEvent): Promise<void> {
      await enqueueVisitorEvent(db, event);
      for (const listener of listeners) listener();
    },

    /** Called after a batch that may have added deliveries (the dispatcher's local wake-up). */
    onRecorded(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Tells the listeners that deliveries may have been added. */
    recorded(): void {
      for (const listener of listeners) listener();
    },

    /**
     * Makes the config's endpoints (`source: 'config'`) exactly these: upserted, and the config's
     * others disabled (kept, with their delivery log). Endpoints made through the API are left be.
     */
    async syncConfig(endpoints: readonly NewEndpoint[], now: number): Promise<void> {
      const at = new Date(now);
      await db.transaction().execute(async (tx) => {
        for (const endpoint of endpoints) {
          const {
            id: _,
            created_at: __,
            ...values
          } = endpointRow({ ...endpoint, source: 'config', enabled: true }, at);
          await tx
            .insertInto('webhook_endpoints')
            .values(endpointRow({ ...endpoint, source: 'config', enabled: true }, at))
            .onConflict((oc) => oc.column('id').doUpdateSet(values))
            .execute();
        }
        const ids = endpoints.map((e) => e.id);
        await tx
          .updateTable('webhook_endpoints')
          .set({ enabled: false, updated_at: at })
          .where('source', '=', 'config')
          .$if(ids.length > 0, (qb) => qb.where('id', 'not in', ids))
          .execute();
      });
      forgetAudience();
    },

    /** Creates an endpoint; null when the id is taken. */
    async create(endpoint: NewEndpoint, now: number): Promise<WebhookEndpoint | null> {
      const at = new Date(now);
      const row = await db
        .insertInto('webhook_endpoints')
        .values(endpointRow(endpoint, at))
        .onConflict((oc) => oc.column('id').doNothing())
        .returningAll()
        .executeTakeFirst();
      forgetAudience();
      return row ? toEndpoint(row) : null;
    },

    async update(id: string, patch: EndpointPatch, now: number): Promise<WebhookEndpoint | null> {
      const row = await db
        .updateTable('webhook_endpoints')
        .set({
          updated_at: new Date(now),
          ...(patch.url === undefined ? {} : { url: patch.url }),
          ...(patch.secrets === undefined ? {} : { secrets: patch.secrets }),
          ...(patch.events === undefined ? {} : { events: patch.events }),
          ...(patch.allowPrivate === undefined ? {} : { allow_private: patch.allowPrivate }),
          ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
          ...(patch.description === undefined ? {} : { description: patch.description }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      forgetAudience();
      return row ? toEndpoint(row) : null;
    },

    /** Deletes an endpoint with its deliveries and their log; false when there was none. */
    async remove(id: string): Promise<boolean> {
      const result = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
      forgetAudience();
      return result.numDeletedRows > 0n;
    },

    async endpoint(id: string): Promise<WebhookEndpoint | null> {
      const row = await db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toEndpoint(row) : null;
    },

    /** A site's webhooks (bots' endpoints are not a site's), by id. */
    async list(siteKey: string): Promise<WebhookEndpoint[]> {
      const rows = await db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('site_key', '=', siteKey)
        .where('kind', '=', 'webhook')
        .orderBy('id')
        .execute();
      return rows.map(toEndpoint);
    },

    /**
     * Takes due rows for this dispatcher until `leaseMs` from now: the first pending row of each
     * (endpoint, session), from endpoints whose circuit is closed; and from each endpoint whose
     * circuit has been open for its cooldown, one row as a probe (the endpoint stays open
     * meanwhile, so no other dispatcher probes it at once).
     */
    async claim(input: {
      now: number;
      leaseMs: number;
      limit: number;
      circuit: CircuitSettings;
    }): Promise<ClaimedDelivery[]> {
      const now = new Date(input.now);
      const leaseUntil = new Date(input.now + input.leaseMs);
      const rows = await db.transaction().execute(async (tx) => {
        const probes = await tx
          .updateTable('webhook_endpoints')
          .set({ circuit_open_until: new Date(input.now + input.circuit.cooldownMs) })
          .where('consecutive_failures', '>=', input.circuit.failures)
          .where((eb) => eb.or([eb('circuit_open_until', 'is', null), eb('circuit_open_until', '<=', now)]))
          .where('enabled', '=', true)
          .returning('id')
          .execute();
        const claimed = (
          await claimRows(tx, now, leaseUntil, input.limit, { closedBelow: input.circuit.failures })
        ).rows;
        for (const probe of probes) {
          claimed.push(...(await claimRows(tx, now, leaseUntil, 1, { probe: probe.id })).rows);
        }
        return claimed;
      });
      if (rows.length === 0) return [];
      const endpoints = await db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('id', 'in', [...new Set(rows.map((r) => r.endpoint_id))])
        .execute();
      const byId = new Map(endpoints.map((e) => [e.id, toEndpoint(e)]));
      return rows.flatMap((row) => {
        const endpoint = byId.get(row.endpoint_id);
        return endpoint ? [{ ...toDelivery(row), endpoint }] : [];
      });
    },

    /**
     * Logs an attempt of a row and moves the row on (delivered, failed, or pending again),
     * letting its lease go; counts it for the endpoint's circuit. Resolves with whether the
     * circuit is open after this attempt (it failed, and enough did in a row).
     */
    async recordAttempt(
      deliveryId: string,
      attempt: AttemptRecord,
      circuit: CircuitSettings,
    ): Promise<{ open: boolean; attempt: number }> {
      return db.transaction().execute(async (tx) => {
        const row = await tx
          .updateTable('webhook_deliveries')
          .set((eb) => ({
            attempts: eb('attempts', '+', 1),
            state: attempt.state,
            lease_until: null,
            last_status: attempt.status,
            last_error: attempt.error,
            ...(attempt.nextAt === undefined ? {} : { next_at: new Date(attempt.nextAt) }),
            finished_at: attempt.state === 'pending' ? null : new Date(attempt.at),
          }))
          .where('id', '=', deliveryId)
          .returning(['attempts', 'endpoint_id'])
          .executeTakeFirst();
        if (!row) return { open: false, attempt: 0 };
        await tx
          .insertInto('webhook_attempts')
          .values({
            delivery_id: deliveryId,
            attempt: row.attempts,
            at: new Date(attempt.at),
            status: attempt.status,
            latency_ms: Math.round(attempt.latencyMs),
            response: attempt.response,
            error: attempt.error,
            redelivery: attempt.redelivery,
          })
          .execute();
        if (attempt.success) {
          await tx
            .updateTable('webhook_endpoints')
            .set({ consecutive_failures: 0, circuit_open_until: null })
            .where('id', '=', row.endpoint_id)
            .execute();
          return { open: false, attempt: row.attempts };
        }
        const endpoint = await tx
          .updateTable('webhook_endpoints')
          .set((eb) => ({
            consecutive_failures: eb('consecutive_failures', '+', 1),
            circuit_open_until: sql`CASE WHEN consecutive_failures + 1 >= ${circuit.failures}
              THEN ${new Date(attempt.at + circuit.cooldownMs)}::timestamptz ELSE circuit_open_until END`,
          }))
          .where('id', '=', row.endpoint_id)
          .returning('consecutive_failures')
          .executeTakeFirst();
        return { open: (endpoint?.consecutive_failures ?? 0) >= circuit.failures, attempt: row.attempts };
      });
    },

    /** Lets a claimed row go at once, with no attempt logged (its dispatcher is stopping). */
    async release(deliveryId: string): Promise<void> {
      await db
        .updateTable('webhook_deliveries')
        .set({ lease_until: null })
        .where('id', '=', deliveryId)
        .execute();
    },

    /**
     * Deletes deliveries finished (delivered or failed) before `finishedBefore`, with their
     * attempts; pending ones stay. Resolves with how many went.
     */
    async prune(finishedBefore: number): Promise<number> {
      const result = await db
        .deleteFrom('webhook_deliveries')
        .where('state', '!=', 'pending')
        .where('finished_at', '<', new Date(finishedBefore))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** A delivery with its endpoint's details, for a redelivery; null when unknown. */
    async claimed(deliveryId: string): Promise<ClaimedDelivery | null> {
      const row = await deliveryRow(deliveryId);
      if (!row) return null;
      const endpoint = await this.endpoint(row.endpoint_id);
      return endpoint ? { ...toDelivery(row), endpoint } : null;
    },

    /** A delivery and every attempt of it, oldest first. */
    async delivery(deliveryId: string): Promise<(WebhookDelivery & { log: WebhookAttempt[] }) | null> {
      const row = await deliveryRow(deliveryId);
      if (!row) return null;
      const attempts = await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('delivery_id', '=', deliveryId)
        .orderBy('id')
        .execute();
      return { ...toDelivery(row), log: attempts.map(toAttempt) };
    },

    /** Deliveries newest first, filtered, a page at a time. */
    async deliveries(query: DeliveryQuery): Promise<{ deliveries: WebhookDelivery[]; next: string | null }> {
      const limit = pageLimit(query.limit, 20, 100);
      const before = query.before === undefined ? undefined : decodeCursor(query.before);
      const rows = await db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_endpoints as ep', 'ep.id', 'd.endpoint_id')
        .selectAll('d')
        .$if(query.endpointId !== undefined, (qb) => qb.where('d.endpoint_id', '=', query.endpointId ?? ''))
        .$if(query.siteKey !== undefined, (qb) => qb.where('ep.site_key', '=', query.siteKey ?? ''))
        .$if(query.sessionId !== undefined, (qb) => qb.where('d.session_id', '=', query.sessionId ?? ''))
        .$if(query.state !== undefined, (qb) => qb.where('d.state', '=', query.state ?? 'pending'))
        .$if(query.eventType !== undefined, (qb) => qb.where('d.event_type', '=', query.eventType ?? ''))
        .$if(before !== undefined, (qb) =>
          qb.where(({ eb, refTuple, tuple }) =>
            eb(refTuple('d.created_at', 'd.id'), '<', tuple(new Date(before?.at ?? 0), before?.id ?? '')),
          ),
        )
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(limit + 1)
        .execute();
      const deliveries = rows.slice(0, limit).map(toDelivery);
      const last = deliveries.at(-1);
      return { deliveries, next: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
