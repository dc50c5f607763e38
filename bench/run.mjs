// Runs every Parley benchmark in sequence, prints a summary table per bench, and writes all the
// figures to bench/results/latest.json (git-ignored). Figures only: nothing here asserts a
// timing. Exits non-zero when a bench fails or the widget is past its size budget.
// Run: `npm run bench` from the repository root (builds first).
// Env: BENCH_VISITORS (default 50), BENCH_MESSAGES (default 20), REDIS_URL (only without
// redis-server on PATH), LOG_LEVEL (server logs, default warn).
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import * as messageRoundtrip from './message-roundtrip.mjs';
import * as widgetSize from './widget-size.mjs';

const BENCHES = [
  { name: 'message-roundtrip', title: 'Message round trip (latencies in ms)', module: messageRoundtrip },
  { name: 'widget-size', title: 'Widget size (gzip)', module: widgetSize },
];

const report = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  benches: {},
};
let failed = false;
for (const bench of BENCHES) {
  console.log(`\n${bench.title}`);
  try {
    const results = await bench.module.run();
    report.benches[bench.name] = results;
    console.table(bench.module.table(results));
    for (const r of results) {
      for (const error of r.errors ?? []) console.error(`  ${r.store}: ${error}`);
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

const dir = new URL('results/', import.meta.url);
await mkdir(dir, { recursive: true });
await writeFile(new URL('latest.json', dir), `${JSON.stringify(report, null, 2)}\n`);
console.log('\nWrote bench/results/latest.json');
if (failed) process.exitCode = 1;
