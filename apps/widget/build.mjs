// Builds the widget into dist/: the host-page loader (IIFE, no Preact), the iframe app (ESM,
// Preact) with its CSS and frame.html, one module per language other than English
// (dist/i18n/<locale>.js, loaded on demand), sizes.json, and the assets module the server imports
// to find dist/. Fails when a gzip budget is exceeded: size is a feature.
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { checkBudgets } from './budgets.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = `${root}dist`;

/** The browsers the widget supports; CSS is lowered for them. */
const BROWSERS = ['chrome90', 'firefox90', 'safari14', 'edge90'];

const common = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  platform: 'browser',
  // What every one of BROWSERS runs (optional chaining, `??`): no longer ES2019 spelling of it.
  target: 'es2020',
  define: { 'process.env.NODE_ENV': '"production"' },
};

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

/** Bundles a TypeScript module in memory and imports it: the build reads dictionaries as data. */
async function importModule(entry) {
  const { outputFiles } = await build({ ...common, entryPoints: [entry], format: 'esm', write: false });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].contents).toString('base64')}`);
}

/**
 * Every file in src/app/i18n/locales/ is a language: de.ts becomes dist/i18n/de.js, its texts in
 * the order of English's keys, without the keys (half the size; i18n/locale.ts puts them back).
 * A missing or unknown key fails the build.
 */
async function buildLocales() {
  const { en } = await importModule('src/app/i18n/en.ts');
  const keys = Object.keys(en);
  const locales = (await readdir(`${root}src/app/i18n/locales`))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => file.slice(0, -'.ts'.length));
  await mkdir(`${dist}/i18n`);
  for (const locale of locales) {
    const { default: texts } = await importModule(`src/app/i18n/locales/${locale}.ts`);
    const wrong = [
      ...keys.filter((key) => !texts[key]),
      ...Object.keys(texts).filter((key) => !Object.hasOwn(en, key)),
    ];
    if (wrong.length > 0) throw new Error(`${locale}.ts: missing or unknown keys ${wrong.join(', ')}`);
    const values = keys.map((key) => texts[key]);
    await writeFile(
      `${dist}/i18n/${locale}.js`,
      `export default ${JSON.stringify(values)};
`,
    );
  }
  return locales.map((locale) => `i18n/${locale}.js`);
}

const [localeFiles] = await Promise.all([
  buildLocales(),
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
    target: BROWSERS,
  }),
  copyFile(`${root}src/app/frame.html`, `${dist}/frame.html`),
]);

await writeFile(
  `${dist}/assets.js`,
  [
    "import { fileURLToPath } from 'node:url';",
    '',
    '/** Absolute path of the built widget files (loader.js, frame.html, app.js, app.css, i18n/*.js). */',
    "export const widgetDist = fileURLToPath(new URL('.', import.meta.url));",
    '',
  ].join('\n'),
);
await writeFile(
  `${dist}/assets.d.ts`,
  '/** Absolute path of the built widget files (loader.js, frame.html, app.js, app.css, i18n/*.js). */\nexport declare const widgetDist: string;\n',
);

const sizes = {};
for (const file of ['loader.js', 'frame.html', 'app.js', 'app.css', ...localeFiles]) {
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
for (const { name, files, gzip, budget, ok } of checkBudgets(sizes)) {
  over ||= !ok;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name}: ${kb(gzip)} gzip of ${kb(budget)} (${files.join(' + ')})`);
}
if (over) {
  console.error('Widget size budget exceeded (see above).');
  process.exit(1);
}
