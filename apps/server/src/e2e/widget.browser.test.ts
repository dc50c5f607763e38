/**
 * The widget end to end, in a real Chromium: the demo host page (its own origin, strict CSP)
 * embeds the built loader, the loader the iframe app, and the app talks to a real server where a
 * real bot (the SDK) answers. Needs the widget built (`npm run build` in apps/widget).
 */
import { type Bot, createBot } from '@parley/bot';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, nextAgentEvent, setPresence } from '../../test/agent.js';
import { bubble, chat, launchBrowser, noProblems, settle, snapshot, watchPage } from '../../test/browser.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';

/** Runs a script inside the widget's (cross-origin) frame. */
async function inFrame(page: Page, script: string): Promise<unknown> {
  const frame = page.frames().find((f) => new URL(f.url()).pathname === '/widget/frame.html');
  if (!frame) throw new Error('No widget frame in the page');
  return frame.evaluate(script);
}

/** The iframe's size on the host page: it follows the panel (launcher-sized while closed). */
async function frameWidth(page: Page): Promise<number> {
  const box = await page.locator('iframe[title="Chat"]').boundingBox();
  if (!box) throw new Error('The chat iframe is not laid out');
  return box.width;
}

describe('widget in a real browser', { timeout: 60_000 }, () => {
  let parley: RunningParley;
  let bot: Bot;
  let browser: Browser;

  beforeAll(async () => {
    parley = await startParley();
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', async (session) => {
      await session.say('Welcome!', {
        quickReplies: ['Shipping', 'Opening hours'],
        buttons: [{ label: 'Read the docs', url: 'https://parley.example/docs' }],
      });
    });
    bot.on('message', async (session, message) => {
      await session.say(`You said: ${message.text}`);
    });
    await bot.ready;
    browser = await launchBrowser();
  }, 60_000);

  /** The demo page in a fresh browser context, watched for any console, page or request error. */
  const openDemo = async (options: BrowserContextOptions = {}) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(parley.demoUrl);
    return { context, page, problems };
  };

  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await parley?.close();
  });

  it('chats with the bot and keeps the conversation across a reload', async () => {
    const { context, page, problems } = await openDemo({ viewport: { width: 1280, height: 800 } });

    const launcher = chat(page).getByRole('button', { name: 'Open chat' });
    await launcher.waitFor();
    expect(await frameWidth(page)).toBeLessThan(100);
    await snapshot(page, 'widget-closed');

    await launcher.click();
    await bubble(page, 'Welcome!').waitFor();
    expect(await frameWidth(page)).toBeGreaterThan(400);
    // Focus moved into the message box when the panel opened.
    await chat(page).locator('textarea:focus').waitFor();

    const input = chat(page).getByRole('textbox', { name: 'Message' });
    await input.fill('Hello there');
    await input.press('Enter');
    await bubble(page, 'You said: Hello there').waitFor();
    expect(await bubble(page, 'Hello there').count()).toBe(1);
    await snapshot(page, 'widget-open');

    await page.reload();
    // The panel was open: it is restored open, with the whole conversation, each entry once.
    await bubble(page, 'You said: Hello there').waitFor();
    expect(await bubble(page, 'Welcome!').count()).toBe(1);
    expect(await bubble(page, 'Hello there').count()).toBe(1);
    expect(await bubble(page, 'You said: Hello there').count()).toBe(1);

    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('offers the bot’s quick replies as buttons that send the reply, and links that open safely', async () => {
    const { context, page, problems } = await openDemo({ viewport: { width: 1280, height: 800 } });
    await chat(page).getByRole('button', { name: 'Open chat' }).click();
    await bubble(page, 'Welcome!').waitFor();

    const choices = chat(page).getByRole('group', { name: 'Suggested replies' });
    const shipping = choices.getByRole('button', { name: 'Shipping' });
    await shipping.waitFor();
    const docs = choices.getByRole('link', { name: /Read the docs/ });
    expect(await docs.getAttribute('href')).toBe('https://parley.example/docs');
    expect(await docs.getAttribute('target')).toBe('_blank');
    expect(await docs.getAttribute('rel')).toBe('noopener noreferrer');

    // Keyboard: the choice is reachable and pressing it sends its text as the visitor's message.
    await shipping.focus();
    await page.keyboard.press('Enter');
    await bubble(page, 'You said: Shipping').waitFor();
    expect(await bubble(page, 'Shipping').count()).toBe(1);
    // The question was answered: its quick replies are gone, its link stays.
    expect(await chat(page).getByRole('button', { name: 'Opening hours' }).count()).toBe(0);
    expect(
      await chat(page)
        .getByRole('link', { name: /Read the docs/ })
        .count(),
    ).toBe(1);

    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('closes with Escape, returning focus to the launcher, and obeys Parley("open") from the page', async () => {
    const { context, page, problems } = await openDemo({ viewport: { width: 1280, height: 800 } });

    await chat(page).getByRole('button', { name: 'Open chat' }).click();
    await bubble(page, 'Welcome!').waitFor();
    await page.keyboard.press('Escape');
    await chat(page).locator('button[aria-label="Open chat"]:focus').waitFor();
    await expect.poll(() => frameWidth(page), settle).toBeLessThan(100);

    await page.evaluate("window.Parley('open')");
    await chat(page).getByRole('textbox', { name: 'Message' }).waitFor();
    await expect.poll(() => frameWidth(page), settle).toBeGreaterThan(400);
    // Unknown commands are ignored, not thrown.
    await page.evaluate("window.Parley('no-such-command')");

    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('drops a visitor token the server does not know and starts as a new visitor', async () => {
    const { context, page, problems } = await openDemo();
    const readToken = () => inFrame(page, "localStorage.getItem('parley:demo:token')");
    await expect.poll(readToken, settle).toEqual(expect.any(String));

    // As after a restart of a server with the in-memory store: the stored token means nothing.
    await inFrame(page, "localStorage.setItem('parley:demo:token', 'stale-token-of-a-lost-visitor')");
    await page.reload();
    await chat(page).getByRole('button', { name: 'Open chat' }).click();
    await bubble(page, 'Welcome!').waitFor();
    const token = await readToken();
    expect(token).toEqual(expect.any(String));
    expect(token).not.toBe('stale-token-of-a-lost-visitor');

    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('fills a phone screen while open', async () => {
    const { context, page, problems } = await openDemo({
      viewport: { width: 390, height: 760 },
      isMobile: true,
    });

    await chat(page).getByRole('button', { name: 'Open chat' }).click();
    await bubble(page, 'Welcome!').waitFor();
    await expect.poll(() => frameWidth(page), settle).toBe(390);
    await snapshot(page, 'widget-phone');
    await chat(page).getByRole('button', { name: 'Close chat window' }).click();
    await expect.poll(() => frameWidth(page), settle).toBeLessThan(100);

    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('asks for a person, shows the place in line, chats with the agent and rates the chat', async () => {
    const { socket: alice } = await connectAgent(parley.url, 'alice@parley.demo');
    try {
      const { context, page, problems } = await openDemo({ viewport: { width: 1280, height: 800 } });
      await chat(page).getByRole('button', { name: 'Open chat' }).click();
      await bubble(page, 'Welcome!').waitFor();
      // Alice is signed in: the header says the team is online (not merely connected).
      await chat(page).getByText("We're online").waitFor();

      // One hand-off at a time (issue 14): the bot's quick replies stand in for the widget's
      // "Talk to a person" until the visitor answers them.
      await chat(page).getByRole('button', { name: 'Shipping' }).waitFor();
      expect(await chat(page).getByRole('button', { name: 'Talk to a person' }).count()).toBe(0);
      await chat(page).getByRole('button', { name: 'Shipping' }).click();
      await bubble(page, 'You said: Shipping').waitFor();

      // Alice is signed in but not ready: the visitor waits, first in line.
      await chat(page).getByRole('button', { name: 'Talk to a person' }).click();
      await bubble(page, 'Connecting you to a person…').waitFor();
      await bubble(page, 'You are number 1 in line').waitFor();

      const assigned = nextAgentEvent(alice, 'session.created');
      await setPresence(alice, { status: 'ready' });
      const { session } = await assigned;
      await bubble(page, 'Alice Martin joined the chat').waitFor();
      expect(await bubble(page, 'You are number 1 in line').count()).toBe(0);

      await alice.timeout(5000).emitWithAck('message.send', {
        sessionId: session.id,
        clientId: 'e2e-agent-0001',
        text: 'Hello, Alice here. How can I help?',
      });
      await bubble(page, 'Hello, Alice here. How can I help?').waitFor();
      const heard = nextAgentEvent(alice, 'session.event', (e) => e.type === 'message');
      const input = chat(page).getByRole('textbox', { name: 'Message' });
      await input.fill('My parcel is late');
      await input.press('Enter');
      expect(await heard).toMatchObject({ text: 'My parcel is late' });

      const rated = nextAgentEvent(alice, 'session.event', (e) => e.type === 'feedback');
      await alice.timeout(5000).emitWithAck('session.close', { sessionId: session.id });
      await bubble(page, 'The chat has ended').waitFor();
      await chat(page).getByRole('radio', { name: '4 stars' }).check();
      await chat(page).getByRole('textbox', { name: 'Tell us more (optional)' }).fill('Quick and kind');
      await chat(page).getByRole('button', { name: 'Send feedback' }).click();
      await chat(page).getByText('Thanks for your feedback!').waitFor();
      expect(await rated).toMatchObject({ feedback: { score: 4, review: 'Quick and kind' } });
      await snapshot(page, 'widget-rated');

      expect(problems).toEqual(noProblems);
      await context.close();
    } finally {
      alice.close();
    }
  });
});
