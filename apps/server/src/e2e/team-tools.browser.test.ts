/**
 * The team tools of issue 15 in a real Chromium, with two agents in their own browser contexts
 * and a visitor on the demo page (built desk and widget, strict CSPs, records in PGlite): a
 * canned response with placeholders, a private note the visitor never sees, a label set by one
 * agent and found by the other's search, the keyboard shortcuts and their cheat sheet, the
 * notifications button, the agent's display name and avatar in the widget; axe-core clean in
 * the light and the dark theme. Needs the desk and widget built.
 */
import { type Bot, createBot } from '@parley/bot';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  bubble,
  chat,
  launchBrowser,
  noProblems,
  settle,
  signInToDesk,
  snapshot,
  watchPage,
} from '../../test/browser.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { makePng } from '../../test/png.js';

const AVATAR = 'https://avatars.example/alice.png';

describe('team tools in a real browser', { timeout: 120_000 }, () => {
  let browser: Browser;
  let parley: RunningParley;
  let bot: Bot;

  beforeAll(async () => {
    browser = await launchBrowser();
    parley = await startParley({
      withRecords: true,
      config: (base) => ({
        ...base,
        sites: base.sites.map((site) => ({
          ...site,
          cannedResponses: [
            { id: 'greet', title: 'Greeting', text: 'Hi {visitor.name}, this is {agent.name}.' },
            { id: 'bye', title: 'Goodbye', text: 'Thanks for writing to {site.name}!' },
          ],
        })),
        agents: base.agents.map((agent) =>
          agent.id === 'alice' ? { ...agent, displayName: 'Alice', avatarUrl: AVATAR } : agent,
        ),
      }),
    });
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', async (session) => {
      await session.say('Welcome!');
    });
    bot.on('message', async (session, message) => {
      if (/\bhuman\b/i.test(message.text)) await session.route.to.queue('support');
    });
    await bot.ready;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await parley?.close();
  });

  const context = async (colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> => {
    const made = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme });
    // The avatar's https origin, served here (the test has no internet): a real PNG.
    await made.route(AVATAR, (route) =>
      route.fulfill({ status: 200, contentType: 'image/png', body: makePng(8, 8, [200, 80, 40]) }),
    );
    return made;
  };

  const desk = async (email: string, colorScheme: 'light' | 'dark' = 'light') => {
    const page = await (await context(colorScheme)).newPage();
    const problems = watchPage(page);
    await signInToDesk(page, parley.url, email);
    return { page, problems };
  };

  // Evaluated in the page (strings: this package's compiler has no DOM types).
  const blur = (page: Page) => page.evaluate('document.activeElement && document.activeElement.blur()');

  it('an offline message assigned to a colleague, who marks it done', async () => {
    // Nobody has signed in yet: the visitor leaves a message.
    const visitorContext = await context();
    const visitorPage = await visitorContext.newPage();
    const visitorProblems = watchPage(visitorPage);
    await visitorPage.goto(parley.demoUrl);
    await chat(visitorPage).getByRole('button', { name: 'Open chat' }).click();
    await bubble(visitorPage, 'Welcome!').waitFor();
    const message = chat(visitorPage).getByRole('textbox', { name: 'Message' });
    await message.fill('I need a human');
    await message.press('Enter');
    const form = chat(visitorPage).getByRole('form', { name: 'Leave a message' });
    await form.getByLabel('Email').fill('ada@example.com', settle);
    await form.getByLabel('Message').fill('Please call me back about my order.');
    await form.getByRole('button', { name: 'Send message' }).click();
    await chat(visitorPage).getByText('Thanks! We got your message and will reply by email.').waitFor();

    const alice = await desk('alice@parley.demo');
    const bob = await desk('bob@parley.demo');
    const offline = (page: Page) => page.getByRole('region', { name: 'Offline messages' });
    for (const { page } of [alice, bob]) {
      await page
        .getByRole('navigation', { name: 'Desk' })
        .getByRole('button', { name: /Offline messages/ })
        .click();
      await offline(page).getByText('Please call me back about my order.').waitFor();
    }
    await offline(alice.page).getByLabel('Assigned to').selectOption({ label: 'Bob Okafor' });
    await offline(bob.page).getByLabel('Show').selectOption({ label: 'Assigned to me' });
    await expect.poll(() => offline(bob.page).getByLabel('Assigned to').inputValue(), settle).toBe('bob');
    await offline(bob.page).getByRole('button', { name: 'Mark done' }).click();
    await offline(alice.page).getByLabel('Show').selectOption({ label: 'Done' });
    await offline(alice.page)
      .getByText(/^Done by Bob Okafor, /)
      .waitFor();
    expect(await axeViolations(alice.page)).toEqual([]);
    await snapshot(alice.page, 'tools-offline');
    // Not done: the default list hides it.
    await offline(bob.page).getByLabel('Show').selectOption({ label: 'Not done' });
    await offline(bob.page).getByText('No message matches.').waitFor();

    expect(alice.problems).toEqual(noProblems);
    expect(bob.problems).toEqual(noProblems);
    expect(visitorProblems).toEqual(noProblems);
    await alice.page.context().close();
    await bob.page.context().close();
    await visitorContext.close();
  });

  it('canned responses, private notes, labels, shortcuts, notifications and the agent’s face', async () => {
    const alice = await desk('alice@parley.demo');
    const bob = await desk('bob@parley.demo');
    const { page } = alice;

    // Notifications: nothing asked on load; the button asks.
    expect(await page.evaluate('Notification.permission')).toBe('default');
    await page.getByRole('button', { name: 'Turn on desktop notifications' }).click();
    await page.getByText(/^Desktop notifications are (on|blocked in this browser)$/).waitFor();

    await page.getByLabel('Your status').selectOption('ready');
    const visitorPage = await (await context()).newPage();
    const visitorProblems = watchPage(visitorPage);
    await visitorPage.goto(parley.demoUrl);
    await chat(visitorPage).getByRole('button', { name: 'Open chat' }).click();
    await bubble(visitorPage, 'Welcome!').waitFor();
    const message = chat(visitorPage).getByRole('textbox', { name: 'Message' });
    await message.fill('I need a human');
    await message.press('Enter');

    // The chat opens on Alice's desk; a canned response, typed with "/", fills its placeholders.
    const reply = page.getByRole('textbox', { name: 'Reply to Visitor' });
    await reply.waitFor(settle);
    await reply.fill('/greet');
    const options = page.getByRole('listbox', { name: 'Canned responses' }).getByRole('option');
    await expect.poll(() => options.count(), settle).toBe(1);
    expect(await reply.getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'));
    expect(await axeViolations(page)).toEqual([]);
    await snapshot(page, 'tools-canned');
    await reply.press('Enter');
    await expect.poll(() => reply.inputValue(), settle).toBe('Hi Visitor, this is Alice.');
    await reply.press('Enter');

    // The visitor sees the agent's display name and avatar, not her full name.
    await bubble(visitorPage, 'Hi Visitor, this is Alice.').waitFor();
    const frame = chat(visitorPage);
    await frame.locator(`img.avatar[src="${AVATAR}"]`).first().waitFor();
    expect(await frame.getByText('Alice Martin').count()).toBe(0);

    // A private note: on the desk, never in the widget (even after the next message).
    const notes = page.getByRole('region', { name: 'Private notes' });
    await notes.getByRole('textbox', { name: 'Add a private note' }).fill('Prefers email, VIP customer');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await notes.getByText('Prefers email, VIP customer').waitFor();
    await notes.getByText(/^Alice, /).waitFor();
    await reply.fill('Anything else?');
    await reply.press('Enter');
    await bubble(visitorPage, 'Anything else?').waitFor();
    expect(await frame.getByText('Prefers email', { exact: false }).count()).toBe(0);

    // A label, set by Alice, shown in her list, found by Bob's search.
    await page.getByRole('textbox', { name: 'Add label' }).fill('VIP, refund');
    await page.getByRole('button', { name: 'Add label' }).click();
    await page.getByRole('button', { name: 'Remove the label refund' }).click();
    await page.getByRole('button', { name: 'Remove the label vip' }).waitFor();
    await expect
      .poll(() => page.getByRole('button', { name: 'Remove the label refund' }).count(), settle)
      .toBe(0);
    await page.getByRole('navigation', { name: 'Desk' }).getByText('vip', { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await snapshot(page, 'tools-chat');

    await bob.page.getByRole('navigation', { name: 'Desk' }).getByRole('button', { name: 'Search' }).click();
    const form = bob.page.getByRole('search', { name: 'Search conversations' });
    await form.getByLabel('Labels').fill('vip');
    const hits = bob.page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    await expect
      .poll(async () => {
        await form.getByRole('button', { name: 'Search', exact: true }).click();
        return hits.count();
      }, settle)
      .toBe(1);
    await hits.first().getByText('vip', { exact: true }).waitFor();
    expect(await axeViolations(bob.page)).toEqual([]);

    // Shortcuts: never while typing; "?" opens the cheat sheet, "r" goes to the reply box.
    await reply.focus();
    await page.keyboard.press('?');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
    await blur(page);
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.getByText('Go to the reply box').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await snapshot(page, 'tools-shortcuts');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    await blur(page);
    await page.keyboard.press('r');
    const replyId = await reply.getAttribute('id');
    await expect.poll(() => page.evaluate('document.activeElement.id'), settle).toBe(replyId);
    await blur(page);
    await page.keyboard.press('/');
    await page.getByRole('heading', { name: 'Search conversations' }).waitFor();
    await page.keyboard.press('Escape');
    await blur(page);
    await page.keyboard.press('n');
    await reply.waitFor(settle);

    // The same screens in the dark theme.
    const dark = await desk('alice@parley.demo', 'dark');
    await dark.page
      .getByRole('navigation', { name: 'Desk' })
      .getByRole('button', { name: /Visitor/ })
      .click();
    await dark.page
      .getByRole('region', { name: 'Private notes' })
      .getByText('Prefers email, VIP customer')
      .waitFor();
    await dark.page.getByRole('textbox', { name: 'Reply to Visitor' }).fill('/');
    await expect
      .poll(
        () => dark.page.getByRole('listbox', { name: 'Canned responses' }).getByRole('option').count(),
        settle,
      )
      .toBe(2);
    expect(await axeViolations(dark.page)).toEqual([]);
    await blur(dark.page);
    await dark.page.keyboard.press('?');
    await dark.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    expect(await axeViolations(dark.page)).toEqual([]);
    await snapshot(dark.page, 'tools-dark');
    await dark.page.keyboard.press('Escape');
    await dark.page
      .getByRole('navigation', { name: 'Desk' })
      .getByRole('button', { name: /Offline messages/ })
      .click();
    const darkOffline = dark.page.getByRole('region', { name: 'Offline messages' });
    await darkOffline.getByLabel('Show').selectOption({ label: 'Done' });
    await darkOffline.getByText(/^Done by Bob Okafor, /).waitFor();
    expect(await axeViolations(dark.page)).toEqual([]);

    expect(alice.problems).toEqual(noProblems);
    expect(bob.problems).toEqual(noProblems);
    expect(dark.problems).toEqual(noProblems);
    expect(visitorProblems).toEqual(noProblems);
  });
});
