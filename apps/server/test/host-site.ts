/**
 * A site owner's page for browser tests, on its own origin (port 0): it embeds the widget with the
 * script tag attributes given in its query string (`/?site=demo&locale=ar` becomes
 * `data-site="demo" data-locale="ar"`; the site is `demo` unless given), under the strict policy
 * docs/embedding.md gives site owners, and is long enough to scroll.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { SiteConfig } from '../src/config/config-schema.js';
import { launchBrowser } from './browser.js';
import { type RunningParley, startParley } from './harness.js';

export interface HostSite {
  origin: string;
  /** Set once Parley listens: the page needs its URL, Parley needs this origin first. */
  parleyUrl: string;
  close(): Promise<void>;
}

const escapeAttr = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The page: 60 paragraphs, then the script tag with the given `data-*` attributes. */
export function hostPage(parleyUrl: string, attributes: URLSearchParams): string {
  const given = [...attributes].filter(([name]) => name !== 'site');
  const data = [['site', attributes.get('site') ?? 'demo'] as const, ...given]
    .filter(([name]) => /^[a-z][a-z-]*$/.test(name))
    .map(([name, value]) => ` data-${name}="${escapeAttr(value)}"`)
    .join('');
  const paragraphs = Array.from({ length: 60 }, (_, i) => `<p>Host paragraph ${i + 1}.</p>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>Host page</title>
<link rel="icon" href="data:,">
</head>
<body>
${paragraphs}
<script src="${escapeAttr(parleyUrl)}/widget.js"${data} async></script>
</body>
</html>
`;
}

/**
 * Starts the host site; add its `origin` to the demo site's `allowedOrigins`, then set `parleyUrl`.
 * @example const host = await startHostSite(); ...; await page.goto(`${host.origin}/?locale=de`);
 */
export async function startHostSite(): Promise<HostSite> {
  const site: HostSite = { origin: '', parleyUrl: '', close: async () => {} };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host.invalid');
    if (url.pathname !== '/') {
      response.writeHead(404).end();
      return;
    }
    const parleyOrigin = new URL(site.parleyUrl).origin;
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `script-src 'self' ${parleyOrigin}; frame-src ${parleyOrigin}; style-src 'self'`,
    });
    response.end(hostPage(site.parleyUrl, url.searchParams));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site.close = () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  return site;
}

export interface EmbeddedParley {
  host: HostSite;
  parley: RunningParley;
  browser: Browser;
  /** Stops the browser, Parley and the host site. */
  close(): Promise<void>;
}

/**
 * What a browser test of the embedded widget needs: a host site, Parley with the demo site (and
 * any `moreSites`, made from it) embeddable from that host, and Chromium.
 * @example const { host, parley, browser } = await startEmbedded((demo) => [{ ...demo, key: 'other' }]);
 */
export async function startEmbedded(
  moreSites: (demo: SiteConfig) => SiteConfig[] = () => [],
): Promise<EmbeddedParley> {
  const host = await startHostSite();
  const parley = await startParley({
    config: (base) => {
      const sites = base.sites.map((s) => ({ ...s, allowedOrigins: [...s.allowedOrigins, host.origin] }));
      return { ...base, sites: sites[0] ? [...sites, ...moreSites(sites[0])] : sites };
    },
  });
  host.parleyUrl = parley.url;
  const browser = await launchBrowser();
  return {
    host,
    parley,
    browser,
    async close() {
      await browser.close();
      await parley.close();
      await host.close();
    },
  };
}
