/**
 * A site owner's web site for browser tests, on its own origin (port 0): pages under the strict
 * policy docs/embedding.md gives to site owners, and the files they load.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { SiteConfig } from '../src/config/config-schema.js';
import { escapeAttr } from '../src/http/demo-host.js';
import { launchBrowser } from './browser.js';
import { type RunningParley, type StartOptions, startParley } from './harness.js';

export interface HostSite {
  origin: string;
  /** Set once Parley listens: the pages need its URL, Parley needs this origin first. */
  parleyUrl: string;
  close(): Promise<void>;
}

/** A file of the site: an HTML page (served with the strict CSP) or a script or stylesheet. */
export interface HostFile {
  type: 'html' | 'js' | 'css';
  /** The file's text, for Parley at `parleyUrl`, asked for with this query string. */
  body(parleyUrl: string, query: URLSearchParams): string;
}

const TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript',
  css: 'text/css',
} as const;

/**
 * Serves `files` by path; every page gets `script-src 'self' PARLEY; frame-src PARLEY;
 * style-src 'self'`, nothing looser.
 * @example const host = await startHostSite({ '/': { type: 'html', body: (url) => page(url) } });
 */
export async function startHostSite(files: Record<string, HostFile>): Promise<HostSite> {
  const site: HostSite = { origin: '', parleyUrl: '', close: async () => {} };
  const server: Server = createServer((request, response) => {
    const { pathname, searchParams } = new URL(request.url ?? '/', 'http://host.invalid');
    const file = files[pathname];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    const parleyOrigin = new URL(site.parleyUrl).origin;
    response.writeHead(200, {
      'content-type': TYPES[file.type],
      ...(file.type === 'html'
        ? {
            'content-security-policy': `script-src 'self' ${parleyOrigin}; frame-src ${parleyOrigin}; style-src 'self'`,
          }
        : {}),
    });
    response.end(file.body(site.parleyUrl, searchParams));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site.close = () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  return site;
}

/** Enough of the host's own content to scroll, even on a phone (look.browser.test.ts scrolls it). */
const filler = Array.from({ length: 60 }, (_, i) => `<p>Host paragraph ${i + 1}.</p>`).join('\n');

/**
 * The page a site owner writes, its embed snippet's attributes from the query string:
 * `/?site=demo&locale=ar&launcher-label=Ask` embeds `<script … data-site="demo" data-locale="ar"
 * data-launcher-label="Ask">` (`site` is `demo` unless given).
 */
const embedPage = (parleyUrl: string, query: URLSearchParams) => {
  const attributes = new Map([['site', 'demo'], ...query]);
  const data = [...attributes]
    .filter(([name]) => /^[a-z][a-z-]*$/.test(name))
    .map(([name, value]) => ` data-${name}="${escapeAttr(value)}"`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>Host</title><link rel="icon" href="data:,"></head>
<body><main><h1>A host page</h1><p>Its own content.</p>
${filler}</main>
<script src="${escapeAttr(parleyUrl)}/widget.js"${data} async></script>
</body>
</html>
`;
};

export interface EmbeddedParley {
  parley: RunningParley;
  host: HostSite;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Parley with the demo site plus the sites `extraSites` makes from it, every one embeddable from
 * a host site whose `/` page embeds the widget with the query string's attributes (`embedPage`),
 * and a Chromium to visit it. `options`: the rest of the server's (`withRecords`, say).
 * @example const rig = await startEmbedded((demo) => [{ ...demo, key: 'styled', appearance: { theme: 'dark' } }]);
 */
export async function startEmbedded(
  extraSites: (demo: SiteConfig) => SiteConfig[] = () => [],
  options: Omit<StartOptions, 'config'> = {},
): Promise<EmbeddedParley> {
  const host = await startHostSite({ '/': { type: 'html', body: embedPage } });
  const parley = await startParley({
    ...options,
    config: (base) => {
      const [demo] = base.sites;
      if (!demo) throw new Error('the demo config has no site');
      const sites = [demo, ...extraSites(demo)].map((site) => ({
        ...site,
        allowedOrigins: [...new Set([...site.allowedOrigins, host.origin])],
      }));
      return { ...base, sites };
    },
  });
  host.parleyUrl = parley.url;
  const browser = await launchBrowser();
  return {
    parley,
    host,
    browser,
    async close() {
      await browser.close();
      await parley.close();
      await host.close();
    },
  };
}
