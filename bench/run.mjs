// Runs every Parley benchmark in sequence, prints a summary table per bench, and writes all the
// figures to bench/results/latest.json (git-ignored). Figures only: nothing here asserts a
// timing. Exits non-zero when a bench fails or the widget is past its size budget.
// Run: `npm run bench` from the repository root (builds first).
// Env: BENCH_VISITORS (default 50), BENCH_MESSAGES (default 20), BENCH_PACES (default 1000,2000),
// BENCH_PACED_SECONDS (default 10), BENCH_PACED_ROUNDS (default 2), BENCH_RELAY,
// BENCH_RECORDS_ROUNDS, REDIS_URL (only without redis-server on PATH), BENCH_LONGTASK_RUNS
// (default 5), BENCH_LONGTASK_THROTTLE (default 4),
// CHROMIUM_PATH (default /usr/bin/chromium), LOG_LEVEL (server logs, default warn),
// BENCH_IDLE_VISITORS (default 10000), BENCH_POSTGRES, BENCH_RECORDS_MESSAGES, BENCH_RECORDS_PGLITE_MESSAGES, BENCH_RECORDS_QUERIES
// (records search: see records-search.mjs), BENCH_INSERT_SESSIONS, BENCH_INSERT_EVENTS,
// BENCH_INSERT_ROUNDS, BENCH_INSERT_REPEATS (the records writer's statement: see records-insert.mjs).
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import * as hostLongTasks from './host-long-tasks.mjs';
import * as idleConnections from './idle-connections.mjs';
import * as messageRoundtrip from './message-roundtrip.mjs';
import * as recordsInsert from './records-insert.mjs';
import * as recordsSearch from './records-search.mjs';
import * as widgetSize from './widget-size.mjs';

const BENCHES = [
  { name: 'message-roundtrip', title: 'Message round trip (latencies in ms)', module: messageRoundtrip },
  {
    name: 'idle-connections',
    title: 'Server heap per idle visitor (KB), Parley against a bare Socket.IO relay',
    module: idleConnections,
  },
  { name: 'widget-size', title: 'Widget size (gzip)', module: widgetSize },
  {
    name: 'host-long-tasks',
    title: 'Host page long tasks in Chromium (p50/max: the median run and the worst; times in ms)',
    module: hostLongTasks,
  },
  {
    name: 'records-insert',
    title: "The records writer's statement: database CPU per event, against a bare insert of the same events",
    module: recordsInsert,
  },
  {
    name: 'records-search',
    title: 'Records full-text search (PostgreSQL at 1M messages, PGlite at 100k; latencies in ms)',
    module: recordsSearch,
  },
];

const report = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  /** 1, 5 and 15 minute load averages: other work on the machine shows in the figures. */
  loadAverage: { atStart: loadavg(), atEnd: null },
  benches: {},
};
let failed = false;
for (const bench of BENCHES) {
  console.log(`\n${bench.title}`);
  try {
    const results = await bench.module.run();
    report.benches[bench.name] = results;
    console.table(bench.module.table(results));
    for (const summary of bench.module.summaries?.(results) ?? []) console.table(summary);
    for (const r of results) {
      for (const error of r.errors ?? []) console.error(`  ${r.store ?? r.name}: ${error}`);
      if (r.ok === false) {
        console.error(`  ${r.name} is past its budget`);
        failed = true;
      }
    }
  } catch (err) {
    report.benches[bench.name] = { error: err.message };
    console.error(`  ${bench.name} failed: ${err.message}`);
    failed = true;
  }
}

report.loadAverage.atEnd = loadavg();
const load = ({ atStart, atEnd }) =>
  `${atStart[0].toFixed(1)} at the start, ${atEnd[0].toFixed(1)} at the end`;
console.log(`\nLoad average (1 min) on ${report.cpus} CPUs: ${load(report.loadAverage)}`);

const dir = new URL('results/', import.meta.url);
await mkdir(dir, { recursive: true });
await writeFile(new URL('latest.json', dir), `${JSON.stringify(report, null, 2)}\n`);
console.log('\nWrote bench/results/latest.json');
if (failed) process.exitCode = 1;
