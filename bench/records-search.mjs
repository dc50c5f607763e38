// Measures the records store's full-text search (issue 12) where it will hurt: a PostgreSQL
// server holding BENCH_RECORDS_MESSAGES messages (default 1,000,000), then, for comparison, the
// embedded PGlite with BENCH_RECORDS_PGLITE_MESSAGES (default 100,000). The messages are made in
// the database itself (generate_series, in batches of sessions; a support-chat vocabulary drawn
// with a Zipf-like skew, 3 to 20 words each, over 5 sites and a year), then BENCH_RECORDS_QUERIES
// one-word and as many two-word searches, each with a random 30-day window, go through
// `RecordsStore.search` (first page of 20, with the total). Prints p50/p95/p99 in ms and whether
// p95 is within the 200 ms budget; it asserts nothing.
// PostgreSQL: a database of its own on BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432),
// created and dropped. Run: `npm run bench` (builds first), or `node bench/records-search.mjs`
// after a build.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createPgliteRecords, openPglite } from '../apps/server/dist/records/pglite-records.js';
import { createPostgresRecords } from '../apps/server/dist/records/postgres-records.js';

const MESSAGES = Number(process.env.BENCH_RECORDS_MESSAGES ?? 1_000_000);
const PGLITE_MESSAGES = Number(process.env.BENCH_RECORDS_PGLITE_MESSAGES ?? 100_000);
const QUERIES = Number(process.env.BENCH_RECORDS_QUERIES ?? 100);
const SERVER = process.env.BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432';
const BUDGET_P95_MS = 200;
const MESSAGES_PER_SESSION = 10;
const SITES = ['site-1', 'site-2', 'site-3', 'site-4', 'site-5'];
const YEAR_START = Date.UTC(2025, 0, 1);
const DAY = 24 * 60 * 60 * 1000;

// Support-chat words, most frequent first: the generator draws word i with a skew towards the
// start (power(random(), 2.2)), so "order" is common and "warranty" rare, as in real chats.
const VOCABULARY = `hello hi thanks please order help the my is can you i a to it not and for
  have with this on account payment refund delivery package shipping card problem question time
  today email password login app website price change cancel return item product support need
  want still when where why how what long days week number address update working error charged
  twice again status tracking late arrived broken damaged wrong size colour replacement exchange
  invoice receipt subscription plan upgrade downgrade trial discount code coupon voucher gift
  balance bank transfer paypal credit debit visa mastercard declined failed pending approved
  confirm confirmation verify reset link expired locked blocked access profile settings
  notification message chat agent human call phone back later tomorrow morning evening weekend
  holiday store branch pickup courier driver parcel box label customs fee tax vat duty import
  international europe germany france spain italy london paris berlin madrid warehouse stock
  available unavailable backorder preorder release launch version android iphone tablet laptop
  desktop browser chrome firefox safari install download crash slow freeze screen battery
  charger cable adapter headphones speaker camera lens warranty repair technician appointment
  booking reservation schedule calendar meeting contract terms privacy data delete export
  complaint manager feedback review rating survey satisfied happy disappointed angry urgent
  asap immediately soon quickly finally great awesome perfect fine okay sure yes no maybe`
  .split(/\s+/)
  .filter(Boolean);

/** Nearest-rank percentile of ascending `sorted`, rounded to 0.1 ms. */
const pct = (sorted, p) =>
  Math.round((sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN) * 10) / 10;

/** A word drawn uniformly from the vocabulary: common and rare ones alike get searched. */
const anyWord = () => VOCABULARY[Math.floor(Math.random() * VOCABULARY.length)];

/**
 * Fills the records with `messages` messages through `exec(sql)`, a batch of sessions per
 * statement: sessions, their visitors, MESSAGES_PER_SESSION messages each (tsvector made as the
 * store makes it: `to_tsvector('english', text)`), and the sites' search configuration.
 */
async function generate(exec, messages) {
  const sessions = Math.ceil(messages / MESSAGES_PER_SESSION);
  const batch = 10_000;
  const words = `ARRAY[${VOCABULARY.map((w) => `'${w}'`).join(',')}]`;
  const sites = `ARRAY[${SITES.map((s) => `'${s}'`).join(',')}]`;
  for (let from = 1; from <= sessions; from += batch) {
    const to = Math.min(sessions, from + batch - 1);
    await exec(`
      INSERT INTO sessions (id, site_key, visitor_id, status, handler_kind, handler_id, queue, team, agents,
        created_at, updated_at, closed_at, last_seq, rating_score, rating_at)
      SELECT 's' || i, (${sites})[1 + i % ${SITES.length}], 'v' || (i % ${Math.ceil(sessions * 0.6)}), 'closed',
        'agent', 'agent-' || (i % 40), (ARRAY['support','billing','sales'])[1 + i % 3],
        CASE WHEN i % 4 = 0 THEN 'vip' END, ARRAY['agent-' || (i % 40)],
        t, t + interval '${MESSAGES_PER_SESSION + 1} minutes', t + interval '${MESSAGES_PER_SESSION + 1} minutes',
        ${MESSAGES_PER_SESSION}, CASE WHEN i % 3 = 0 THEN 1 + i % 5 END, CASE WHEN i % 3 = 0 THEN t END
      FROM generate_series(${from}, ${to}) AS i,
        LATERAL (SELECT to_timestamp(${YEAR_START / 1000} + random() * 365 * 86400 + i * 0) AS t) AS created`);
    await exec(`
      INSERT INTO visitors (site_key, visitor_id, name, email, first_seen_at, last_seen_at)
      SELECT site_key, visitor_id, 'Visitor ' || visitor_id, visitor_id || '@example.com', min(created_at), max(updated_at)
      FROM sessions WHERE id IN (SELECT 's' || i FROM generate_series(${from}, ${to}) AS i)
      GROUP BY site_key, visitor_id
      ON CONFLICT (site_key, visitor_id) DO NOTHING`);
    await exec(`
      INSERT INTO events (session_id, seq, type, author_role, author_id, client_id, text, payload, at,
        text_config, text_vector)
      SELECT s.id, m.seq, 'message', role, author, 'c' || m.seq, w.text,
        jsonb_build_object('type', 'message', 'sessionId', s.id, 'seq', m.seq, 'clientId', 'c' || m.seq,
          'author', jsonb_build_object('role', role, 'id', author), 'text', w.text,
          'at', floor(extract(epoch FROM s.created_at + m.seq * interval '1 minute') * 1000)),
        s.created_at + m.seq * interval '1 minute', 'english', to_tsvector('english', w.text)
      FROM sessions s
      CROSS JOIN generate_series(1, ${MESSAGES_PER_SESSION}) AS m(seq)
      CROSS JOIN LATERAL (SELECT CASE WHEN m.seq % 2 = 1 THEN 'visitor' ELSE 'agent' END AS role,
        CASE WHEN m.seq % 2 = 1 THEN s.visitor_id ELSE s.handler_id END AS author) AS a
      CROSS JOIN LATERAL (
        SELECT string_agg((${words})[1 + floor(power(random(), 2.2) * ${VOCABULARY.length})::int], ' ') AS text
        FROM generate_series(1, 3 + floor(random() * 18)::int + m.seq * 0)
      ) AS w
      WHERE s.id IN (SELECT 's' || i FROM generate_series(${from}, ${to}) AS i)`);
  }
  await exec(
    `INSERT INTO search_configs (site_key, config) SELECT unnest(${sites}), 'english' ON CONFLICT DO NOTHING`,
  );
  await exec('ANALYZE');
}

/** Times `QUERIES` searches of `words` words each, after a few unmeasured ones. */
async function measure(records, words) {
  const scope = { siteKeys: SITES };
  const query = () => {
    const from = YEAR_START + Math.floor(Math.random() * 335) * DAY;
    const text = Array.from({ length: words }, anyWord).join(' ');
    return { scope, text, from, to: from + 30 * DAY, limit: 20 };
  };
  for (let i = 0; i < 5; i++) await records.search(query());
  const samples = [];
  let hits = 0;
  for (let i = 0; i < QUERIES; i++) {
    const started = performance.now();
    const page = await records.search(query());
    samples.push(performance.now() - started);
    hits += page.total;
  }
  samples.sort((a, b) => a - b);
  return {
    p50: pct(samples, 50),
    p95: pct(samples, 95),
    p99: pct(samples, 99),
    meanTotal: Math.round(hits / QUERIES),
  };
}

async function runStore(store, messages, records, exec) {
  const started = performance.now();
  await generate(exec, messages);
  const loadSeconds = Math.round((performance.now() - started) / 100) / 10;
  const results = [];
  for (const words of [1, 2]) {
    const ms = await measure(records, words);
    results.push({
      store,
      messages,
      query: `${words} word${words > 1 ? 's' : ''}, 30 days`,
      loadSeconds,
      ...ms,
    });
  }
  return results;
}

async function runPostgres() {
  const database = `parley_bench_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  try {
    const url = `${SERVER}/${database}`;
    const records = await createPostgresRecords({
      url,
      onError: (err) => console.error('postgres:', err.message),
    });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await runStore('postgres', MESSAGES, records, (text) => client.query(text));
    } finally {
      await client.end();
      await records.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

async function runPglite() {
  const pglite = await openPglite();
  try {
    const records = await createPgliteRecords({ pglite });
    try {
      return await runStore('pglite', PGLITE_MESSAGES, records, (text) => pglite.exec(text));
    } finally {
      await records.close();
    }
  } finally {
    await pglite.close();
  }
}

export async function run() {
  return [...(await runPostgres()), ...(await runPglite())];
}

/** Rows for console.table. */
export function table(results) {
  return results.map((r) => ({
    store: r.store,
    messages: r.messages.toLocaleString('en'),
    'load s': r.loadSeconds,
    query: r.query,
    p50: r.p50,
    p95: r.p95,
    p99: r.p99,
    'mean total': r.meanTotal,
    [`p95 < ${BUDGET_P95_MS} ms`]: r.p95 < BUDGET_P95_MS ? 'holds' : 'does not hold',
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.table(table(await run()));
  } catch (err) {
    console.error(err.message);
    process.exitCode = 1;
  }
}
