/**
 * The agent desk end to end, in a real Chromium: an agent logs in to the built desk (`/desk`,
 * strict CSP), a visitor opens the built widget on the demo page, a real bot (the SDK) hands
 * them to a human, and the two talk through a real server. Needs the desk and widget built
 * (`npx turbo run build --filter=@parley/server...`).
 */
import { type Bot, createBot } from '@parley/bot';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bubble,
  chat,
  launchBrowser,
  noProblems,
  type PageProblems,
  settle,
  snapshot,
  watchPage,
} from '../../test/browser.js';
import { demoBotToken, type RunningParley, type StartOptions, startParley } from '../../test/harness.js';
import { connectVisitor } from '../../test/visitor.js';
import { DEMO_AGENT_PASSWORD } from '../config/default-config.js';

/** Parley with the demo config and a bot that answers, and hands to the support queue on "human". */
async function startWithBot(options: StartOptions = {}): Promise<{ parley: RunningParley; bot: Bot }> {
  const parley = await startParley(options);
  const bot = createBot({ url: parley.url, token: demoBotToken });
  bot.on('session.created', async (session) => {
    await session.say('Welcome!');
  });
  bot.on('message', async (session, message) => {
    if (/\bhuman\b/i.test(message.text)) {
      await session.say('Let me find a person for you.');
      await session.route.to.queue('support');
      return;
    }
    await session.say(`You said: ${message.text}`);
  });
  await bot.ready;
  return { parley, bot };
}

interface Opened {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
}

describe('agent desk in a real browser', { timeout: 90_000 }, () => {
  let browser: Browser;
  const running: Array<{ parley: RunningParley; bot: Bot }> = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const { parley, bot } of running) {
      await bot.close();
      await parley.close();
    }
  });

  const start = async (options?: StartOptions) => {
    const started = await startWithBot(options);
    running.push(started);
    return started.parley;
  };

  /** A fresh browser context on a page, watched for any console, page or request error. */
  const open = async (url: string): Promise<Opened> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(url);
    return { context, page, problems };
  };

  /** Alice logs in to the desk with the keyboard, and waits for her presence to show. */
  const openDesk = async (parley: RunningParley): Promise<Opened> => {
    const opened = await open(`${parley.url}/desk`);
    const { page } = opened;
    await page.getByLabel('Email').fill('alice@parley.demo');
    await snapshot(page, 'desk-login');
    await page.getByLabel('Password').fill(DEMO_AGENT_PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await expect
      .poll(() => page.getByLabel('Your status').inputValue(), settle)
      .toMatch(/^(ready|notready:)/);
    return opened;
  };

  /** The visitor opens the widget on the demo page and asks the bot for a human. */
  const askForHuman = async (parley: RunningParley): Promise<Opened> => {
    const opened = await open(parley.demoUrl);
    const { page } = opened;
    await chat(page).getByRole('button', { name: 'Open chat' }).click();
    await bubble(page, 'Welcome!').waitFor();
    const input = chat(page).getByRole('textbox', { name: 'Message' });
    await input.fill('I need a human');
    await input.press('Enter');
    await bubble(page, 'Let me find a person for you.').waitFor();
    return opened;
  };

  it('says so when the password is wrong, and keeps the email typed', async () => {
    const parley = await start();
    const { context, page, problems } = await open(`${parley.url}/desk`);
    await page.getByLabel('Email').fill('alice@parley.demo');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').getByText('Could not log in. Wrong email or password.').waitFor();
    expect(await page.getByLabel('Email').inputValue()).toBe('alice@parley.demo');
    await page.getByLabel('Password').fill(DEMO_AGENT_PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await expect.poll(() => page.getByLabel('Your status').inputValue(), settle).toBe('notready:signed-in');

    // The refused login is the one failed request (Chromium also logs it to the console).
    expect(problems.failedRequests).toEqual([`POST ${parley.url}/api/agent/login: 401`]);
    expect(problems.consoleErrors.filter((error) => !error.includes('401'))).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  });

  it('gets a chat while ready, alerts, talks both ways, closes it and logs out', async () => {
    const parley = await start();
    const desk = await openDesk(parley);
    const status = desk.page.getByLabel('Your status');
    expect(await status.inputValue()).toBe('notready:signed-in');
    await status.selectOption('ready');
    await expect.poll(() => status.inputValue(), settle).toBe('ready');
    await desk.page.getByText('Alice Martin (you)').waitFor();

    const visitor = await askForHuman(parley);

    // Assigned at once, and Alice was looking at the queue: the chat opens by itself (before, the
    // main area went on saying nobody was waiting, with only a badge and the title to notice).
    const log = desk.page.getByRole('list', { name: 'Conversation with Visitor' });
    await log.waitFor(settle);
    expect(await desk.page.getByRole('button', { name: 'Turn on sound alerts' }).count()).toBe(0);
    const chats = desk.page.getByRole('navigation', { name: 'Desk' });
    expect(await chats.getByRole('button', { name: /^Visitor/ }).getAttribute('aria-current')).toBe('page');
    // The whole log, the bot part included.
    await log.getByText('I need a human', { exact: true }).waitFor();
    await log.getByText('Welcome!', { exact: true }).waitFor();
    await expect.poll(() => desk.page.title(), settle).toBe('Parley desk');
    // What the widget told about the visitor: the page they are on.
    await desk.page.getByRole('complementary').getByText(parley.demoUrl).waitFor();

    // Alice answers: the visitor sees her typing, then her message.
    const reply = desk.page.getByRole('textbox', { name: 'Reply to Visitor' });
    await expect.poll(() => desk.page.evaluate('document.activeElement?.tagName'), settle).toBe('TEXTAREA');
    await reply.fill('Hi, I am Alice. How can I help?');
    await chat(visitor.page).getByText('Alice Martin is typing…').waitFor();
    await reply.press('Enter');
    await bubble(visitor.page, 'Hi, I am Alice. How can I help?').waitFor();
    expect(await log.getByText('Hi, I am Alice. How can I help?', { exact: true }).count()).toBe(1);

    // The visitor types (Alice sees it), then answers.
    const input = chat(visitor.page).getByRole('textbox', { name: 'Message' });
    await input.fill('My parcel is late');
    await desk.page.getByText('Visitor is typing…').waitFor();
    await input.press('Enter');
    await log.getByText('My parcel is late', { exact: true }).waitFor();
    await snapshot(desk.page, 'desk-chat');

    // A reload keeps the login, the chat, its log (each entry once) and what Alice has seen.
    await desk.page.reload();
    await chats.getByRole('button', { name: /^Visitor/ }).click();
    await log.getByText('My parcel is late', { exact: true }).waitFor();
    expect(await log.getByText('Hi, I am Alice. How can I help?', { exact: true }).count()).toBe(1);
    expect(await desk.page.title()).toBe('Parley desk');

    // Alice closes: the visitor sees the end, the desk lists the chat as ended until dismissed.
    await desk.page.getByRole('button', { name: 'Close chat' }).click();
    // Closed: the desk says so (a transfer or a hand-back says who has the chat instead).
    await desk.page.getByText('This chat has ended.').waitFor();
    await desk.page.locator('.chat__header').getByText('Ended', { exact: true }).waitFor();
    await chat(visitor.page).getByText('The chat has ended').first().waitFor();
    await chats.getByRole('button', { name: /^Visitor.*Ended/ }).waitFor();

    // The visitor's rating reaches the ended chat.
    const rating = chat(visitor.page).getByRole('group', { name: 'How was this chat?' });
    await rating.getByLabel('4 stars').check();
    await chat(visitor.page).getByLabel('Tell us more (optional)').fill('Quick and kind.');
    await chat(visitor.page).getByRole('button', { name: 'Send feedback' }).click();
    await log.getByText('Feedback from Visitor').waitFor();
    await log.getByText('Quick and kind.').waitFor();
    await snapshot(desk.page, 'desk-ended');

    await desk.page.getByRole('button', { name: 'Remove from list' }).click();
    await desk.page.getByText('No chats yet', { exact: false }).waitFor();

    // A second tab shares the login; logging out in one logs out both.
    const second = await desk.context.newPage();
    const secondProblems = watchPage(second);
    await second.goto(`${parley.url}/desk`);
    await expect.poll(() => second.getByLabel('Your status').inputValue(), settle).toBe('ready');
    await desk.page.getByRole('button', { name: 'Log out' }).click();
    await desk.page.getByRole('button', { name: 'Log in' }).waitFor();
    await second.getByRole('button', { name: 'Log in' }).waitFor();

    expect(desk.problems).toEqual(noProblems);
    expect(secondProblems).toEqual(noProblems);
    expect(visitor.problems).toEqual(noProblems);
    await visitor.context.close();
    await desk.context.close();
  });

  it('lists a waiting visitor, previews and accepts the chat, then transfers it to the bot', async () => {
    const parley = await start();
    const desk = await openDesk(parley);
    const visitor = await askForHuman(parley);

    // Alice is not ready: the visitor waits in the queue, where every desk sees them.
    const nav = desk.page.getByRole('navigation', { name: 'Desk' });
    await nav.getByRole('button', { name: /Queue/ }).click();
    const queue = desk.page.getByRole('region', { name: 'Waiting visitors' });
    await queue.getByText('#1').waitFor();
    await queue.getByText(/^Waiting \d+:\d\d$/).waitFor();
    await queue.getByText('Queue: Support team').waitFor();
    await snapshot(desk.page, 'desk-queue');

    await queue.getByRole('button', { name: 'Preview chat with Visitor' }).click();
    const preview = desk.page.getByRole('dialog', { name: 'Conversation with Visitor' });
    await preview.getByText('I need a human', { exact: true }).waitFor();
    await snapshot(desk.page, 'desk-preview');
    await preview.getByRole('button', { name: 'Accept' }).click();
    await preview.waitFor({ state: 'detached' });

    // Accepted: the chat opens at once, with no alert for what Alice did herself.
    const log = desk.page.getByRole('list', { name: 'Conversation with Visitor' });
    await log.getByText('I need a human', { exact: true }).waitFor();
    await chat(visitor.page).getByText('Alice Martin joined the chat', { exact: true }).waitFor();
    const reply = desk.page.getByRole('textbox', { name: 'Reply to Visitor' });
    await reply.fill('Sending you back to our assistant.');
    await reply.press('Enter');
    await bubble(visitor.page, 'Sending you back to our assistant.').waitFor();

    // Transfer, with the keyboard: to the bot's queue.
    await desk.page.getByRole('button', { name: 'Transfer' }).click();
    const dialog = desk.page.getByRole('dialog', { name: 'Transfer chat' });
    // Bob is offline: the server refuses, and the dialog says why and stays open.
    await dialog.getByLabel('A colleague').check();
    await dialog.getByLabel('Colleague', { exact: true }).selectOption({ label: 'Bob Okafor (Offline)' });
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await dialog
      .getByRole('alert')
      .getByText('Could not transfer the chat. Nobody who could take it is available right now.')
      .waitFor();
    await dialog.getByLabel('A queue').check();
    await dialog.getByLabel('Queue', { exact: true }).selectOption({ label: 'Welcome bot (bot)' });
    await snapshot(desk.page, 'desk-transfer');
    await dialog.getByRole('button', { name: 'Transfer' }).press('Enter');
    await dialog.waitFor({ state: 'detached' });
    // Handed back, not ended: the desk says who has the chat now.
    await desk.page.getByText('The bot has this chat now.').waitFor();
    await desk.page.locator('.chat__header').getByText('With the bot').waitFor();
    // The bot has the visitor again.
    await chat(visitor.page).getByText("You're back with the assistant", { exact: true }).waitFor();

    expect(desk.problems).toEqual(noProblems);
    expect(visitor.problems).toEqual(noProblems);
    await visitor.context.close();
    await desk.context.close();
  });

  it('shows the offline form to a visitor nobody takes, and the message in the desk', async () => {
    // The support queue gives up after a second, so the wait for a not-ready agent ends soon.
    const parley = await start({
      config: (base) => ({
        ...base,
        queues: base.queues.map((queue) =>
          queue.id === 'support' ? { ...queue, timeoutSeconds: 1 } : queue,
        ),
      }),
      sweepIntervalMs: 200,
    });
    const desk = await openDesk(parley);
    const status = desk.page.getByLabel('Your status');
    await status.selectOption({ label: 'Not ready: break' });
    await expect.poll(() => status.inputValue(), settle).toBe('notready:break');

    const visitor = await askForHuman(parley);
    const form = chat(visitor.page).getByRole('form', { name: 'Leave a message' });
    await form.getByLabel('Email').fill('ada@example.com', settle);
    await form.getByLabel('Message').fill('Please call me back about my order.');
    await form.getByRole('button', { name: 'Send message' }).click();
    await chat(visitor.page).getByText('Thanks! We got your message and will reply by email.').waitFor();

    const nav = desk.page.getByRole('navigation', { name: 'Desk' });
    await nav.getByRole('button', { name: /Offline messages\s*1/ }).click();
    const offline = desk.page.getByRole('region', { name: 'Offline messages' });
    await offline.getByText('ada@example.com').waitFor();
    await offline.getByText('Please call me back about my order.').waitFor();
    await snapshot(desk.page, 'desk-offline');
    await offline.getByRole('button', { name: 'View conversation with Visitor' }).click();
    const preview = desk.page.getByRole('dialog', { name: 'Conversation with Visitor' });
    await preview.getByText('I need a human', { exact: true }).waitFor();
    await preview.getByText('Offline message', { exact: true }).waitFor();
    await desk.page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });

    expect(desk.problems).toEqual(noProblems);
    expect(visitor.problems).toEqual(noProblems);
    await visitor.context.close();
    await desk.context.close();
  });

  it('shows the visitor’s pre-chat answers and the page’s attributes beside the chat, live', async () => {
    const parley = await start({
      config: (base) => ({
        ...base,
        sites: base.sites.map((site) => ({
          ...site,
          prechatForm: [
            { name: 'name', label: 'Name', type: 'text' as const, required: true },
            { name: 'topic', label: 'Topic', type: 'select' as const, required: false, options: ['Returns'] },
            { name: 'shipping_method', label: 'Shipping', type: 'text' as const, required: false },
            { name: 'consent', label: 'I agree', type: 'checkbox' as const, required: false },
          ],
        })),
      }),
    });
    const desk = await openDesk(parley);
    await desk.page.getByLabel('Your status').selectOption('ready');
    const { socket } = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    await socket.timeout(5000).emitWithAck('visitor.attributes', { attributes: { plan: 'pro' } });
    const opened = await socket.timeout(5000).emitWithAck('session.open', {
      prechat: { name: 'Ada', topic: 'Returns', shipping_method: 'maya@example.com', consent: 'true' },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    await socket.timeout(5000).emitWithAck('message.send', {
      sessionId: opened.session.id,
      clientId: 'desk-prechat-0001',
      text: 'I need a human',
    });
    await desk.page.getByRole('navigation', { name: 'Desk' }).getByRole('button', { name: /^Ada/ }).click();
    const about = desk.page.getByRole('complementary');
    await about.getByText('Pre-chat answers').waitFor();
    await about.getByText('Returns', { exact: true }).waitFor();
    await about.getByText('pro', { exact: true }).waitFor();
    // The name shows once (not again among the answers), keys read as labels, a ticked box as Yes,
    // and nothing is broken mid-word: every label and value is as wide as its longest word.
    expect(await about.getByText('Ada', { exact: true }).count()).toBe(1);
    await about.getByText('Shipping method', { exact: true }).waitFor();
    await about.getByText('Yes', { exact: true }).waitFor();
    const brokenWords = await about.evaluate(`[...document.querySelectorAll('.visitor dt, .visitor dd')]
      .filter((el) => el.childElementCount === 0 && el.scrollWidth <= el.clientWidth)
      .filter((el) => { const r = document.createRange(); r.selectNodeContents(el);
        const lines = new Set([...r.getClientRects()].map((rect) => Math.round(rect.top)));
        return lines.size > 1 && !el.textContent.trim().includes(' ') && el.textContent.length < 24; })
      .map((el) => el.textContent)`);
    expect(brokenWords).toEqual([]);
    // The page sets attributes mid-chat: the agent sees them at once, without a reload.
    await socket.timeout(5000).emitWithAck('visitor.attributes', { attributes: { plan: 'team', cart: 129 } });
    await about.getByText('team', { exact: true }).waitFor();
    await about.getByText('129', { exact: true }).waitFor();
    expect(await about.getByText('pro', { exact: true }).count()).toBe(0);
    expect(desk.problems).toEqual(noProblems);
    socket.close();
    await desk.context.close();
  });
});
