// The host site of the long-task bench: a plain page on its own port (node:http, no framework),
// with or without the widget's embed snippet, and the same-origin script in its <head> that
// starts recording long tasks before anything else on the page runs.
import { once } from 'node:events';
import { createServer } from 'node:http';

/**
 * Runs in the host page before any other script: keeps every long task
 * (https://w3c.github.io/longtasks/) from the page's start, each run of the loader's code that
 * a long animation frame names (https://w3c.github.io/long-animation-frames/: scripts of 5 ms
 * or more, so a long task of the host's own context can be told to be the loader's), and the
 * moment the widget's frame says it is ready. Serialised with `String(fn)`: self-contained.
 */
function observeLongTasks() {
  const bench = { longTasks: [], loaderScripts: [], readyAt: null };
  const keepTasks = (entries) => {
    for (const entry of entries) {
      bench.longTasks.push({
        startTime: entry.startTime,
        duration: entry.duration,
        name: entry.name,
        attribution: entry.attribution.map((a) => ({
          containerType: a.containerType,
          containerSrc: a.containerSrc,
        })),
      });
    }
  };
  const keepLoaderScripts = (frames) => {
    for (const frame of frames) {
      for (const script of frame.scripts) {
        if (!script.sourceURL.endsWith('/widget.js')) continue;
        const { startTime, duration, invoker } = script;
        bench.loaderScripts.push({ startTime, duration, invoker });
      }
    }
  };
  const tasks = new PerformanceObserver((list) => keepTasks(list.getEntries()));
  tasks.observe({ type: 'longtask', buffered: true });
  const frames = new PerformanceObserver((list) => keepLoaderScripts(list.getEntries()));
  frames.observe({ type: 'long-animation-frame', buffered: true });
  // Entries queued but not delivered yet are taken too, so none is missed.
  bench.take = () => {
    keepTasks(tasks.takeRecords());
    keepLoaderScripts(frames.takeRecords());
    return { longTasks: bench.longTasks, loaderScripts: bench.loaderScripts };
  };
  addEventListener('message', (event) => {
    if (bench.readyAt === null && event.data?.source === 'parley' && event.data.type === 'ready') {
      bench.readyAt = performance.now();
    }
  });
  window.parleyBench = bench;
}

const page = (snippet) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host page — Parley long-task bench</title>
<link rel="icon" href="data:,">
<script src="/observe-long-tasks.js"></script>
</head>
<body>
<h1>A plain host page</h1>
<p>Nothing runs here but the long-task observer${snippet ? ' and the widget' : ''}.</p>
${snippet}
</body>
</html>
`;

/**
 * Serves `/` (the page with the embed snippet), `/?widget=0` (the same page without it) and the
 * observer script, on 127.0.0.1 (reached as `127.0.0.1` or as `localhost`).
 * @example const host = await startHostSite(() => parleyUrl); ...; await host.close();
 */
export async function startHostSite(parleyUrl) {
  const observer = `(${observeLongTasks})();\n`;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host.invalid');
    if (url.pathname === '/observe-long-tasks.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(observer);
    } else if (url.pathname === '/') {
      const snippet =
        url.searchParams.get('widget') === '0'
          ? ''
          : `<script src="${parleyUrl()}/widget.js" data-site="demo" async></script>`;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(snippet));
    } else {
      response.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  return {
    port,
    async close() {
      server.close();
      await once(server, 'close');
    },
  };
}
