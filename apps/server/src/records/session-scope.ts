import { type Expression, expressionBuilder, type SqlBool, sql } from 'kysely';
import type { SessionsTable } from './records-database.js';
import type { RecordsScope, SearchQuery } from './records-store.js';

const eb = expressionBuilder<{ s: SessionsTable }, 's'>();
const never = sql<SqlBool>`false`;

const oneOf = (column: 's.queue' | 's.team' | 's.status', values: readonly string[]) =>
  values.length === 0 ? never : eb(column, 'in', values);

const handledBy = (agentId: string) => sql<SqlBool>`${sql.ref('s.agents')} @> ARRAY[${agentId}]::text[]`;

/**
 * The sessions (aliased `s`) a scope lets its asker read (`RecordsScope`): of its sites, and when
 * narrowed, routed within its queues and teams, or handled by its agent.
 */
export function inScope(
  scope: RecordsScope,
  siteKeys: readonly string[] = scope.siteKeys,
): Expression<SqlBool> {
  const sites = siteKeys.filter((key) => scope.siteKeys.includes(key));
  const conditions = [oneOfSites(sites)];
  const { queues, teams, agentId } = scope;
  if (queues !== undefined || teams !== undefined || agentId !== undefined) {
    const either: Expression<SqlBool>[] = [];
    if (queues !== undefined || teams !== undefined) {
      const routed: Expression<SqlBool>[] = [eb('s.queue', 'is not', null)];
      if (queues !== undefined) routed.push(oneOf('s.queue', queues));
      if (teams !== undefined) routed.push(teamsWithin(sites, teams, scope.siteTeams));
      either.push(eb.and(routed));
    }
    if (agentId !== undefined) either.push(handledBy(agentId));
    conditions.push(eb.or(either));
  }
  return eb.and(conditions);
}

/** Untagged, or tagged with one of the teams (on each site its own, when `siteTeams` gives them). */
function teamsWithin(
  sites: readonly string[],
  teams: readonly string[],
  siteTeams: RecordsScope['siteTeams'],
): Expression<SqlBool> {
  const within = (list: readonly string[]) => eb.or([eb('s.team', 'is', null), oneOf('s.team', list)]);
  if (siteTeams === undefined) return within(teams);
  return eb.or(sites.map((site) => eb.and([eb('s.site_key', '=', site), within(siteTeams[site] ?? teams)])));
}

function oneOfSites(sites: readonly string[]): Expression<SqlBool> {
  return sites.length === 0 ? never : eb('s.site_key', 'in', sites);
}

/** The scope and a search's filters on sessions (aliased `s`); erased shells never match. */
export function searchFilters(query: SearchQuery): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [
    inScope(query.scope, query.siteKeys),
    eb('s.deleted', '=', false),
  ];
  if (query.queues !== undefined) conditions.push(oneOf('s.queue', query.queues));
  if (query.agentId !== undefined) conditions.push(handledBy(query.agentId));
  if (query.statuses !== undefined) conditions.push(oneOf('s.status', query.statuses));
  // Every label asked for (issue 15): the GIN index on `labels` serves `@>`.
  if (query.labels !== undefined && query.labels.length > 0) {
    conditions.push(sql<SqlBool>`${sql.ref('s.labels')} @> ${sql.val([...query.labels])}::text[]`);
  }
  const { rating } = query;
  if (rating !== undefined) {
    conditions.push(eb('s.rating_at', 'is not', null));
    if (rating.min !== undefined) conditions.push(eb('s.rating_score', '>=', rating.min));
    if (rating.max !== undefined) conditions.push(eb('s.rating_score', '<=', rating.max));
    if (rating.tag !== undefined) conditions.push(eb('s.rating_tag', '=', rating.tag));
  }
  return eb.and(conditions);
}

/** Sessions (aliased `s`) active at some time within [from, to). */
export function activeWithin(from: number | undefined, to: number | undefined): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (from !== undefined) conditions.push(eb('s.updated_at', '>=', new Date(from)));
  if (to !== undefined) conditions.push(eb('s.created_at', '<', new Date(to)));
  return eb.and(conditions);
}
