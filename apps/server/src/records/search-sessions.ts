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

  /** Per configuration: the parsed query when the event was indexed with it. */
  const perConfig = (
    column: string,
    use: (tsquery: Expression<unknown>) => Expression<unknown>,
    none: string,
  ) =>
    parsed.length === 0
      ? sql.raw(`NULL::${none}`)
      : sql`CASE ${sql.ref(column)} ${sql.join(
          parsed.map((p) => sql`WHEN ${p.config} THEN ${use(sql`${p.tsquery}::tsquery`)}`),
          sql` `,
        )} END`;

  let hitSource: AliasedExpression<HitRow, 'h'>;
  if (text === '') {
    hitSource = db
      .selectFrom('sessions as s')
      .select([
        's.id as session_id',
        sql<number | null>`NULL::integer`.as('seq'),
        sql<number>`0::real`.as('rank'),
        sql<number>`0`.as('matches'),
        sql<boolean>`false`.as('visitor_match'),
      ])
      .where(filters)
      .where(activeWithin(query.from, query.to))
      .as('h');
  } else {
    const matched = db
      .selectFrom('events as e')
      .innerJoin('sessions as s', 's.id', 'e.session_id')
      .select([
        'e.session_id',
        'e.seq',
        sql<number>`${perConfig('e.text_config', (q) => sql`ts_rank(e.text_vector, ${q}, 1)`, 'real')}`.as(
          'rank',
        ),
      ])
      .where(({ or, and, eb }) =>
        or(
          parsed.map((p) =>
            and([eb('e.text_config', '=', p.config), sql<SqlBool>`e.text_vector @@ ${p.tsquery}::tsquery`]),
          ),
        ),
      )
      .$if(query.from !== undefined, (qb) => qb.where('e.at', '>=', new Date(query.from ?? 0)))
      .$if(query.to !== undefined, (qb) => qb.where('e.at', '<', new Date(query.to ?? 0)))
      .where(filters);
    // Each session's best message, and how many matched.
    const best = db
      .selectFrom(matched.as('m'))
      .distinctOn('m.session_id')
      .select([
        'm.session_id',
        'm.seq',
        'm.rank',
        sql<number>`count(*) OVER (PARTITION BY m.session_id)::integer`.as('matches'),
      ])
      .orderBy('m.session_id')
      .orderBy('m.rank', 'desc')
      .orderBy('m.seq');
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
      .selectFrom((parsed.length > 0 ? best : best.where(none)).as('best'))
      .fullJoin(
        (terms.length > 0 ? byVisitor : byVisitor.where(none)).as('by_visitor'),
        'by_visitor.session_id',
        'best.session_id',
      )
      .select([
        sql<string>`coalesce(best.session_id, by_visitor.session_id)`.as('session_id'),
        'best.seq',
        sql<number>`coalesce(best.rank, 0) + CASE WHEN by_visitor.session_id IS NULL THEN 0 ELSE 1 END`.as(
          'rank',
        ),
        sql<number>`coalesce(best.matches, 0)`.as('matches'),
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
        .select(['h.seq as hit_seq', 'h.rank', 'h.matches', 'h.visitor_match'])
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
    .leftJoin('events as e', (join) =>
      join.onRef('e.session_id', '=', 'p.id').onRef('e.seq', '=', 'p.hit_seq'),
    )
    .leftJoin('visitors as v', (join) =>
      join.onRef('v.site_key', '=', 'p.site_key').onRef('v.visitor_id', '=', 'p.visitor_id'),
    )
    .selectAll('p')
    .select([
      'total.total',
      'e.at as hit_at',
      'e.author_role',
      'e.author_id',
      'e.author_name',
      'v.name as visitor_name',
      'v.email as visitor_email',
      (parsed.length === 0
        ? sql<string | null>`NULL::text`
        : sql<string | null>`ts_headline(e.text_config::regconfig,
            translate(e.text, ${MATCH_START + MATCH_STOP}, ''),
            ${perConfig('e.text_config', (q) => q, 'tsquery')},
            ${HEADLINE_OPTIONS})`
      ).as('headline'),
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

/** One session found: its best message (seq), rank, how many messages matched, and whether its visitor did. */
interface HitRow {
  session_id: string;
  seq: number | null;
  rank: number;
  matches: number;
  visitor_match: boolean;
}
