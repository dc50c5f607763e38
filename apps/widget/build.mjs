// Builds the widget into dist/: the host-page loader (IIFE, no Preact), the iframe app (ESM,
// Preact) with its CSS (and the history screen's, loaded with its chunk) and frame.html, one module per language other than English
// (dist/i18n/<locale>.js, loaded on demand), sizes.json, and the assets module the server imports
// to find dist/. Fails when a gzip budget is exceeded: size is a feature.
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import terser from '@rollup/plugin-terser';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { minify } from 'terser';
import { checkBudgets, LAZY_CSS } from './budgets.mjs';

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

/**
 * Leaves out the engine.io-client transports the widget never uses (about 2 KB gzip): its
 * XMLHttpRequest long-polling and WebTransport. The widget hands Socket.IO its transports as
 * implementations (WebSocket, then long-polling by `fetch`: chat-connection.ts), so engine.io
 * never reads its default table, whose entries for these two become `undefined` here.
 */
const UNUSED = {
  'engine.io-client': {
    'webtransport.js': 'export const WT = undefined;',
    'polling-xhr.js': 'export const XHR = undefined;',
    'polling-xhr.node.js': 'export const XHR = undefined;',
  },
  // Binary payloads: neither Parley's server nor the widget ever sends one (every event is JSON).
  'socket.io-parser': {
    'is-binary.js': 'export const isBinary = () => false; export const hasBinary = () => false;',
    'binary.js':
      'const none = () => { throw new Error("Parley: binary packets are not supported"); }; export { none as deconstructPacket, none as reconstructPacket };',
  },
  // The same at engine.io's level: only a binary packet over long-polling comes base64-encoded.
  'engine.io-parser': {
    'base64-arraybuffer.js':
      'const none = () => { throw new Error("Parley: binary packets are not supported"); }; export { none as decode, none as encode };',
  },
};
const withoutUnused = {
  name: 'without-unused',
  setup(builder) {
    // Socket.IO's packet codec, JSON only (src/socket/json-parser.ts): the same text protocol
    // without the binary machinery, about 1 KB gzip of the start-up budget.
    builder.onResolve({ filter: /^socket\.io-parser$/ }, () => ({
      path: fileURLToPath(new URL('src/socket/json-parser.ts', import.meta.url)),
    }));
    builder.onResolve(
      { filter: /\/(webtransport|polling-xhr(\.node)?|is-binary|binary|base64-arraybuffer)\.js$/ },
      ({ path, importer }) => {
        const pkg = Object.keys(UNUSED).find((name) => importer.includes(`/${name}/`));
        const file = path.split('/').pop();
        return pkg && UNUSED[pkg][file] ? { path: `${pkg}/${file}`, namespace: 'parley-stub' } : undefined;
      },
    );
    builder.onLoad({ filter: /.*/, namespace: 'parley-stub' }, ({ path }) => {
      const [pkg, file] = path.split('/');
      return { contents: UNUSED[pkg][file] };
    });
  },
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
    await writeFile(`${dist}/i18n/${locale}.js`, `export default ${JSON.stringify(values)};\n`);
  }
  return locales.map((locale) => `i18n/${locale}.js`);
}

/**
 * Terser's settings for the scripts the browser runs, a second minifier over esbuild's output:
 * two compress passes find what esbuild leaves (about 0.8 KB gzip of the app, 70 bytes of the
 * loader).
 */
const TERSER = { ecma: 2020, compress: { passes: 2 }, format: { comments: false } };

/**
 * The app: app.js and the chunks it imports at once (its part of the budget), and the chunks it
 * fetches later (`import()`: the forms, the rating, the page link), each measured under a
 * stable name such as `lazy/forms.js` with the chunks it needs beyond app.js's.
 * Two steps. esbuild compiles and bundles (TypeScript, JSX, the stubs above) into a scratch
 * folder; its code splitting puts the modules that app.js and a lazy chunk share into chunks of
 * their own, three more requests before the widget shows. Rollup then regroups those files:
 * whatever app.js loads anyway goes into app.js, and the lazy chunks import it from there. One
 * file compresses better than four (about 1 KB gzip), and terser minifies the result.
 */
async function buildApp() {
  const stage = await mkdtemp(join(tmpdir(), 'parley-widget-'));
  try {
    const { metafile } = await build({
      ...common,
      entryPoints: { app: 'src/app/main.tsx' },
      outdir: stage,
      splitting: true,
      chunkNames: '[name]-[hash]',
      format: 'esm',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      plugins: [withoutUnused],
      metafile: true,
    });
    /** Each lazy chunk's stable name, by its scratch file's absolute path. */
    const lazyNames = new Map(
      Object.entries(metafile.outputs)
        .filter(([file, output]) => output.entryPoint && !file.endsWith('/app.js'))
        .map(([file, output]) => [
          resolve(root, file),
          `lazy/${basename(output.entryPoint).replace(/\.tsx?$/, '.js')}`,
        ]),
    );
    /**
     * A chunk's lazy name: its entry's, or, where Rollup merged a lazy entry with the modules only
     * it loads (a chunk that a lazy chunk imports in turn: read-mark.tsx's rich-message.tsx), and
     * so gave it no facade, that entry's among its modules.
     */
    const lazyName = ({ facadeModuleId, moduleIds }) =>
      lazyNames.get(facadeModuleId) ?? moduleIds.map((id) => lazyNames.get(id)).find(Boolean);
    const bundle = await rollup({ input: { app: join(stage, 'app.js') }, preserveEntrySignatures: false });
    const { output } = await bundle.write({
      dir: dist,
      format: 'es',
      chunkFileNames: (chunk) => `chunks/${basename(lazyName(chunk) ?? 'shared.js', '.js')}-[hash].js`,
      plugins: [terser({ ...TERSER, module: true })],
    });
    await bundle.close();
    const chunks = new Map(output.filter((o) => o.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
    /** A chunk with every chunk it imports statically, recursively. */
    const closure = (file, seen = new Set()) => {
      if (seen.has(file)) return seen;
      seen.add(file);
      for (const imported of chunks.get(file).imports) closure(imported, seen);
      return seen;
    };
    const sizeOf = (files) => {
      let bytes = 0;
      let gzip = 0;
      for (const file of files) {
        const content = Buffer.from(chunks.get(file).code);
        bytes += content.length;
        gzip += gzipSync(content, { level: 9 }).length;
      }
      return { bytes, gzip };
    };
    const app = closure('app.js');
    const sizes = { 'app.js': sizeOf(app) };
    for (const chunk of chunks.values()) {
      if (!chunk.isDynamicEntry) continue;
      const name = lazyName(chunk);
      if (!name) throw new Error(`${chunk.fileName}: no lazy entry point behind it`);
      sizes[name] = sizeOf([...closure(chunk.fileName)].filter((file) => !app.has(file)));
    }
    // Every chunk beyond app.js's, each counted once: what the lazy parts weigh together.
    sizes['lazy/*'] = sizeOf([...chunks.keys()].filter((file) => !app.has(file)));
    return sizes;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** The loader: one IIFE, minified by esbuild and then by terser, like the app. */
async function buildLoader() {
  const { outputFiles } = await build({
    ...common,
    entryPoints: ['src/loader/loader.ts'],
    format: 'iife',
    write: false,
  });
  const { code } = await minify(outputFiles[0].text, TERSER);
  await writeFile(`${dist}/loader.js`, code);
}

const [localeFiles, appSizes] = await Promise.all([
  buildLocales(),
  buildApp(),
  buildLoader(),
  // app.css, and the stylesheets that come with chunks: the history screen's (history-screen.tsx),
  // formatted text's, the message box's, the closed chat's, files', rich messages' and time
  // labels' (`lazy(load, stylesheet)`, rich-message.tsx, read-mark.tsx).
  build({
    ...common,
    entryPoints: {
      app: 'src/app/app.css',
      history: 'src/app/history/history.css',
      markup: 'src/app/markup/markup.css',
      'message-box': 'src/app/components/message-box.css',
      'closed-dock': 'src/app/components/closed-dock.css',
      files: 'src/app/files/files.css',
      rich: 'src/app/components/rich.css',
      'read-mark': 'src/app/components/read-mark.css',
    },
    outdir: dist,
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

const sizes = { ...appSizes };
for (const file of ['loader.js', 'frame.html', 'app.css', ...LAZY_CSS, ...localeFiles]) {
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
