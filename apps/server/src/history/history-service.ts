import {
  type AuditActor,
  type AuditListInput,
  type AuditPage,
  fail,
  type HistoryListInput,
  type HistoryPage,
  isOpen,
  type Result,
  type SearchInput,
  type SearchPage,
  type SessionSummary,
  type Transcript,
  type VisitorExport,
  type VisitorHistoryInput,
  type VisitorRef,
} from '@parley/protocol';
import { listedSites, traitsOn, worksOn } from '../agents/agent-access.js';
import type { AgentConfig, ParleyConfig } from '../config/config-schema.js';
import { BadCursorError } from '../records/page-cursor.js';
import type { RecordsScope, RecordsStore } from '../records/records-store.js';
import type { VisitorRef as LiveVisitor, SessionService } from '../sessions/session-service.js';
import type { SessionStore } from '../store/session-store.js';
import type { AuditTrail } from './audit-trail.js';

export interface HistoryServiceDeps {
  config: ParleyConfig;
  store: SessionStore;
  /** Undefined when the server keeps no records: every history call answers `unavailable`. */
  records: RecordsStore | undefined;
  sessions: SessionService;
  audit: AuditTrail;
  clock: () => number;
  /** The visitor's files (issue 14), removed with the visitor; unset when the server keeps none. */
  files?: { eraseVisitor(siteKey: string, visitorId: string): Promise<number> } | undefined;
}

const noRecords = () => fail('unavailable', 'This server keeps no conversation records');

/** A page read whose `before` is not a cursor this server gave answers `invalid_payload`. */
async function paged<T>(read: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof BadCursorError)
      return fail('invalid_payload', '`before` is not a page cursor of this list');
    throw error;
  }
}

/**
 * Reading the records (issue 12): a visitor's own history, an agent's search and transcripts
 * within what they may read, and the admin's export, erasure and audit log. Every call is
 * authorised here; the records store only ever answers within the scope it is given.
 */
export function createHistoryService({
  config,
  store,
  records,
  sessions,
  audit,
  clock,
  files,
}: HistoryServiceDeps) {
  const siteKeys = config.sites.map((s) => s.key);

  /**
   * What an agent may read in the records (DESIGN.md "Security model", `mayRead` for live
   * sessions): the sessions of their sites routed to humans outside any team of theirs only when
   * untagged, and every session they handled. Admins read everything of their sites.
   */
  const scopeOf = (agent: AgentConfig): RecordsScope => {
    // Only the agent's own sites (issue 15): nothing of another site reaches them.
    const mine = listedSites(agent) ?? siteKeys;
    if (agent.role === 'admin') return { siteKeys: mine };
    // Teams of their own on some site (issue 15, item 4): each site read with its teams.
    const perSite = agent.sites?.some((site) => typeof site !== 'string' && site.teams !== undefined);
    return {
      siteKeys: mine,
      teams: agent.teams,
      ...(perSite
        ? { siteTeams: Object.fromEntries(mine.map((key) => [key, traitsOn(agent, key).teams])) }
        : {}),
      agentId: agent.id,
    };
  };

  /** Admins only, and (`siteKey`) only on a site of theirs. */
  const adminOnly = (agent: AgentConfig, siteKey?: string) => {
    if (agent.role !== 'admin') return fail('forbidden', 'Only an admin may do this');
    if (siteKey !== undefined && !worksOn(agent, siteKey)) return fail('forbidden', 'That site is not yours');
    return undefined;
  };

  const knownSite = (siteKey: string) =>
    siteKeys.includes(siteKey) ? undefined : fail('not_found', `No site ${siteKey}`);

  /**
   * The site's visitor, with their latest session in the live store (if any); `not_found` for a
   * visitor who is not the site's: another site's (visitor ids are the same across sites, and
   * the live store keeps a visitor's keys by id alone), or one nobody knows. The live store's
   * sessions say whose a visitor is (the records may lag behind them); once those are gone, the
   * records (which keep an erased visitor as a shell, so a rerun of an erasure still finds them).
   */
  const siteVisitor = async (
    records: RecordsStore,
    input: VisitorRef,
  ): Promise<Result<{ latest: SessionSummary | undefined }>> => {
    const [latest] = await store.visitorSessions(input.visitorId, 1);
    const theirs = latest
      ? latest.siteKey === input.siteKey
      : (await records.visitor(input.siteKey, input.visitorId)) !== null;
    return theirs
      ? { ok: true, value: { latest } }
      : fail('not_found', `No visitor ${input.visitorId} on site ${input.siteKey}`);
  };

  /** Everything kept about a visitor, audited with `actor` (authorised by the caller). */
  const exportVisitor = async (
    actor: AuditActor,
    input: VisitorRef,
  ): Promise<Result<{ document: VisitorExport }>> => {
    const refused = knownSite(input.siteKey);
    if (refused) return refused;
    if (!records) return noRecords();
    const visitor = await siteVisitor(records, input);
    if (!visitor.ok) return visitor;
    const document = await records.exportVisitor(input.siteKey, input.visitorId, clock());
    await audit.record({
      actor,
      action: 'visitor.export',
      target: { kind: 'visitor', id: input.visitorId },
      siteKey: input.siteKey,
      details: { sessions: document.sessions.length },
    });
    return { ok: true, value: { document } };
  };

  /**
   * Erases a visitor (GDPR; authorised by the caller): their open session is closed first (its
   * bot or agent hears of it), then the live store and the records forget them, and their tokens
   * stop working. Each step is idempotent, so running it again after a crash halfway finishes the
   * job; the records write the audit entry, naming `actor`.
   */
  const eraseVisitor = async (
    actor: AuditActor,
    input: VisitorRef,
  ): Promise<Result<{ sessions: number }>> => {
    const refused = knownSite(input.siteKey);
    if (refused) return refused;
    if (!records) return noRecords();
    const site = config.sites.find((s) => s.key === input.siteKey);
    if (!site) return fail('not_found', `No site ${input.siteKey}`);
    const visitor = await siteVisitor(records, input);
    if (!visitor.ok) return visitor;
    const { latest } = visitor.value;
    const live = { site, visitorId: input.visitorId };
    if (latest && isOpen(latest.status)) await sessions.visitorClose(live, latest.id);
    const removed = await store.eraseVisitor(input.siteKey, input.visitorId, clock());
    // Their files go before the records: a failure here leaves the erasure to be run again.
    await files?.eraseVisitor(input.siteKey, input.visitorId);
    const erased = await records.eraseVisitor({
      siteKey: input.siteKey,
      visitorId: input.visitorId,
      actor,
      at: clock(),
    });
    return { ok: true, value: { sessions: Math.max(erased.sessions, removed.length) } };
  };

  return {
    /** The visitor's conversations on this site, newest first. */
    async visitorHistory(visitor: LiveVisitor, input: HistoryListInput): Promise<Result<HistoryPage>> {
      if (!records) return noRecords();
      return paged(() =>
        records.visitorHistory({
          siteKey: visitor.site.key,
          visitorId: visitor.visitorId,
          ...(input.before ? { before: input.before } : {}),
          ...(input.limit ? { limit: input.limit } : {}),
        }),
      );
    },

    /** One of the visitor's own conversations, read-only. */
    async visitorTranscript(visitor: LiveVisitor, sessionId: string): Promise<Result<Transcript>> {
      if (!records) return noRecords();
      const transcript = await records.transcript(sessionId, { scope: { siteKeys: [visitor.site.key] } });
      if (!transcript || transcript.session.visitorId !== visitor.visitorId) {
        return fail('not_found', `No conversation ${sessionId} of yours`);
      }
      return { ok: true, value: transcript };
    },

    async agentHistory(agent: AgentConfig, input: VisitorHistoryInput): Promise<Result<HistoryPage>> {
      // Another site's visitor is refused, as their export and erasure are, not answered empty.
      if (!worksOn(agent, input.siteKey)) return fail('forbidden', 'That site is not yours');
      if (!records) return noRecords();
      return paged(() =>
        records.visitorHistory({
          siteKey: input.siteKey,
          visitorId: input.visitorId,
          scope: scopeOf(agent),
          ...(input.before ? { before: input.before } : {}),
          ...(input.limit ? { limit: input.limit } : {}),
        }),
      );
    },

    async search(agent: AgentConfig, input: SearchInput): Promise<Result<SearchPage>> {
      if (!records) return noRecords();
      if (input.from !== undefined && input.to !== undefined && input.from > input.to) {
        return fail('invalid_payload', '`from` is after `to`');
      }
      const { siteKeys: sites, queues, statuses, ...rest } = input;
      return {
        ok: true,
        value: await records.search({
          ...rest,
          scope: scopeOf(agent),
          ...(sites ? { siteKeys: sites } : {}),
          ...(queues ? { queues } : {}),
          ...(statuses ? { statuses } : {}),
        }),
      };
    },

    async agentTranscript(agent: AgentConfig, sessionId: string): Promise<Result<Transcript>> {
      if (!records) return noRecords();
      const transcript = await records.transcript(sessionId, { scope: scopeOf(agent) });
      return transcript ? { ok: true, value: transcript } : fail('not_found', `No conversation ${sessionId}`);
    },

    /** Everything kept about a visitor (admins), audited. */
    async exportVisitor(agent: AgentConfig, input: VisitorRef): Promise<Result<{ document: VisitorExport }>> {
      return adminOnly(agent, input.siteKey) ?? exportVisitor({ kind: 'agent', id: agent.id }, input);
    },

    /** An erasure (admins): see `eraseVisitor` above. */
    async eraseVisitor(agent: AgentConfig, input: VisitorRef): Promise<Result<{ sessions: number }>> {
      return adminOnly(agent, input.siteKey) ?? eraseVisitor({ kind: 'agent', id: agent.id }, input);
    },

    /** Export by another actor (an API key), authorised by the caller. */
    exportVisitorAs: exportVisitor,
    /** Erasure by another actor (an API key), authorised by the caller. */
    eraseVisitorAs: eraseVisitor,

    async auditLog(agent: AgentConfig, input: AuditListInput): Promise<Result<AuditPage>> {
      // An admin of some sites reads one of them at a time (a single site's by default).
      const listed = listedSites(agent);
      const siteKey = input.siteKey ?? (listed?.length === 1 ? listed[0] : undefined);
      if (listed && siteKey === undefined) return fail('invalid_payload', 'Name one of your sites');
      const refused = adminOnly(agent, siteKey);
      if (refused) return refused;
      if (!records) return noRecords();
      return paged(() => records.listAudit({ ...input, ...(siteKey ? { siteKey } : {}) }));
    },
  };
}

export type HistoryService = ReturnType<typeof createHistoryService>;
