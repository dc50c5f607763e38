import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';

const escapeAttr = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The demo host page: a plain site, on its own origin, that embeds the widget with the real
 * script tag. It runs under the strict policy a careful site owner would set (no inline script or
 * style), so the demo itself proves the cross-origin and CSP path.
 */
export function demoPage(parleyUrl: string, siteKey: string): string {
  const src = escapeAttr(`${parleyUrl}/widget.js`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Outdoor — Parley demo</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/demo.css">
</head>
<body>
<header><strong>Acme Outdoor</strong><nav><a href="/">Home</a> <a href="/?page=tents">Tents</a> <a href="/?page=support">Support</a></nav></header>
<main>
<h1>Gear for every trail</h1>
<p>This is a demo shop page on its own origin. The chat button in the corner is Parley's widget,
loaded with one script tag. Ask the bot about opening hours or shipping, or say anything.</p>
</main>
<script src="${src}" data-site="${escapeAttr(siteKey)}" async></script>
</body>
</html>
`;
}

const DEMO_CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1f2933;background:#f7f7f2}
header{display:flex;justify-content:space-between;padding:1rem 2rem;background:#234e52;color:#fff}
header a{color:#fff;margin-left:1rem}main{max-width:40rem;margin:3rem auto;padding:0 1.5rem}
`;

/**
 * A tiny web server for the demo host page.
 * @example const host = createDemoHost({ parleyUrl: 'http://localhost:3000', siteKey: 'demo' });
 */
export function createDemoHost({
  parleyUrl,
  siteKey,
}: {
  /** Parley's base URL; a function when it is known only once Parley listens (tests, port 0). */
  parleyUrl: string | (() => string);
  siteKey: string;
}): FastifyInstance {
  const app = Fastify({ logger: false });
  const baseUrl = typeof parleyUrl === 'string' ? () => parleyUrl : parleyUrl;
  const csp = (parleyOrigin: string) =>
    [
      "default-src 'self'",
      `script-src 'self' ${parleyOrigin}`,
      `frame-src ${parleyOrigin}`,
      "style-src 'self'",
      "img-src 'self' data:",
    ].join('; ');
  const page = (_request: unknown, reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', csp(new URL(baseUrl()).origin))
      .send(demoPage(baseUrl(), siteKey));
  app.get('/', page);
  app.get('/demo', page);
  app.get('/demo.css', (_request, reply) => reply.type('text/css').send(DEMO_CSS));
  return app;
}
