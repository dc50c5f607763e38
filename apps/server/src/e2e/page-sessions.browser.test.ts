/**
 * Issue 13, the page's session API in a real Chromium, on a host site with a strict policy:
 * `Parley('startSession', { template, params, correlationId }, callback)` queued before the loader
 * calls back with the session's id once it is open (the session keeps the correlation id; a
 * second call, with it open, gets the same id), and `Parley('stopSession')` ends it as the
 * visitor closing it would. Needs the widget built.
 */
import { type Bot, createBot } from '@parley/bot';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bubble, launchBrowser, noProblems, settle, watchPage } from '../../test/browser.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { type HostSite, startHostSite } from '../../test/host-site.js';

/** The queue stub and a startSession made before the widget's script loads. */
const PAGE_JS = `window.Parley = window.Parley || function () { (window.Parley.q = window.Parley.q || []).push(arguments); };
window.__started = [];
Parley('startSession', { template: 'order', params: { order: 'A-9' }, correlationId: 'crm-42' }, function (result) {
  window.__started.push(result);
});
`;

const hostPage = (parleyUrl: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Shop</title><link rel="icon" href="data:,">
<script src="/page.js"></script>
</head>
<body><p>A shop.</p>
<script src="${parleyUrl}/widget.js" data-site="demo" async></script>
</body>
</html>
`;

const started = (page: Page) => page.evaluate('window.__started') as Promise<Array<{ sessionId: string }>>;

describe('the page’s startSession and stopSession', { timeout: 90_000 }, () => {
  let host: HostSite;
  let parley: RunningParley;
  let bot: Bot;
  let browser: Browser;

  beforeAll(async () => {
    host = await startHostSite({
      '/': { type: 'html', body: hostPage },
      '/page.js': { type: 'js', body: () => PAGE_JS },
    });
    parley = await startParley({
      config: (base) => ({
        ...base,
        sites: base.sites.map((s) => ({
          ...s,
          allowedOrigins: [...s.allowedOrigins, host.origin],
          templates: {
            order: { bot: 'welcome', welcome: 'Questions about order {order}?', params: {}, prechatForm: [] },
          },
        })),
      }),
    });
    host.parleyUrl = parley.url;
    bot = createBot({ url: parley.url, token: demoBotToken });
    await bot.ready;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await parley?.close();
    await host?.close();
  });

  it('calls back with the id of the session it started, keeps the correlation id, and stops it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(host.origin);

    await bubble(page, 'Questions about order A-9?').waitFor(settle);
    await expect.poll(() => started(page), settle).toHaveLength(1);
    const [first] = await started(page);
    const sessionId = first?.sessionId ?? '';
    const session = await parley.store.getSession(sessionId);
    expect(session).toMatchObject({ status: 'bot', correlationId: 'crm-42', data: { order: 'A-9' } });

    // With the session open, another call is called back with the same session.
    await page.evaluate(
      "Parley('startSession', { template: 'order' }, function (result) { window.__started.push(result); })",
    );
    await expect.poll(() => started(page), settle).toHaveLength(2);
    expect((await started(page))[1]).toEqual({ sessionId });

    await page.evaluate("Parley('stopSession')");
    await expect.poll(async () => (await parley.store.getSession(sessionId))?.status, settle).toBe('closed');
    const log = await parley.store.eventsSince(sessionId, 0, 100);
    expect(log.at(-1)).toMatchObject({ type: 'session.changed', to: 'closed', reason: 'visitor' });
    expect(problems).toEqual(noProblems);
    await context.close();
  });
});
