/**
 * Issue 15, item 5, in a real Chromium against the built desk and widget: a visitor chats once
 * and leaves; an agent finds the conversation in the desk's search, starts a new one with them
 * from its transcript, and the chat opens in the agent's list. When the visitor comes back, the
 * closed widget shows an unread badge; opening it shows the agent's message, and the visitor's
 * answer reaches the desk. Started again while their page is open, it arrives live, with the
 * badge. axe-core finds no WCAG 2.2 AA violation in the new dialog.
 */
import { createBot } from '@parley/bot';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  bubble,
  chat,
  endChat,
  launchBrowser,
  noProblems,
  settle,
  watchPage,
} from '../../test/browser.js';
import { type BrowserSession, browserSession, deskReady } from '../../test/browser-session.js';
import { demoBotToken, startParley } from '../../test/harness.js';

const FIRST = 'Where is my parcel 4711?';
const OPENING = 'Hello again! Your parcel 4711 left our warehouse today.';
const FOLLOW_UP = 'It arrives tomorrow morning.';

describe('agent-initiated conversations in a real browser', { timeout: 120_000 }, () => {
  let session: BrowserSession;

  beforeAll(async () => {
    const parley = await startParley({ withRecords: true });
    const bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', (s) => s.say('Welcome!'));
    bot.on('message', (s, message) => s.say(`You said: ${message.text}`));
    await bot.ready;
    session = browserSession(parley, bot, await launchBrowser());
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  const launcher = (page: Page) => chat(page).getByRole('button', { name: /^Open chat/ });

  it('starts a conversation from the desk; the visitor sees it with an unread badge and answers', async () => {
    const { parley } = session;
    // The visitor chats once and ends it, then closes the page.
    const visitorContext = await session.newContext();
    let visitor = await visitorContext.newPage();
    const visitorProblems = watchPage(visitor);
    await visitor.goto(parley.demoUrl);
    await launcher(visitor).click();
    await bubble(visitor, 'Welcome!').waitFor(settle);
    const input = chat(visitor).getByRole('textbox', { name: 'Message' });
    await input.fill(FIRST);
    await input.press('Enter');
    await bubble(visitor, `You said: ${FIRST}`).waitFor(settle);
    await endChat(chat(visitor));
    await chat(visitor).getByRole('button', { name: 'Start a new conversation' }).waitFor(settle);
    await visitor.close();

    // The agent finds that conversation and starts a new one with its visitor.
    const desk = await (await session.newContext()).newPage();
    const deskProblems = watchPage(desk);
    await deskReady(desk, parley);
    await desk.getByRole('navigation', { name: 'Desk' }).getByRole('button', { name: 'Search' }).click();
    const form = desk.getByRole('search', { name: 'Search conversations' });
    const results = desk.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    // The records run a moment behind the live store: search again until the chat is there.
    await expect
      .poll(async () => {
        await form.getByRole('searchbox', { name: 'Words, a visitor’s name or email' }).fill('4711');
        await form.getByRole('button', { name: 'Search', exact: true }).click();
        return results.count();
      }, settle)
      .toBe(1);
    await results
      .first()
      .getByRole('button', { name: /^Open the conversation with/ })
      .click();
    const transcript = desk.getByRole('dialog', { name: /^Conversation with/ });
    await transcript.getByText(FIRST, { exact: true }).waitFor(settle);
    await transcript.getByRole('button', { name: 'Start a conversation with Visitor' }).click();

    const dialog = desk.getByRole('dialog', { name: 'Start a conversation with Visitor' });
    const message = dialog.getByRole('textbox', { name: 'Your message' });
    await message.waitFor(settle);
    // Keyboard only: the message box has the focus, takes what is typed, and Tab, Tab, Enter
    // (past Cancel) starts the conversation.
    await expect.poll(() => desk.evaluate('document.activeElement?.tagName'), settle).toBe('TEXTAREA');
    await desk.keyboard.type(OPENING);
    expect(await axeViolations(desk)).toEqual([]);
    await desk.keyboard.press('Tab');
    await desk.keyboard.press('Tab');
    expect(await desk.evaluate('document.activeElement?.textContent')).toBe('Start conversation');
    await desk.keyboard.press('Enter');

    // The dialogs close and the new chat is shown, opening on the agent's message.
    await dialog.waitFor({ state: 'detached', ...settle });
    const log = desk.getByRole('list', { name: 'Conversation with Visitor' });
    await log.getByText(OPENING).waitFor(settle);
    expect(await desk.getByRole('dialog').count()).toBe(0);

    // The visitor comes back: the closed widget shows one unread message.
    visitor = await visitorContext.newPage();
    const backProblems = watchPage(visitor);
    await visitor.goto(parley.demoUrl);
    const badged = chat(visitor).getByRole('button', { name: 'Open chat, 1 unread' });
    await badged.waitFor(settle);
    expect(await chat(visitor).locator('.launcher__badge [aria-hidden]').innerText()).toBe('1');
    await badged.click();
    await bubble(visitor, OPENING).waitFor(settle);
    await launcher(visitor).waitFor({ state: 'detached', ...settle });

    // They answer, and the agent reads it.
    const answer = chat(visitor).getByRole('textbox', { name: 'Message' });
    await answer.fill('Great, thank you!');
    await answer.press('Enter');
    await log.getByText('Great, thank you!').waitFor(settle);

    // The agent ends the chat; the visitor stays on the page with the panel closed.
    await desk.getByRole('button', { name: 'Close chat', exact: true }).click();
    await desk.getByText('This chat has ended.').waitFor(settle);
    await chat(visitor).getByRole('button', { name: 'Close chat window' }).click();
    await launcher(visitor).waitFor(settle);
    expect(await chat(visitor).getByRole('button', { name: 'Open chat', exact: true }).count()).toBe(1);

    // A new conversation, from the ended chat's visitor panel, reaches the open page live.
    await desk.getByRole('button', { name: 'Start a conversation with Visitor' }).click();
    await dialog.getByRole('textbox', { name: 'Your message' }).fill(FOLLOW_UP);
    await dialog.getByRole('button', { name: 'Start conversation' }).click();
    await log.getByText(FOLLOW_UP).waitFor(settle);
    await chat(visitor).getByRole('button', { name: 'Open chat, 1 unread' }).click();
    await bubble(visitor, FOLLOW_UP).waitFor(settle);

    expect(visitorProblems).toEqual(noProblems);
    expect(backProblems).toEqual(noProblems);
    expect(deskProblems).toEqual(noProblems);
  });
});
