/**
 * The widget's rough edges a new visitor found (issue 14, item 5), in a real Chromium: the
 * header says whether the team is there and how soon it replies; the greeting leaves the pre-chat
 * form the panel; the offline form does not ask again for what the visitor told; "End chat" sits
 * away from ✕, asks first, and a chat with the bot alone is not rated.
 */
import { type Bot, createBot } from '@parley/bot';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
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

describe('the widget for a new visitor', { timeout: 60_000 }, () => {
  let parley: RunningParley;
  let bot: Bot;
  let browser: Browser;

  beforeAll(async () => {
    parley = await startParley({
      config: (base) => ({
        ...base,
        sites: base.sites.map((site) => ({
          ...site,
          replyTime: 'minutes' as const,
          prechatForm: [
            { name: 'name', label: 'Your name', type: 'text' as const, required: true },
            { name: 'email', label: 'Email', type: 'email' as const, required: true },
          ],
        })),
      }),
    });
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', async (session) => {
      await session.say('Welcome!');
    });
    await bot.ready;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await parley?.close();
  });

  /** The demo page; the visitor opens the chat and answers the pre-chat form. */
  const startChat = async (options: BrowserContextOptions) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(parley.demoUrl);
    const frame = chat(page);
    await frame.getByRole('button', { name: 'Open chat' }).click();
    const form = frame.getByRole('form', { name: 'Before we start' });
    await form.waitFor();
    return { context, page, problems, frame, form };
  };

  const answerPrechat = async (page: Page) => {
    const form = chat(page).getByRole('form', { name: 'Before we start' });
    await form.getByRole('textbox', { name: 'Your name' }).fill('Ada');
    await form.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await form.getByRole('button', { name: 'Start chat' }).click();
    await bubble(page, 'Welcome!').waitFor();
  };

  it('keeps the greeting short above the pre-chat form on a phone, says the team is away, and pre-fills the offline form', async () => {
    const { context, page, problems, frame, form } = await startChat({
      viewport: { width: 375, height: 667 },
      isMobile: true,
      hasTouch: true,
    });
    // The greeting takes a line or two; the form gets the rest of the panel.
    const panel = await frame.getByRole('dialog').boundingBox();
    const greeting = await frame.getByText('Ask us anything, we are here to help.').boundingBox();
    const formBox = await form.boundingBox();
    if (!panel || !greeting || !formBox) throw new Error('The panel is not laid out');
    expect(formBox.y - panel.y).toBeLessThan(panel.height * 0.3);
    expect(greeting.height).toBeLessThan(60);
    await snapshot(page, 'widget-prechat-phone');

    // Nobody is signed in to the desk: "Away", with how soon the team usually replies.
    const header = frame.getByRole('banner');
    await header.getByText('Away · Usually replies in a few minutes').waitFor();
    await answerPrechat(page);

    // Asking for a person ends at the offline form, with what the pre-chat form said filled in.
    await frame.getByRole('button', { name: 'Talk to a person' }).click();
    await bubble(
      page,
      "Nobody is available right now. Leave a message and we'll get back to you by email.",
    ).waitFor();
    await header.getByText(/^Away/).waitFor();
    const offline = frame.getByRole('form', { name: 'Leave a message' });
    await expect
      .poll(() => offline.getByRole('textbox', { name: 'Email' }).inputValue(), settle)
      .toBe('ada@example.com');
    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('asks before "End chat" ends the chat, keeps it away from ✕, and does not rate a chat with the bot alone', async () => {
    const { context, page, problems, frame } = await startChat({ viewport: { width: 1280, height: 800 } });
    await answerPrechat(page);

    // Not in the header beside the window's ✕: under the message box.
    const header = frame.getByRole('banner');
    expect(await header.getByRole('button', { name: 'End chat' }).count()).toBe(0);
    await frame.getByRole('button', { name: 'Close chat window' }).waitFor();

    // The question takes focus on its safe choice; Escape (or "Keep chatting") keeps the chat.
    await frame.getByRole('button', { name: 'End chat' }).click();
    const question = frame.getByRole('group', { name: 'End this chat?' });
    await question.getByRole('button', { name: 'Keep chatting' }).waitFor();
    await expect.poll(() => frame.locator(':focus').textContent(), settle).toBe('Keep chatting');
    await snapshot(page, 'widget-end-chat-question');
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    // Escape answered the question only: the panel stays open, the chat goes on.
    await frame.getByRole('textbox', { name: 'Message' }).waitFor();
    expect(await bubble(page, 'The chat has ended').count()).toBe(0);

    await endChat(frame);
    await bubble(page, 'The chat has ended').waitFor();
    await frame.getByRole('button', { name: 'Start a new conversation' }).waitFor();
    // The site asks for a rating only after a person took part (the default, `after-human`).
    expect(await frame.getByRole('button', { name: 'Send feedback' }).count()).toBe(0);
    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it("shows the connection's state instead of the team's while it is lost", async () => {
    const { context, problems, frame } = await startChat({ viewport: { width: 1280, height: 800 } });
    const header = frame.getByRole('banner');
    await header.getByText(/^Away/).waitFor();
    // The network goes, and the server drops the connection: the widget cannot reconnect.
    await context.setOffline(true);
    parley.dropConnections('/visitor');
    await header.getByText('Reconnecting…').waitFor();
    expect(await header.getByText(/Away|online/).count()).toBe(0);
    await context.setOffline(false);
    await header.getByText('Away · Usually replies in a few minutes').waitFor(settle);
    // The attempts made while offline failed at the network level, as they should have.
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  });
});
