import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/** A value for an HTML attribute in double quotes. */
export const escapeAttr = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The demo host page: a plain site, on its own origin, that embeds the widget with the real
 * script tag. It runs under the strict policy a careful site owner would set (no inline script or
 * style), so the demo itself proves the cross-origin and CSP path.
 */
export function demoPage(parleyUrl: string, siteKey: string, user?: DemoUser): string {
  const src = escapeAttr(`${parleyUrl}/widget.js`);
  // What the shop's backend does for a signed-in customer: it computes the identity hash.
  const identity = user
    ? ` data-user="${escapeAttr(user.id)}" data-name="${escapeAttr(user.name)}" data-email="${escapeAttr(user.email)}" data-hash="${escapeAttr(user.hash)}"`
    : '';
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
<p>The page uses the widget's API (<code>/demo.js</code>):
<button type="button" data-start="order">Ask about order A-1001</button>
${user ? `Signed in as ${escapeAttr(user.name)} (verified). <a href="/?logout=1">Sign out</a>` : '<a href="/?login=grace">Sign in as Grace (a verified identity)</a>'}
<span id="unread" aria-live="polite"></span></p>
</main>
<script src="/demo.js"${identity}></script>
<script src="${src}" data-site="${escapeAttr(siteKey)}" data-notify="title" async></script>
</body>
</html>
`;
}

/** A customer the demo shop signs in, with the identity hash its backend computed. */
export interface DemoUser {
  id: string;
  name: string;
  email: string;
  hash: string;
}

/**
 * The shop's own script, before the widget's: the queue stub, the identify of a signed-in
 * customer (and the logout as they sign out), a button starting a session from the "order"
 * template, and the unread count.
 */
const DEMO_JS = `window.Parley = window.Parley || function () { (window.Parley.q = window.Parley.q || []).push(arguments); };
(function () {
  var me = document.currentScript.dataset;
  if (me.user) Parley('identify', { userId: me.user, name: me.name, email: me.email, hash: me.hash });
  // Signing out: the widget forgets Grace, so the next person at this computer starts afresh.
  if (new URLSearchParams(location.search).has('logout')) Parley('logout');
  Parley('setAttributes', { plan: 'outdoor club', cartItems: 2 });
  Parley('on', 'unread', function (event) {
    var badge = document.getElementById('unread');
    if (badge) badge.textContent = event.count > 0 ? event.count + ' unread in the chat' : '';
  });
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-start]');
    if (button) Parley('startSession', { template: button.dataset.start, params: { order: 'A-1001' } });
  });
})();
`;

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
  user,
}: {
  /** Parley's base URL; a function when it is known only once Parley listens (tests, port 0). */
  parleyUrl: string | (() => string);
  siteKey: string;
  /** The customer "Sign in" shows (`/?login=…`), its hash made with the site's identity secret. */
  user?: DemoUser;
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
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    const { login } = request.query as { login?: string };
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', csp(new URL(baseUrl()).origin))
      .send(demoPage(baseUrl(), siteKey, login && login === user?.id ? user : undefined));
  };
  app.get('/', page);
  app.get('/demo', page);
  app.get('/demo.css', (_request, reply) => reply.type('text/css').send(DEMO_CSS));
  app.get('/demo.js', (_request, reply) => reply.type('text/javascript').send(DEMO_JS));
  return app;
}
