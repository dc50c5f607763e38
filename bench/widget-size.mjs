// Measures the widget's download size: the host-page loader's gzip size, the iframe's start-up
// total (frame.html + app.js + app.css + the largest language file; and with the chunk its panel
// opens on: the message box, or the forms for a site with a pre-chat form), and everything the
// iframe can ever load (every lazy chunk and stylesheet, issue 14), from the sizes.json the
// widget build writes, against the budgets (apps/widget/budgets.mjs).
// Exits non-zero when one is exceeded.
// Run: `npm run bench` (builds first), or `node bench/widget-size.mjs` after a build.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { checkBudgets } from '../apps/widget/budgets.mjs';

const SIZES = new URL('../apps/widget/dist/sizes.json', import.meta.url);

/** Each budget's gzip total, in bytes, and whether it fits. */
export async function run() {
  const sizes = JSON.parse(await readFile(SIZES, 'utf8'));
  return checkBudgets(sizes);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

/** Rows for console.table. */
export function table(results) {
  return results.map((r) => ({
    bundle: r.name,
    files: r.files.join(' + '),
    gzip: kb(r.gzip),
    budget: kb(r.budget),
    used: `${Math.round((100 * r.gzip) / r.budget)}%`,
    status: r.ok ? 'ok' : 'OVER',
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await run();
  console.table(table(results));
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}
