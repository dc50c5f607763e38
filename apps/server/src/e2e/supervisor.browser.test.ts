/**
 * Supervisors in a real Chromium (issue 15, item 3): two agents and a supervisor, each in a
 * browser context of their own, and a visitor on the demo page. The supervisor monitors the
 * visitor's chat silently, whispers to its agent (who sees it; the visitor does not), sets a
 * colleague's presence, reassigns the chat, and takes it over; the new screen is checked by axe
 * in light and dark. Needs the desk and widget built (`npx turbo run build`).
 */
import { type Bot, createBot } from '@parley/bot';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  bubble,
  chat,
  launchBrowser,
  noProblems,
  type PageProblems,
  settle,
  signInToDesk,
  snapshot,
  watchPage,
} from '../../test/browser.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { twoSiteTeam } from '../../test/two-site-team.js';

interface Opened {
  page: Page;
  problems: PageProblems;
}

describe('supervisors in a real browser', { timeout: 120_000 }, () => {
  let browser: Browser;
  let parley: RunningParley;
  let bot: Bot;

  beforeAll(async () => {
    browser = await launchBrowser();
    // Alice works here as a second plain agent beside Bob; Sue supervises the demo site.
    parley = await startParley({
      config: (base) => {
        const team = twoSiteTeam(base);
        return { ...team, agents: team.agents.map((a) => (a.id === 'alice' ? { ...a, role: 'agent' } : a)) };
      },
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

  const open = async (url: string, options: BrowserContextOptions = {}): Promise<Opened> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(url);
    return { page, problems };
  };

  const desk = async (email: string, options: BrowserContextOptions = {}): Promise<Opened> => {
    const opened = await open(`${parley.url}/desk`, options);
    await signInToDesk(opened.page, parley.url, email);
    return opened;
  };

  const status = (page: Page) => page.getByLabel('Your status');
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Desk' });

  it('monitors, whispers, sets presence, reassigns and takes over; axe-clean in light and dark', async () => {
    const bob = await desk('bob@parley.demo');
    const alice = await desk('alice@parley.demo');
    const sue = await desk('sue@parley.demo', { colorScheme: 'light', reducedMotion: 'reduce' });
    await status(bob.page).selectOption('ready');
    await expect.poll(() => status(bob.page).inputValue(), settle).toBe('ready');

    // A visitor asks for a human: Bob, the one ready, gets the chat.
    const visitor = await open(parley.demoUrl);
    const widget = chat(visitor.page);
    await widget.getByRole('button', { name: 'Open chat' }).click();
    await bubble(visitor.page, 'Welcome!').waitFor(settle);
    const input = widget.getByRole('textbox', { name: 'Message' });
    await input.fill('I need a human');
    await input.press('Enter');
    const bobsLog = bob.page.getByRole('list', { name: /^Conversation with/ });
    await bobsLog.getByText('I need a human').waitFor(settle);

    // Sue sees the team and the live chat, and monitors it.
    await nav(sue.page).getByRole('button', { name: 'Team' }).click();
    const agents = sue.page.getByRole('table', { name: 'Agents' });
    await expect
      .poll(() => agents.getByRole('row', { name: /Bob Okafor/ }).textContent(), settle)
      .toContain('1 of 20');
    const live = sue.page.getByRole('table', { name: 'Live chats' });
    await live
      .getByRole('button', { name: /^Monitor the chat with/ })
      .first()
      .click();
    const panel = sue.page.getByRole('region', { name: /^Monitoring:/ });
    await panel.getByText('Silent: the visitor and the bot do not know you are here.').waitFor(settle);
    const monitored = panel.getByRole('list', { name: /^The chat with/ });
    await monitored.getByText('I need a human').waitFor(settle);
    await input.fill('Is anyone there?');
    await input.press('Enter');
    await monitored.getByText('Is anyone there?').waitFor(settle);
    await snapshot(sue.page, 'desk-supervisor');
    expect(await axeViolations(sue.page)).toEqual([]);
    await sue.page.emulateMedia({ colorScheme: 'dark' });
    await snapshot(sue.page, 'desk-supervisor-dark');
    expect(await axeViolations(sue.page)).toEqual([]);
    await sue.page.emulateMedia({ colorScheme: 'light' });

    // A whisper: Bob sees it, the visitor never does (checked after Bob's next reply reached them).
    await panel.getByLabel('Whisper to Bob Okafor').fill('Offer free shipping');
    await panel.getByRole('button', { name: 'Whisper', exact: true }).click();
    const whispers = bob.page.getByRole('region', { name: 'Whispers (only agents see them)' });
    await whispers.getByText('Offer free shipping').waitFor(settle);
    await whispers.getByText('Whisper from Sue Lindqvist').waitFor(settle);
    await snapshot(bob.page, 'desk-whisper');
    const reply = bob.page.getByRole('textbox', { name: /^Reply to/ });
    await reply.fill('Shipping is on us');
    await reply.press('Enter');
    await bubble(visitor.page, 'Shipping is on us').waitFor(settle);
    await monitored.getByText('Shipping is on us').waitFor(settle);
    const visitorSees = (await widget.locator('body').textContent()) ?? '';
    expect(visitorSees).toContain('Shipping is on us');
    expect(visitorSees).not.toContain('Offer free shipping');
    expect(visitorSees).not.toContain('Sue');

    // Sue makes Alice ready, then gives her the chat.
    await sue.page.getByLabel('Set the status of Alice Martin').selectOption('ready');
    await expect.poll(() => status(alice.page).inputValue(), settle).toBe('ready');
    await panel.getByLabel('Give the chat to').selectOption({ label: 'Alice Martin' });
    await panel.getByRole('button', { name: 'Reassign' }).click();
    await alice.page
      .getByRole('list', { name: /^Conversation with/ })
      .getByText('Is anyone there?')
      .waitFor(settle);

    // Sue takes it over: the chat opens on her desk, and what she writes reaches the visitor.
    await panel.getByRole('button', { name: 'Take over' }).click();
    const suesReply = sue.page.getByRole('textbox', { name: /^Reply to/ });
    await suesReply.waitFor(settle);
    await suesReply.fill('I am the team lead, I will finish this');
    await suesReply.press('Enter');
    await bubble(visitor.page, 'I am the team lead, I will finish this').waitFor(settle);

    // And sets Bob not ready, with a reason.
    await nav(sue.page).getByRole('button', { name: 'Team' }).click();
    await sue.page.getByLabel('Set the status of Bob Okafor').selectOption('notready:training');
    await expect.poll(() => status(bob.page).inputValue(), settle).toBe('notready:training');

    const audit = await parley.store.monitoredAt(
      (await parley.store.handlerSessions({ kind: 'agent', id: 'sue' }))[0]?.id ?? '',
    );
    expect(audit).toEqual(expect.any(Number));
    for (const opened of [bob, alice, sue, visitor]) expect(opened.problems).toEqual(noProblems);
  });
});
