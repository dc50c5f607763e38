/**
 * The visitor's earlier conversations (issue 12) in the built widget, in a real Chromium, with
 * the server keeping its records (PGlite): the list newest first with the open conversation on
 * top, one opened read-only, a new conversation from the list, the list paging as it scrolls,
 * and a verified user's list in another browser. Needs the widget built.
 */
import { type Bot, createBot } from '@parley/bot';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bubble,
  chat,
  endChat,
  launchBrowser,
  noProblems,
  settle,
  snapshot,
  watchPage,
} from '../../test/browser.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { type HostSite, startHostSite } from '../../test/host-site.js';
import { connectVisitor } from '../../test/visitor.js';
import { identityHash } from '../sessions/visitor-identity.js';

const SECRET = 'history-identity-secret-0123456789';

/** The page's script: a verified `identify` when the query string names a user (and its hash). */
const PAGE_JS = `window.Parley = window.Parley || function () { (window.Parley.q = window.Parley.q || []).push(arguments); };
var query = new URLSearchParams(location.search);
if (query.get('user')) Parley('identify', { userId: query.get('user'), name: 'Ada', hash: query.get('hash') });
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

/** Runs a script inside the widget's (cross-origin) frame. */
async function inFrame(page: Page, script: string): Promise<unknown> {
  const frame = page.frames().find((f) => new URL(f.url()).pathname === '/widget/frame.html');
  if (!frame) throw new Error('No widget frame in the page');
  return frame.evaluate(script);
}

describe('the visitor’s earlier conversations in the widget', { timeout: 90_000 }, () => {
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
      withRecords: true,
      config: (base) => ({
        ...base,
        sites: base.sites.map((s) => ({
          ...s,
          allowedOrigins: [...s.allowedOrigins, host.origin],
          identity: { secret: SECRET, required: false },
        })),
      }),
    });
    host.parleyUrl = parley.url;
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', (session) => session.say('Welcome!'));
    bot.on('message', (session, message) => session.say(`You said: ${message.text}`));
    await bot.ready;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await parley?.close();
    await host?.close();
  });

  const visit = async (query = '') => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${host.origin}/${query}`);
    return { context, page, problems };
  };

  /** How many conversations of a visitor the records hold (they are written behind the chat). */
  const recorded = async (visitorId: string) =>
    (await parley.records?.visitorHistory({ siteKey: 'demo', visitorId, limit: 100 }))?.sessions.length ?? 0;

  const say = async (page: Page, text: string) => {
    const input = chat(page).getByRole('textbox', { name: 'Message' });
    await input.fill(text);
    await input.press('Enter');
    await bubble(page, `You said: ${text}`).waitFor();
  };

  it('lists them newest first, opens one read-only, starts a new one, and follows a verified user', async () => {
    const hash = identityHash(SECRET, 'user-history');
    const { context, page, problems } = await visit(`?user=user-history&hash=${hash}`);
    const frame = chat(page);
    await frame.getByRole('button', { name: 'Open chat' }).click();
    await bubble(page, 'Welcome!').waitFor();
    await say(page, 'Where is my parcel?');
    await endChat(frame);
    await frame.getByRole('button', { name: 'Start a new conversation' }).click();
    await expect.poll(() => bubble(page, 'Welcome!').count(), settle).toBe(2);
    await say(page, 'And my invoice?');

    const { visitorId } = await parley.store.identifyVisitor({
      siteKey: 'demo',
      userId: 'user-history',
      retentionMs: 60_000,
      now: Date.now(),
    });
    await expect.poll(() => recorded(visitorId), settle).toBe(2);

    // The list: the open conversation on top (it goes on in the chat), then the closed one.
    await frame.getByRole('button', { name: 'Conversations' }).click();
    const list = frame.getByRole('list', { name: 'Conversations' });
    const items = list.getByRole('button');
    await expect.poll(() => items.count(), settle).toBe(2);
    await expect.poll(() => items.nth(0).textContent(), settle).toContain('Current conversation');
    expect(await items.nth(0).textContent()).toContain('Parley bot: You said: And my invoice?');
    expect(await items.nth(1).textContent()).toContain('Parley bot: You said: Where is my parcel?');
    expect(await items.nth(1).textContent()).not.toContain('Current conversation');
    // The list stands in for the chat: no message box.
    expect(await frame.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    await snapshot(page, 'widget-history-list');

    // The first conversation, read-only: its messages with their times, how it ended, no box.
    await items.nth(1).click();
    await frame.getByRole('heading', { name: /^Conversation of / }).waitFor();
    const messages = frame.getByRole('list', { name: 'Messages' });
    await messages.getByText('Where is my parcel?', { exact: true }).waitFor();
    await messages.getByText('You said: Where is my parcel?', { exact: true }).waitFor();
    expect(await messages.getByText('And my invoice?', { exact: true }).count()).toBe(0);
    expect(await messages.locator('time').count()).toBeGreaterThanOrEqual(3);
    await frame.getByText('This conversation has ended.').waitFor();
    expect(await frame.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    await snapshot(page, 'widget-history-conversation');

    // Back to the list, on the line it opened; then back to the chat, where the box is.
    await frame.getByRole('button', { name: 'Back to your conversations' }).click();
    await expect.poll(() => frame.locator(':focus').textContent(), settle).toContain('Where is my parcel?');
    await items.nth(0).click();
    await frame.getByRole('textbox', { name: 'Message' }).waitFor();

    // With no conversation open, the list starts a new one.
    await endChat(frame);
    await frame.getByRole('button', { name: 'Start a new conversation' }).waitFor();
    await frame.getByRole('button', { name: 'Conversations' }).click();
    await frame.getByText('Parley bot: You said: And my invoice?').waitFor();
    expect(await frame.getByText('Current conversation').count()).toBe(0);
    await frame.getByRole('button', { name: 'New conversation' }).click();
    await expect.poll(() => bubble(page, 'Welcome!').count(), settle).toBe(3);
    await frame.getByRole('textbox', { name: 'Message' }).waitFor();
    expect(problems).toEqual(noProblems);

    // The same user in another browser: the same conversations.
    const phone = await visit(`?user=user-history&hash=${hash}`);
    const phoneFrame = chat(phone.page);
    await phoneFrame.getByRole('button', { name: 'Open chat' }).click();
    await bubble(phone.page, 'You said: And my invoice?').waitFor();
    await phoneFrame.getByRole('button', { name: 'Conversations' }).click();
    const phoneItems = phoneFrame.getByRole('list', { name: 'Conversations' }).getByRole('button');
    await expect.poll(() => phoneItems.count(), settle).toBe(3);
    expect(await phoneItems.nth(0).textContent()).toContain('Current conversation');
    expect(await phoneItems.nth(1).textContent()).toContain('You said: And my invoice?');
    expect(await phoneItems.nth(2).textContent()).toContain('You said: Where is my parcel?');
    await phoneItems.nth(2).click();
    await phoneFrame
      .getByRole('list', { name: 'Messages' })
      .getByText('Where is my parcel?', { exact: true })
      .waitFor();
    expect(phone.problems).toEqual(noProblems);
    await phone.context.close();
    await context.close();
  });

  it('loads earlier conversations as the list scrolls, in Arabic right to left', async () => {
    const { context, page, problems } = await visit();
    const frame = chat(page);
    await frame.getByRole('button', { name: 'Open chat' }).click();
    await bubble(page, 'Welcome!').waitFor();
    // 24 earlier conversations of this visitor, from its own token: more than a page (20).
    const token = String(await inFrame(page, "localStorage.getItem('parley:demo:token')"));
    const { socket, visitorId } = await connectVisitor(parley.url, { origin: host.origin, token });
    try {
      const [current] = await parley.store.visitorSessions(visitorId, 1);
      if (current) await socket.timeout(5000).emitWithAck('session.close', { sessionId: current.id });
      for (let i = 1; i <= 24; i++) {
        const sent = await socket
          .timeout(5000)
          .emitWithAck('message.send', { clientId: `history-page-${i}`, text: `Question ${i}` });
        if (!sent.ok) throw new Error(sent.error.message);
        // The bot has welcomed and answered before the conversation ends.
        await expect
          .poll(async () => {
            const log = await parley.store.eventsSince(sent.sessionId, 0, 100);
            return log.filter((event) => event.type === 'message').length;
          }, settle)
          .toBe(3);
        await socket.timeout(5000).emitWithAck('session.close', { sessionId: sent.sessionId });
      }
    } finally {
      socket.close();
    }
    await expect.poll(() => recorded(visitorId), settle).toBe(25);

    await page.evaluate("Parley('setLocale', 'ar')");
    await frame.getByRole('button', { name: 'المحادثات' }).click();
    const items = frame.getByRole('list', { name: 'المحادثات' }).getByRole('button');
    await expect.poll(() => items.count(), settle).toBe(20);
    expect(await inFrame(page, 'document.documentElement.dir')).toBe('rtl');
    // Scrolled to its end, the list asks for the next page by itself.
    expect(await frame.getByRole('button', { name: 'عرض المحادثات السابقة' }).count()).toBe(1);
    await items.nth(19).scrollIntoViewIfNeeded();
    await expect.poll(() => items.count(), settle).toBe(25);
    expect(await items.nth(24).textContent()).toContain('Welcome!');
    expect(await frame.getByRole('button', { name: 'عرض المحادثات السابقة' }).count()).toBe(0);
    await snapshot(page, 'widget-history-rtl');
    expect(problems).toEqual(noProblems);
    await context.close();
  });
});
