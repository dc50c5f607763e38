/**
 * Embedding the widget on someone else's site, in a real Chromium: a host page under the strict
 * policy a careful site owner sets (docs/embedding.md), and a host page whose global CSS attacks
 * every element. Needs the widget built (`npm run build` in apps/widget).
 */
import { type Bot, createBot } from '@parley/bot';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bubble, chat, launchBrowser, noProblems, settle, snapshot, watchPage } from '../../test/browser.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { type HostSite, startHostSite } from '../../test/host-site.js';

/** Records the host page's CSP violations; a file, since the policy forbids inline scripts. */
const LISTEN_JS = `window.__violations = [];
document.addEventListener('securitypolicyviolation', function (event) {
  window.__violations.push(event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sourceFile);
});
`;

/** A reset plus rules aimed at the loader's iframe, all `!important`, as careless themes ship. */
const HOSTILE_CSS = `*, *::before, *::after { all: unset !important; box-sizing: content-box !important; }
html, body { font-size: 40px !important; line-height: 3 !important; }
div, button { display: block !important; margin: 20px !important; padding: 20px !important;
  font-size: 40px !important; background: yellow !important; }
iframe { display: block !important; width: 10px !important; height: 10px !important;
  position: static !important; border: 5px solid red !important; opacity: .2 !important;
  transform: rotate(10deg) !important; }
`;

/** The page a site owner writes: the listener first (same origin), then the embed snippet. */
const hostPage = (parleyUrl: string, stylesheet?: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Strict host</title>
<link rel="icon" href="data:,">
${stylesheet ? `<link rel="stylesheet" href="${stylesheet}">` : ''}
<script src="/listen.js"></script>
</head>
<body>
<div><button type="button">A host button</button></div>
<p>Some host content.</p>
<script src="${parleyUrl}/widget.js" data-site="demo" async></script>
</body>
</html>
`;

const violations = (page: Page) => page.evaluate('window.__violations') as Promise<string[]>;

async function frameBox(page: Page) {
  const box = await page.locator('iframe[title="Chat"]').boundingBox();
  if (!box) throw new Error('The chat iframe is not laid out');
  return box;
}

/**
 * Computed styles, inside the frame, of what a visitor sees of the open panel. Not sizes: those
 * follow the iframe's own size, which the last test is about. (A string: this package has no DOM
 * types, as in widget.browser.test.ts.)
 */
const PANEL_STYLES = `(() => {
  const pick = (selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const s = getComputedStyle(element);
    return [s.display, s.fontSize, s.fontFamily, s.color, s.backgroundColor, s.margin, s.padding];
  };
  return ['html', 'body', '[role="dialog"]', 'textarea', 'button[aria-label="Close chat window"]'].map(pick);
})()`;

/** Runs a script inside the widget's (cross-origin) frame. */
async function inFrame(page: Page, script: string): Promise<unknown> {
  const frame = page.frames().find((f) => new URL(f.url()).pathname === '/widget/frame.html');
  if (!frame) throw new Error('No widget frame in the page');
  return frame.evaluate(script);
}

describe('embedding the widget on a host site', { timeout: 60_000 }, () => {
  let host: HostSite;
  let parley: RunningParley;
  let bot: Bot;
  let browser: Browser;

  beforeAll(async () => {
    host = await startHostSite({
      '/': { type: 'html', body: (url) => hostPage(url) },
      '/hostile': { type: 'html', body: (url) => hostPage(url, '/hostile.css') },
      '/listen.js': { type: 'js', body: () => LISTEN_JS },
      '/hostile.css': { type: 'css', body: () => HOSTILE_CSS },
    });
    // One time for every event: the welcome's time label is in the panel's screenshots, which
    // must be the same pixels whenever each is taken (two taken across a minute's turn differed).
    const startedAt = Date.now();
    parley = await startParley({
      config: (base) => ({
        ...base,
        sites: base.sites.map((s) => ({ ...s, allowedOrigins: [...s.allowedOrigins, host.origin] })),
      }),
      clock: () => startedAt,
    });
    host.parleyUrl = parley.url;
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', async (session) => {
      await session.say('Welcome!');
    });
    bot.on('message', async (session, message) => {
      await session.say(`You said: ${message.text}`);
    });
    await bot.ready;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await parley?.close();
    await host?.close();
  });

  const open = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    return { context, page };
  };

  it('chats under the strict host policy without a single CSP violation, host or frame', async () => {
    const { context, page } = await open();
    // Console errors cover the frame: Chromium reports a refusal there as "Refused to …".
    const problems = watchPage(page);
    const response = await page.goto(`${host.origin}/`);
    expect(response?.headers()['content-security-policy']).toBe(
      `script-src 'self' ${new URL(parley.url).origin}; frame-src ${new URL(parley.url).origin}; style-src 'self'`,
    );

    await chat(page).getByRole('button', { name: 'Open chat' }).click();
    await bubble(page, 'Welcome!').waitFor();
    const input = chat(page).getByRole('textbox', { name: 'Message' });
    await input.fill('Hello from a strict site');
    await input.press('Enter');
    await bubble(page, 'You said: Hello from a strict site').waitFor();
    await snapshot(page, 'embedding-strict');

    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual(noProblems);
    await context.close();
  });

  // Both origins here are on 127.0.0.1: the same site. Without `Origin-Agent-Cluster`, Chromium
  // runs such a frame in the host page's process, where its work is the host's long tasks.
  it('runs the widget’s frame in a process of its own, even inside a host page of the same site', async () => {
    const { context, page } = await open();
    const frameResponse = page.waitForResponse((r) => new URL(r.url()).pathname === '/widget/frame.html');
    await page.goto(`${host.origin}/`);
    expect((await frameResponse).headers()['origin-agent-cluster']).toBe('?1');
    await chat(page).getByRole('button', { name: 'Open chat' }).waitFor();
    const frame = page.frames().find((f) => new URL(f.url()).pathname === '/widget/frame.html');
    if (!frame) throw new Error('No widget frame in the page');
    // Playwright gives a frame a CDP session of its own only when it has a process of its own.
    const session = await context.newCDPSession(frame);
    await session.detach();
    await context.close();
  });

  /** Opens a host page, records the closed and open iframe box, and the open panel's look. */
  const measure = async (path: string) => {
    const { context, page } = await open();
    const problems = watchPage(page);
    await page.goto(`${host.origin}${path}`);
    await chat(page).getByRole('button', { name: 'Open chat' }).waitFor();
    const closed = await frameBox(page);
    // From the page, not a click: hostile CSS may leave the launcher too small to click.
    await page.evaluate("window.Parley('open')");
    await bubble(page, 'Welcome!').waitFor();
    // The loader has applied its open layout (whether or not the host's CSS lets it show).
    const styleWidth = () => page.evaluate(`document.querySelector('iframe[title="Chat"]').style.width`);
    await expect.poll(styleWidth, settle).toBe('432px');
    const opened = await frameBox(page);
    // The message box is a chunk fetched as the panel opens: measured once it is there (a loaded
    // machine once measured before it came, and compared a missing box).
    await chat(page).locator('textarea').waitFor(settle);
    const styles = await inFrame(page, PANEL_STYLES);
    // The panel, not the frame's body: the iframe is transparent, so the host page shows around it.
    const shot = await chat(page).getByRole('dialog').screenshot({ animations: 'disabled', caret: 'hide' });
    await snapshot(page, `embedding${path.replace('/', '-') || '-plain'}`);
    const seen = { violations: await violations(page), problems };
    await context.close();
    return { closed, opened, styles, shot, seen };
  };

  it('keeps the inside of the frame untouched by the host page’s global CSS', async () => {
    const plain = await measure('/');
    const hostile = await measure('/hostile');
    expect(hostile.styles).toEqual(plain.styles);
    expect(hostile.seen).toEqual({ violations: [], problems: noProblems });
  });

  // The loader sets its iframe's styles `!important` and pins display, opacity and transform;
  // without that, HOSTILE_CSS turned the frame into a 23 px rotated square at the page's left edge.
  it('keeps the iframe’s place and size against `!important` rules on the host page', async () => {
    const plain = await measure('/');
    const hostile = await measure('/hostile');
    expect(hostile.closed).toEqual(plain.closed);
    expect(hostile.opened).toEqual(plain.opened);
    expect(hostile.shot.equals(plain.shot)).toBe(true);
  });
});
