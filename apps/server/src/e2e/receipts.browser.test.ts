/**
 * Issue 14, item 3, in a real Chromium against the built widget and desk: time labels; read
 * receipts kept on the server, so they reach the visitor's other tab, another device of the same
 * visitor and a reload; the desk seeing the visitor read the agent's message, and the visitor
 * seeing the agent read theirs. Needs the widget and desk built.
 */
import { createBot } from '@parley/bot';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bubble,
  chat,
  launchBrowser,
  noProblems,
  type PageProblems,
  settle,
  watchPage,
} from '../../test/browser.js';
import { type BrowserSession, browserSession, deskReady } from '../../test/browser-session.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';

describe('read receipts and time labels in a real browser', { timeout: 120_000 }, () => {
  let running: BrowserSession;

  beforeAll(async () => {
    const parley = await startParley();
    const bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', (session) => session.say('Welcome!'));
    bot.on('message', async (session, message) => {
      if (/\bhuman\b/i.test(message.text)) await session.route.to.queue('support');
      else await session.say(`You said: ${message.text}`);
    });
    await bot.ready;
    running = browserSession(parley, bot, await launchBrowser());
  }, 60_000);

  afterAll(() => running?.close());

  const open = async (
    context: BrowserContext,
    url: string,
  ): Promise<{ page: Page; problems: PageProblems }> => {
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(url);
    return { page, problems };
  };

  const openPanel = (page: Page) =>
    chat(page)
      .getByRole('button', { name: /^Open chat/ })
      .click();
  const launcherLabel = (page: Page) =>
    chat(page).locator('.launcher').getAttribute('aria-label') as Promise<string | null>;
  /** "Seen" or "Sent" under the visitor's message with this text. */
  const markUnder = (page: Page, text: string) =>
    chat(page).locator('li.msg--own', { hasText: text }).locator('.msg__meta').textContent();

  it('shares read marks across tabs, devices and a reload, and shows them to the desk and the visitor', async () => {
    // Alice, ready at her desk.
    const { parley, newContext } = running;
    const desk = await open(await newContext(), 'about:blank');
    await deskReady(desk.page, parley);

    // The visitor, in a first tab: the welcome, under a time label, then asks for a human.
    const visitorContext = await newContext();
    const tab1 = await open(visitorContext, parley.demoUrl);
    await openPanel(tab1.page);
    await bubble(tab1.page, 'Welcome!').waitFor(settle);
    const label = chat(tab1.page).locator('time.time-label').first();
    await label.waitFor(settle);
    expect(await label.textContent()).toMatch(/\d{1,2}:\d{2}/);
    expect(await label.getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const input = chat(tab1.page).getByRole('textbox', { name: 'Message' });
    await input.fill('I need a human');
    await input.press('Enter');
    await bubble(tab1.page, 'I need a human').waitFor(settle);
    // The next message a moment later is grouped: still one label.
    await input.fill('Please');
    await input.press('Enter');
    await expect.poll(() => markUnder(tab1.page, 'Please'), settle).toBe('Sent');
    expect(await chat(tab1.page).locator('time.time-label').count()).toBe(1);

    // Alice opens the chat: she has read it, and the visitor sees "Seen" under their message.
    const chats = desk.page.getByRole('navigation', { name: 'Desk' });
    await chats.getByRole('button', { name: /^Visitor/ }).click();
    const log = desk.page.getByRole('list', { name: 'Conversation with Visitor' });
    await log.getByText('Please', { exact: true }).waitFor(settle);
    await expect.poll(() => markUnder(tab1.page, 'Please'), settle).toBe('Seen');

    // A second tab of the same visitor shows it too, from the server's snapshot.
    const tab2 = await open(visitorContext, parley.demoUrl);
    await openPanel(tab2.page);
    await expect.poll(() => markUnder(tab2.page, 'Please'), settle).toBe('Seen');

    // Alice answers; the visitor's open tab reads it, and the desk says so.
    const reply = desk.page.getByRole('textbox', { name: 'Reply to Visitor' });
    await reply.fill('Hi, Alice here.');
    await reply.press('Enter');
    await bubble(tab1.page, 'Hi, Alice here.').waitFor(settle);
    const seenAtDesk = log.locator('li', { hasText: 'Hi, Alice here.' }).getByText('Seen by the visitor');
    await seenAtDesk.waitFor(settle);
    const sessionId = (await parley.store.visitorSessions((await visitorOf(parley)) ?? '', 1))[0]?.id ?? '';
    const session = await parley.store.getSession(sessionId);
    expect(session?.read?.visitor).toBe(session?.lastSeq);
    expect(session?.read?.agent).toBeGreaterThanOrEqual(4);

    // Another device of the same visitor (its own browser storage, the same token), panel closed:
    // Alice's next message is unread there until the visitor reads it in their open tab.
    const frame = tab1.page.frames().find((f) => new URL(f.url()).pathname === '/widget/frame.html');
    const token = (await frame?.evaluate("localStorage.getItem('parley:demo:token')")) as string | null;
    expect(token).toBeTruthy();
    const deviceContext = await newContext();
    // The same token in the new device's storage for Parley's origin, before the widget reads it.
    await deviceContext.addInitScript({
      content: `if (location.origin === ${JSON.stringify(parley.url)}) localStorage.setItem('parley:demo:token', ${JSON.stringify(token)});`,
    });
    const device = await open(deviceContext, parley.demoUrl);
    await chat(device.page)
      .getByRole('button', { name: /^Open chat/ })
      .waitFor(settle);
    // Every tab's panel closed: nobody reads Alice's next message yet.
    await chat(tab2.page).getByRole('button', { name: 'Close chat window' }).click();
    await chat(tab1.page).getByRole('button', { name: 'Close chat window' }).click();
    await reply.fill('Your parcel ships today.');
    await reply.press('Enter');
    // One unread on the other device: the messages read before came read from the server.
    await expect.poll(() => launcherLabel(device.page), settle).toBe('Open chat, 1 unread');
    await expect.poll(() => launcherLabel(tab1.page), settle).toBe('Open chat, 1 unread');
    // The visitor reads it in tab 1: the other device's badge clears, by the server's mark alone.
    await openPanel(tab1.page);
    await bubble(tab1.page, 'Your parcel ships today.').waitFor(settle);
    await expect.poll(() => launcherLabel(device.page), settle).toBe('Open chat');
    await log
      .locator('li', { hasText: 'Your parcel ships today.' })
      .getByText('Seen by the visitor')
      .waitFor(settle);
    // "Seen" moved to Alice's newest message read: one only.
    expect(await log.getByText('Seen by the visitor').count()).toBe(1);

    // A reload keeps every mark: "Seen" under the visitor's message, nothing unread.
    await tab1.page.reload();
    await expect.poll(() => markUnder(tab1.page, 'Please'), settle).toBe('Seen');
    await desk.page.reload();
    await chats.getByRole('button', { name: /^Visitor/ }).click();
    await log
      .locator('li', { hasText: 'Your parcel ships today.' })
      .getByText('Seen by the visitor')
      .waitFor(settle);

    for (const { problems } of [desk, tab1, tab2, device]) expect(problems).toEqual(noProblems);
  });
});

/** The one visitor of this test's server with a session. */
async function visitorOf(parley: RunningParley): Promise<string | undefined> {
  const [entry] = await parley.store.handlerSessions({ kind: 'agent', id: 'alice' });
  return entry?.visitorId;
}
