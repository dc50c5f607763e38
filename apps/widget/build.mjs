// Builds the widget into dist/: the host-page loader (IIFE, no Preact), the iframe app (ESM,
// Preact) with its CSS and frame.html, sizes.json, and the assets module the server imports to
// find dist/. Fails when a gzip budget is exceeded: size is a feature.
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { checkBudgets } from './budgets.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = `${root}dist`;

const common = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  platform: 'browser',
  target: 'es2019',
  define: { 'process.env.NODE_ENV': '"production"' },
};

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

await Promise.all([
  build({ ...common, entryPoints: ['src/loader/loader.ts'], outfile: 'dist/loader.js', format: 'iife' }),
  build({
    ...common,
    entryPoints: ['src/app/main.tsx'],
    outfile: 'dist/app.js',
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
  }),
  build({
    ...common,
    entryPoints: ['src/app/app.css'],
    outfile: 'dist/app.css',
    // CSS is lowered for browsers, not an ECMAScript version.
    target: ['chrome90', 'firefox90', 'safari14', 'edge90'],
  }),
  copyFile(`${root}src/app/frame.html`, `${dist}/frame.html`),
]);

await writeFile(
  `${dist}/assets.js`,
  [
    "import { fileURLToPath } from 'node:url';",
    '',
    '/** Absolute path of the built widget files (loader.js, frame.html, app.js, app.css). */',
    "export const widgetDist = fileURLToPath(new URL('.', import.meta.url));",
    '',
  ].join('\n'),
);
await writeFile(
  `${dist}/assets.d.ts`,
  '/** Absolute path of the built widget files (loader.js, frame.html, app.js, app.css). */\nexport declare const widgetDist: string;\n',
);

const sizes = {};
for (const file of ['loader.js', 'frame.html', 'app.js', 'app.css']) {
  const content = await readFile(`${dist}/${file}`);
  sizes[file] = { bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
}
await writeFile(`${dist}/sizes.json`, `${JSON.stringify(sizes, null, 2)}\n`);

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.table(
  Object.fromEntries(
    Object.entries(sizes).map(([file, size]) => [file, { bytes: kb(size.bytes), gzip: kb(size.gzip) }]),
  ),
);
let over = false;
for (const { name, gzip, budget, ok } of checkBudgets(sizes)) {
  over ||= !ok;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name}: ${kb(gzip)} gzip of ${kb(budget)}`);
}
if (over) {
  console.error('Widget size budget exceeded (see above).');
  process.exit(1);
}
