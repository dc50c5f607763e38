// What the records writer's statement (issue 12) costs the database per event, on the PostgreSQL
// server and in PGlite, against a baseline in the same run: the same events inserted bare (one
// jsonb recordset into a table with no index, no search vector, no session, no visitor). Rounds
// of BENCH_INSERT_SESSIONS sessions (default 50) with BENCH_INSERT_EVENTS messages each (default
// 100: about what a busy session gathers in the writer's one-second round), BENCH_INSERT_ROUNDS
// rounds (default 20) after 3 unmeasured, statement and baseline alternating, each repeated
// BENCH_INSERT_REPEATS times (default 3, the median printed). The CPU counted for PostgreSQL is
// that of all its processes (the backend, the WAL writer...), read from /proc; for PGlite, this
// process's, less building the statement, which is printed apart (the writer's own CPU, in its
// thread). Prints figures; asserts nothing.
// PostgreSQL: a database of its own on BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432),
// created and dropped. Run: `node bench/records-insert.mjs` after a build.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pgliteDialect } from '../apps/server/dist/records/pglite-dialect.js';
import { createPgliteRecords, openPglite } from '../apps/server/dist/records/pglite-records.js';
import { createPostgresRecords } from '../apps/server/dist/records/postgres-records.js';
import { recordSessions } from '../apps/server/dist/records/record-sessions.js';
import { benchDatabase } from './bench-postgres.mjs';
import { statCpu } from './proc-cpu.mjs';

const SESSIONS = Number(process.env.BENCH_INSERT_SESSIONS ?? 50);
const EVENTS = Number(process.env.BENCH_INSERT_EVENTS ?? 100);
const ROUNDS = Number(process.env.BENCH_INSERT_ROUNDS ?? 20);
const REPEATS = Number(process.env.BENCH_INSERT_REPEATS ?? 3);
const NO_WEBHOOKS = { sites: new Map(), bots: false };
const WORDS =
  'hello there my order has not arrived yet can you check the shipping status please thanks'.split(' ');

/** The CPU time of every PostgreSQL server process on this machine, in µs. */
function postgresCpuUs() {
  let us = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = statCpu(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      if (stat.command === 'postgres') us += stat.us;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return us;
}

const processCpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** A chat's worth of sessions whose every round brings EVENTS new messages to each. */
function conversations() {
  const sessions = Array.from({ length: SESSIONS }, (_, i) => ({
    id: `bench-${i}-${randomUUID()}`,
    siteKey: 'demo',
    visitorId: `visitor-${i}`,
    status: 'open',
    handler: { kind: 'bot', id: 'echo' },
    createdAt: Date.now(),
    updatedAt: Date.now(),
    lastSeq: 0,
    visitor: { name: `Visitor ${i}`, page: 'https://shop.bench.example/cart' },
  }));
  let n = 0;
  return () =>
    sessions.map((session) => {
      const events = Array.from({ length: EVENTS }, () => {
        session.lastSeq += 1;
        n += 1;
        const seq = session.lastSeq;
        return {
          type: 'message',
          sessionId: session.id,
          seq,
          at: Date.now(),
          clientId: randomUUID(),
          text: Array.from({ length: 8 }, (_, k) => WORDS[(n * 7 + k * 3) % WORDS.length]).join(' '),
          author:
            seq % 2 ? { role: 'visitor', id: session.visitorId } : { role: 'bot', id: 'echo', name: 'Echo' },
        };
      });
      session.updatedAt = Date.now();
      return { session: { ...session }, events };
    });
}

const BARE_TABLE = `CREATE TABLE bench_bare_events (session_id text, seq integer, type text, text text,
  payload jsonb, at timestamptz)`;
const BARE_INSERT = `INSERT INTO bench_bare_events (session_id, seq, type, text, payload, at)
  SELECT x.session_id, x.seq, x.type, x.text, x.payload, x.at FROM jsonb_to_recordset($1::jsonb)
  AS x(session_id text, seq integer, type text, text text, payload jsonb, at timestamptz)`;
const bareRows = (batch) =>
  JSON.stringify(
    batch.flatMap(({ events }) =>
      events.map((e) => ({
        session_id: e.sessionId,
        seq: e.seq,
        type: e.type,
        text: e.text,
        payload: e,
        at: new Date(e.at).toISOString(),
      })),
    ),
  );

/**
 * µs of database CPU per event, the writer's statement and the bare insert, in alternate rounds.
 * `run(sql, params)` runs a statement; `cpu()` reads the database's CPU time so far.
 */
async function measure(db, run, cpu) {
  const next = conversations();
  const statement = (batch) => recordSessions(batch, () => 'english', NO_WEBHOOKS).compile(db);
  const spent = { writer: 0, bare: 0, build: 0 };
  for (let round = -3; round < ROUNDS; round += 1) {
    const batch = next();
    const built = processCpuUs();
    const compiled = statement(batch);
    if (round >= 0) spent.build += processCpuUs() - built;
    let start = cpu();
    await run(compiled.sql, compiled.parameters);
    if (round >= 0) spent.writer += cpu() - start;
    const rows = bareRows(batch);
    start = cpu();
    await run(BARE_INSERT, [rows]);
    if (round >= 0) spent.bare += cpu() - start;
  }
  const events = ROUNDS * SESSIONS * EVENTS;
  return { writer: spent.writer / events, bare: spent.bare / events, build: spent.build / events };
}

async function onPostgres() {
  const database = await benchDatabase();
  const client = new pg.Client({ connectionString: database.url });
  const db = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url }) }),
  });
  try {
    const records = await createPostgresRecords({
      url: database.url,
      onError: (err) => console.error(err.message),
    });
    await records.close();
    await client.connect();
    await client.query(BARE_TABLE);
    // Named, as the writer runs it: parsed and planned once.
    const names = new Map();
    const run = (text, values) => {
      if (!names.has(text)) names.set(text, `bench_${names.size}`);
      return client.query({ name: names.get(text), text, values });
    };
    return await measure(db, run, postgresCpuUs);
  } finally {
    await client.end().catch(() => {});
    await db.destroy();
    await database.drop();
  }
}

async function onPglite() {
  const pglite = await openPglite();
  try {
    const records = await createPgliteRecords({ pglite });
    await records.close();
    await pglite.exec(BARE_TABLE);
    const db = new Kysely({ dialect: pgliteDialect(pglite, 'public') });
    return await measure(db, (text, values) => pglite.query(text, values), processCpuUs);
  } finally {
    await pglite.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round1 = (value) => Math.round(value * 10) / 10;

export async function run() {
  const results = [];
  for (const [name, engine] of [
    ['PostgreSQL server', onPostgres],
    ['PGlite', onPglite],
  ]) {
    const runs = [];
    for (let i = 0; i < REPEATS; i += 1) runs.push(await engine());
    const writer = median(runs.map((r) => r.writer));
    const bare = median(runs.map((r) => r.bare));
    const build = median(runs.map((r) => r.build));
    results.push({
      name,
      events: ROUNDS * SESSIONS * EVENTS,
      writerUsPerEvent: round1(writer),
      bareUsPerEvent: round1(bare),
      buildUsPerEvent: round1(build),
      ratio: Math.round((writer / bare) * 100) / 100,
      runs: runs.map((r) => `${round1(r.writer)}/${round1(r.bare)}`).join(', '),
    });
  }
  return results;
}

export const table = (results) =>
  results.map((r) => ({
    database: r.name,
    'events a run': r.events,
    "writer's statement µs/event": r.writerUsPerEvent,
    'bare insert µs/event': r.bareUsPerEvent,
    'statement built µs/event': r.buildUsPerEvent,
    ratio: r.ratio,
    'runs (writer/bare)': r.runs,
  }));

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(table(await run()));
}
