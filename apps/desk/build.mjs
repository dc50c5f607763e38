// Builds the desk into dist/: index.html (served by the server at /desk), desk.js (ESM, Preact
// and socket.io-client, minified), chunks/ (what loads on demand: the Reports view with uPlot),
// desk.css and the favicon. The page's CSP allows only these
// same-origin files, so nothing is inlined. Prints the gzip sizes: size is a feature.
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = `${root}dist`;

const common = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  platform: 'browser',
};

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

await Promise.all([
  build({
    ...common,
    entryPoints: { desk: 'src/main.tsx' },
    outdir: 'dist',
    // A dynamic import() becomes a chunk of its own, fetched when first needed: the Reports view
    // and uPlot (issue 15, item 6) stay out of desk.js.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
  }),
  build({
    ...common,
    entryPoints: ['src/desk.css'],
    outfile: 'dist/desk.css',
    // CSS is lowered for browsers, not an ECMAScript version.
    target: ['chrome90', 'firefox90', 'safari14', 'edge90'],
  }),
  copyFile(`${root}src/index.html`, `${dist}/index.html`),
  copyFile(`${root}src/favicon.svg`, `${dist}/favicon.svg`),
]);

const sizes = {};
const chunks = (await readdir(`${dist}/chunks`)).map((name) => `chunks/${name}`);
for (const file of ['index.html', 'desk.js', 'desk.css', ...chunks]) {
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
