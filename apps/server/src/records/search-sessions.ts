import {
  type AliasedExpression,
  type Expression,
  type Kysely,
  type Selectable,
  type SqlBool,
  sql,
} from 'kysely';
import { HEADLINE_OPTIONS, MATCH_START, MATCH_STOP, toSegments } from './highlight.js';
import { pageLimit } from './page-cursor.js';
import type { RecordsDatabase, SessionsTable } from './records-database.js';
import type { SearchPage, SearchQuery } from './records-store.js';
import { authorOf, toSessionRecord } from './session-rows.js';
import { activeWithin, searchFilters } from './session-scope.js';

/** A text search configuration in use on the sites searched, and the query parsed with it. */
interface ParsedQuery {
  config: string;
  /** `websearch_to_tsquery(config, text)` as text, handed back as a `tsquery` parameter. */
  tsquery: string;
}

/**
 * Full-text search over messages, plus visitor name and email (`RecordsStore.search`). Two round
 * trips: the first parses the text once per text search configuration the sites' messages were
 * indexed with (`search_configs`); the second finds, ranks, pages and highlights. Passing each
 * parsed query as a constant is what lets the GIN index on `events.text_vector` serve the match
 * (a query parsed per row with the row's configuration could not use it).
 *
 * Ranking is per session: its best message's `ts_rank` (normalised by the message's length), plus
 * 1 when the visitor's name or email contains every word. Only the page's best messages go
 * through `ts_headline`.
 */
export async function searchSessions(db: Kysely<RecordsDatabase>, query: SearchQuery): Promise<SearchPage> {
  const limit = pageLimit(query.limit, 20, 100);
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const sites = (query.siteKeys ?? query.scope.siteKeys).filter((key) => query.scope.siteKeys.includes(key));
  if (sites.length === 0) return { hits: [], total: 0 };
  const text = query.text?.trim() ?? '';
  const filters = searchFilters(query);

  const parsed: ParsedQuery[] =
    text === ''
      ? []
      : (
          await db
            .selectFrom('search_configs')
            .select([
              'config',
              sql<string>`websearch_to_tsquery(config::regconfig, ${text})::text`.as('tsquery'),
            ])
            .where('site_key', 'in', sites)
            .distinct()
            .execute()
        ).filter((row) => row.tsquery !== '');
  const terms = text === '' ? [] : contactTerms(text);
  if (text !== '' && parsed.length === 0 && terms.length === 0) return { hits: [], total: 0 };

  // A message (aliased `e`) matches when the query parsed with its configuration does; its rank
  // is ts_rank with that query, normalised by the message's length.
  const messageMatches = sql<SqlBool>`(${
    parsed.length === 0
      ? sql`false`
      : sql.join(
          parsed.map((p) => sql`(e.text_config = ${p.config} AND e.text_vector @@ ${p.tsquery}::tsquery)`),
          sql` OR `,
        )
  })`;
  /** Per row, `expression` of the query parsed with the message's configuration (NULL for none). */
  const queryOf = (
    expression: (tsquery: Expression<unknown>) => Expression<unknown>,
    type: 'real' | 'tsquery',
  ) =>
    parsed.length === 0
      ? sql.raw(`NULL::${type}`)
      : sql`CASE e.text_config ${sql.join(
          parsed.map((p) => sql`WHEN ${p.config} THEN ${expression(sql`${p.tsquery}::tsquery`)}`),
          sql` `,
        )} END`;
  const messageRank = sql<number>`${queryOf((q) => sql`ts_rank(e.text_vector, ${q}, 1)`, 'real')}`;
  const messageDates = [
    ...(query.from === undefined ? [] : [sql<SqlBool>`e.at >= ${new Date(query.from)}`]),
    ...(query.to === undefined ? [] : [sql<SqlBool>`e.at < ${new Date(query.to)}`]),
  ];

  let hitSource: AliasedExpression<HitRow, 'h'>;
  if (text === '') {
    hitSource = db
      .selectFrom('sessions as s')
      .select([
        's.id as session_id',
        sql<number>`0::real`.as('rank'),
        sql<number>`0`.as('matches'),
        sql<boolean>`false`.as('visitor_match'),
      ])
      .where(filters)
      .where(activeWithin(query.from, query.to))
      .as('h');
  } else {
    // Per session: its best message's rank and how many matched (a hash aggregate: no sort of
    // every match; the page's best messages are looked up afterwards).
    const byMessages = db
      .selectFrom('events as e')
      .innerJoin('sessions as s', 's.id', 'e.session_id')
      .select([
        'e.session_id',
        sql<number>`max(${messageRank})`.as('rank'),
        sql<number>`count(*)::integer`.as('matches'),
      ])
      .where(messageMatches)
      .where(({ and }) => and(messageDates))
      .where(filters)
      .groupBy('e.session_id');
    const byVisitor = db
      .selectFrom('sessions as s')
      .innerJoin('visitors as v', (join) =>
        join.onRef('v.site_key', '=', 's.site_key').onRef('v.visitor_id', '=', 's.visitor_id'),
      )
      .select('s.id as session_id')
      .where(({ and, eb }) => and(terms.map((term) => eb('v.contact_text', 'like', `%${term}%`))))
      .where(filters)
      .where(activeWithin(query.from, query.to));
    // A side with nothing to look for finds nothing (an AND of no terms would find everything).
    const none = sql<SqlBool>`false`;
    hitSource = db
      .selectFrom((parsed.length > 0 ? byMessages : byMessages.where(none)).as('m'))
      .fullJoin(
        (terms.length > 0 ? byVisitor : byVisitor.where(none)).as('by_visitor'),
        'by_visitor.session_id',
        'm.session_id',
      )
      .select([
        sql<string>`coalesce(m.session_id, by_visitor.session_id)`.as('session_id'),
        sql<number>`coalesce(m.rank, 0) + CASE WHEN by_visitor.session_id IS NULL THEN 0 ELSE 1 END`.as(
          'rank',
        ),
        sql<number>`coalesce(m.matches, 0)`.as('matches'),
        sql<boolean>`by_visitor.session_id IS NOT NULL`.as('visitor_match'),
      ])
      .as('h');
  }

  const rows = await db
    .with('hits', (qc) => qc.selectFrom(hitSource).selectAll())
    .with('page', (qc) =>
      qc
        .selectFrom('hits as h')
        .innerJoin('sessions as s', 's.id', 'h.session_id')
        .selectAll('s')
        .select(['h.rank', 'h.matches', 'h.visitor_match'])
        .orderBy('h.rank', 'desc')
        .orderBy('s.updated_at', 'desc')
        .orderBy('s.id', 'desc')
        .limit(limit)
        .offset(offset),
    )
    .with('total', (qc) => qc.selectFrom('hits').select(sql<number>`count(*)::integer`.as('total')))
    // One row even for an empty page, so the total always comes back.
    .selectFrom('total')
    .leftJoin('page as p', (join) => join.onTrue())
    // The best message of each session on the page (of ten or so, through the primary key), and
    // only there ts_headline.
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('events as e')
          .select([
            'e.seq as hit_seq',
            'e.at as hit_at',
            'e.author_role',
            'e.author_id',
            'e.author_name',
            sql<string>`ts_headline(e.text_config::regconfig, translate(e.text, ${MATCH_START + MATCH_STOP}, ''),
              ${queryOf((q) => q, 'tsquery')}, ${HEADLINE_OPTIONS})`.as('headline'),
          ])
          .whereRef('e.session_id', '=', 'p.id')
          .where('p.matches', '>', 0)
          .where(messageMatches)
          .where(({ and }) => and(messageDates))
          .$if(parsed.length > 0, (qb) => qb.orderBy(messageRank, 'desc'))
          .orderBy('e.seq')
          .limit(1)
          .as('e'),
      (join) => join.onTrue(),
    )
    .leftJoin('visitors as v', (join) =>
      join.onRef('v.site_key', '=', 'p.site_key').onRef('v.visitor_id', '=', 'p.visitor_id'),
    )
    .selectAll('p')
    .select([
      'total.total',
      'e.hit_seq',
      'e.hit_at',
      'e.author_role',
      'e.author_id',
      'e.author_name',
      'e.headline',
      'v.name as visitor_name',
      'v.email as visitor_email',
    ])
    .orderBy('p.rank', 'desc')
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.id', 'desc')
    .execute();

  const total = rows[0]?.total ?? 0;
  const hits = rows.flatMap((row) => {
    if (row.id === null) return [];
    // The page's columns are nullable only through the LEFT JOIN; a row with an id has them all.
    const session = toSessionRecord(row as unknown as Selectable<SessionsTable>);
    const message =
      row.hit_seq === null || row.hit_at === null
        ? null
        : {
            seq: row.hit_seq,
            at: row.hit_at.getTime(),
            author: authorOf(row),
            segments: toSegments(row.headline ?? ''),
          };
    return [
      {
        session,
        visitor: { name: row.visitor_name, email: row.visitor_email },
        message,
        matches: Number(row.matches),
        visitorMatch: row.visitor_match === true,
        rank: Number(row.rank),
        labels: row.labels ?? [],
      },
    ];
  });
  return { hits, total };
}

/**
 * The words a visitor's name or email must all contain, lowercased, as LIKE patterns' insides:
 * the query's words less web-search syntax (quotes, `or`, negated words).
 * @example contactTerms('Ada "100%" -spam or x') // ['ada', '100\\%', 'x']
 */
export function contactTerms(text: string): string[] {
  return text
    .toLowerCase()
    .replaceAll('"', ' ')
    .split(/\s+/)
    .filter((word) => word !== '' && word !== 'or' && !word.startsWith('-'))
    .map((word) => word.replace(/[\\%_]/g, '\\$&'));
}

/** One session found: its rank, how many of its messages matched, and whether its visitor did. */
interface HitRow {
  session_id: string;
  rank: number;
  matches: number;
  visitor_match: boolean;
}
