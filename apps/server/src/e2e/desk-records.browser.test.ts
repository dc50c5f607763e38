/**
 * The desk's side of the records (issue 12), in a real Chromium against the built desk and a
 * server keeping its records (PGlite): search with highlighted words, filters and transcripts,
 * within what each agent may read; a visitor's earlier conversations beside a chat; an admin's
 * export (a download) and erasure, and the audit log; none of it offered to an agent who is not
 * an admin; axe-core finding no WCAG 2.2 AA violation on these screens, light and dark. Visitors
 * and the first agent's replies come through sockets. Needs the desk built.
 */
import { readFile } from 'node:fs/promises';
import { type Bot, createBot } from '@parley/bot';
import type { AckResult, VisitorExport } from '@parley/protocol';
import axe from 'axe-core';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, nextAgentEvent, setPresence } from '../../test/agent.js';
import {
  launchBrowser,
  noProblems,
  type PageProblems,
  settle,
  snapshot,
  watchPage,
} from '../../test/browser.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { connectVisitor, type VisitorClient } from '../../test/visitor.js';
import { DEMO_AGENT_PASSWORD } from '../config/default-config.js';

/** The rule sets of WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Axe's violations on the desk page, one line each (the page's CSP does not govern `evaluate`). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  return page.evaluate(`axe.run(document, { runOnly: ${JSON.stringify(WCAG_AA)} }).then((result) =>
    result.violations.map((v) => v.id + ' (' + v.impact + '): ' +
      v.nodes.map((n) => n.target.join(' ') + ' ' + n.failureSummary).join(' | ')))`);
}

/** Waits (up to `settle.timeout`) until `check` holds: `expect.poll` where that cannot run (beforeAll). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + settle.timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Desk {
  page: Page;
  problems: PageProblems;
  close(): Promise<void>;
}

describe('the desk’s search, transcripts, export, erasure and audit log', { timeout: 120_000 }, () => {
  let parley: RunningParley;
  let bot: Bot;
  let browser: Browser;
  const visitors: VisitorClient[] = [];
  /** The conversation that reached a person (Alice), rated 5, and the one that never did. */
  let withPerson = '';
  let botOnly = '';

  const ask = <T extends object>(socket: VisitorClient, event: string, payload: object) =>
    (socket.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<AckResult<T>>)(event, payload);

  /** A visitor (a socket) who opens a conversation with `info` and says `text`. */
  const converse = async (text: string, info: object, token?: string) => {
    const visitor = await connectVisitor(parley.url, {
      origin: parley.demoOrigin,
      ...(token ? { token } : {}),
    });
    visitors.push(visitor.socket);
    const opened = await ask<{ session: { id: string } }>(visitor.socket, 'session.open', { info });
    if (!opened.ok) throw new Error(opened.error.message);
    const sessionId = opened.session.id;
    const sent = await ask(visitor.socket, 'message.send', {
      sessionId,
      clientId: `records-${sessionId}`,
      text,
    });
    if (!sent.ok) throw new Error(sent.error.message);
    return { ...visitor, sessionId };
  };

  /** Waits until the records have caught up with a conversation: `has` holds of its messages. */
  const recorded = (sessionId: string, has: (texts: string[]) => boolean) =>
    until(async () => {
      const transcript = await parley.records?.transcript(sessionId);
      return has(transcript?.events.flatMap((e) => (e.type === 'message' ? [e.text] : [])) ?? []);
    }, `the records of ${sessionId}`);

  const messagesOf = async (sessionId: string) =>
    (await parley.store.eventsSince(sessionId, 0, 100)).filter((e) => e.type === 'message').length;

  beforeAll(async () => {
    parley = await startParley({ withRecords: true });
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', (session) => session.say('Welcome!'));
    bot.on('message', async (session, message) => {
      if (/\bhuman\b/i.test(message.text)) {
        await session.say('Let me find a person for you.');
        await session.route.to.queue('support');
        return;
      }
      await session.say(`You said: ${message.text}`);
    });
    await bot.ready;
    browser = await launchBrowser();

    // Grace reaches Alice about her kettle refund, and rates the chat 5; Linus only asks the bot.
    const { socket: alice } = await connectAgent(parley.url, 'alice@parley.demo');
    try {
      await setPresence(alice, { status: 'ready' });
      const assigned = nextAgentEvent(alice, 'session.created');
      const grace = await converse('My kettle refund never arrived, I need a human', {
        name: 'Grace Hopper',
        email: 'grace@example.com',
      });
      withPerson = grace.sessionId;
      await assigned;
      await alice.timeout(5000).emitWithAck('message.send', {
        sessionId: withPerson,
        clientId: 'records-alice-1',
        text: 'Sorry about the kettle: your refund is on its way.',
      });
      await alice.timeout(5000).emitWithAck('session.close', { sessionId: withPerson });
      await ask(grace.socket, 'session.feedback', {
        sessionId: withPerson,
        clientId: 'records-rate',
        score: 5,
      });
      await setPresence(alice, { status: 'notready', reason: 'break' });
    } finally {
      alice.close();
    }
    const linus = await converse('Do you sell a blue kettle?', { name: 'Linus' });
    botOnly = linus.sessionId;
    await until(async () => (await messagesOf(botOnly)) === 3, 'the bot’s answer to Linus');
    await ask(linus.socket, 'session.close', { sessionId: botOnly });
    await recorded(withPerson, (texts) => texts.some((t) => t.startsWith('Sorry about the kettle')));
    await until(
      async () => (await parley.records?.transcript(withPerson))?.session.rating?.score === 5,
      'Grace’s rating in the records',
    );
    await recorded(botOnly, (texts) => texts.includes('You said: Do you sell a blue kettle?'));
  }, 90_000);

  afterAll(async () => {
    for (const socket of visitors) socket.close();
    await browser?.close();
    await bot?.close();
    await parley?.close();
  });

  /** An agent logs in to the desk in a fresh browser context. */
  const openDesk = async (email: string, options: BrowserContextOptions = {}): Promise<Desk> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${parley.url}/desk`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(DEMO_AGENT_PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await expect
      .poll(() => page.getByLabel('Your status').inputValue(), settle)
      .toMatch(/^(ready|notready:)/);
    return { page, problems, close: () => context.close() };
  };

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Desk' });

  /** Searches for `text` (and whatever filters are set), waiting for the answer. */
  const search = async (page: Page, text: string) => {
    const form = page.getByRole('search', { name: 'Search conversations' });
    await form.getByRole('searchbox', { name: 'Words, a visitor’s name or email' }).fill(text);
    await form.getByRole('button', { name: 'Search', exact: true }).click();
    await expect
      .poll(
        () =>
          page
            .getByRole('status')
            .filter({ hasText: /found\.$/ })
            .count(),
        settle,
      )
      .toBe(1);
  };
  const results = (page: Page) => page.getByRole('list', { name: 'Search results' }).getByRole('listitem');

  it('finds a conversation by a word, highlighted; a filter narrows; a result opens the transcript', async () => {
    const alice = await openDesk('alice@parley.demo');
    const { page } = alice;
    await nav(page).getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: 'Search conversations' }).waitFor();

    await search(page, 'refund');
    await page.getByText('1 conversation found.').waitFor();
    await expect.poll(() => results(page).count(), settle).toBe(1);
    const hit = results(page).first();
    await hit.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    const marked = await hit.locator('mark').allTextContents();
    expect(marked.map((m) => m.toLowerCase())).toContain('refund');
    // On the site's scale, as the chat's log says it (found by a new site owner: "Rated 5").
    await hit.getByText('Rated 5 of 5').waitFor();

    // A word of both conversations, then the agent who handled one of them.
    await search(page, 'kettle');
    await expect.poll(() => results(page).count(), settle).toBe(2);
    await page.getByLabel('Agent').selectOption({ label: 'Alice Martin' });
    await search(page, 'kettle');
    await expect.poll(() => results(page).count(), settle).toBe(1);
    await results(page).first().getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    await page.getByLabel('Agent').selectOption({ label: 'Any' });
    await page.getByLabel('Rating at least').fill('4');
    await search(page, 'kettle');
    await expect.poll(() => results(page).count(), settle).toBe(1);
    await snapshot(page, 'desk-search');

    // The whole conversation, read-only.
    await results(page)
      .first()
      .getByRole('button', { name: 'Open the conversation with Grace Hopper' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Conversation with Grace Hopper' });
    const log = dialog.getByRole('list', { name: 'Conversation with Grace Hopper' });
    await log.getByText('My kettle refund never arrived, I need a human', { exact: true }).waitFor();
    await log.getByText('Sorry about the kettle: your refund is on its way.', { exact: true }).waitFor();
    await dialog.getByText('grace@example.com').waitFor();
    // Who handled it, by name (it said "alice"), and the rating on the site's scale.
    const facts = dialog.locator('dl.fields').first();
    await facts.getByText('Alice Martin', { exact: true }).waitFor();
    await facts.getByText(/^5 of 5/).waitFor();
    expect(await dialog.getByRole('textbox').count()).toBe(0);
    await snapshot(page, 'desk-transcript');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Linus's conversation never reached a person: Alice (an admin) finds it, Bob does not.
    await page.getByLabel('Rating at least').fill('');
    await search(page, 'blue');
    await expect.poll(() => results(page).count(), settle).toBe(1);
    await results(page).first().getByRole('heading', { name: 'Linus' }).waitFor();
    const bob = await openDesk('bob@parley.demo');
    await nav(bob.page).getByRole('button', { name: 'Search' }).click();
    await search(bob.page, 'blue');
    await bob.page.getByText('No conversations found.').waitFor();
    await search(bob.page, 'kettle');
    await expect.poll(() => results(bob.page).count(), settle).toBe(1);
    await results(bob.page).first().getByRole('heading', { name: 'Grace Hopper' }).waitFor();

    expect(alice.problems).toEqual(noProblems);
    expect(bob.problems).toEqual(noProblems);
    await bob.close();
    await alice.close();
  });

  it('shows a visitor’s earlier conversations beside the chat; an admin exports and erases them, then reads the audit log', async () => {
    const alice = await openDesk('alice@parley.demo');
    const { page } = alice;
    await page.getByLabel('Your status').selectOption('ready');
    await expect.poll(() => page.getByLabel('Your status').inputValue(), settle).toBe('ready');

    // Ada asked about a parcel once; now she wants a person about her phone number.
    const ada = { name: 'Ada Lovelace', email: 'ada@example.com' };
    const earlier = await converse('Where is my parcel?', ada);
    await expect.poll(() => messagesOf(earlier.sessionId), settle).toBe(3);
    await ask(earlier.socket, 'session.close', { sessionId: earlier.sessionId });
    await recorded(earlier.sessionId, (texts) => texts.includes('You said: Where is my parcel?'));
    const now = await converse('My phone is 555-0100, I need a human', ada, earlier.token);
    const visitorId = now.visitorId;
    expect(visitorId).toBe(earlier.visitorId);

    await nav(page)
      .getByRole('button', { name: /^Ada Lovelace/ })
      .click();
    const chatLog = page.getByRole('list', { name: 'Conversation with Ada Lovelace' });
    await chatLog.getByText('My phone is 555-0100, I need a human', { exact: true }).waitFor();
    const about = page.getByRole('complementary', { name: 'About the visitor' });
    const earlierList = about.getByRole('region', { name: 'Earlier conversations' });
    await earlierList.getByRole('button', { name: /Where is my parcel\?/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Conversation with Ada Lovelace' });
    await dialog.getByText('Where is my parcel?', { exact: true }).waitFor();
    await snapshot(page, 'desk-earlier-conversation');

    // Export: everything kept about Ada, as a JSON download, once the records have today's chat.
    await recorded(now.sessionId, (texts) => texts.includes('My phone is 555-0100, I need a human'));
    const downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export data' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`parley-visitor-${visitorId}.json`);
    const document = JSON.parse(await readFile(await download.path(), 'utf8')) as VisitorExport;
    expect(document).toMatchObject({ siteKey: 'demo', visitorId, visitor: { name: 'Ada Lovelace' } });
    const exported = document.sessions.flatMap((s) =>
      s.events.flatMap((e) => (e.type === 'message' ? [e.text] : [])),
    );
    expect(exported).toEqual(
      expect.arrayContaining(['Where is my parcel?', 'My phone is 555-0100, I need a human']),
    );
    await dialog.getByText(`Downloaded parley-visitor-${visitorId}.json.`).waitFor();

    // Erase, after a confirmation naming what goes.
    await dialog.getByRole('button', { name: 'Erase visitor' }).click();
    const confirm = page.getByRole('dialog', { name: 'Erase Ada Lovelace?' });
    await confirm.getByText(/the text of every message/).waitFor();
    await confirm.getByText('This cannot be undone.').waitFor();
    await snapshot(page, 'desk-erase');
    await confirm.getByRole('button', { name: 'Erase visitor' }).click();
    await confirm.waitFor({ state: 'detached' });
    // The transcript is read again: a shell, with no text left, nor her name.
    const shell = page.getByRole('dialog', { name: 'Conversation with Visitor' });
    await shell.getByText(/^This conversation was erased/).waitFor();
    expect(await shell.getByText('Where is my parcel?', { exact: true }).count()).toBe(0);
    await shell
      .getByText('This visitor was erased: their messages and details are gone from Parley.')
      .waitFor();
    expect(await page.getByText('Ada Lovelace').count()).toBe(0);
    expect(await page.getByText('ada@example.com').count()).toBe(0);
    await snapshot(page, 'desk-erased');
    await shell.getByRole('button', { name: 'Close' }).click();
    // The chat beside it too: closed, and nothing of Ada left on screen.
    await page
      .getByText('This visitor was erased: their messages and details are gone from Parley.')
      .first()
      .waitFor();
    expect(await page.getByText('My phone is 555-0100, I need a human').count()).toBe(0);
    expect(await page.getByText('Ada Lovelace').count()).toBe(0);

    // The search no longer finds her words.
    await nav(page).getByRole('button', { name: 'Search' }).click();
    await search(page, 'phone');
    await page.getByText('No conversations found.').waitFor();
    await search(page, 'parcel');
    await page.getByText('No conversations found.').waitFor();

    // The audit log: Alice's erasure (and export), newest first.
    await nav(page).getByRole('button', { name: 'Audit log' }).click();
    const table = page.getByRole('table', { name: 'Audit log' });
    const erasure = table.getByRole('row').filter({ hasText: 'visitor.erase' });
    await expect.poll(() => erasure.count(), settle).toBe(1);
    expect(await erasure.textContent()).toContain('Alice Martin');
    expect(await erasure.textContent()).toContain(visitorId);
    const actions = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(actions.indexOf('visitor.erase')).toBeLessThan(actions.indexOf('visitor.export'));
    await snapshot(page, 'desk-audit');
    expect(alice.problems).toEqual(noProblems);

    // Bob is an agent: no export, no erasure, no audit log.
    const bob = await openDesk('bob@parley.demo');
    expect(await nav(bob.page).getByRole('button', { name: 'Audit log' }).count()).toBe(0);
    await nav(bob.page).getByRole('button', { name: 'Search' }).click();
    await search(bob.page, 'kettle');
    await results(bob.page)
      .first()
      .getByRole('button', { name: 'Open the conversation with Grace Hopper' })
      .click();
    const bobDialog = bob.page.getByRole('dialog', { name: 'Conversation with Grace Hopper' });
    await bobDialog
      .getByText('Sorry about the kettle: your refund is on its way.', { exact: true })
      .waitFor();
    await bobDialog.getByRole('region', { name: 'Earlier conversations' }).waitFor();
    expect(await bobDialog.getByRole('button', { name: 'Export data' }).count()).toBe(0);
    expect(await bobDialog.getByRole('button', { name: 'Erase visitor' }).count()).toBe(0);
    expect(bob.problems).toEqual(noProblems);
    await bob.close();
    await alice.close();
  });

  it.each(['light', 'dark'] as const)(
    'has no WCAG 2.2 AA violation on the search, a transcript, the erase dialog and the audit log (%s)',
    async (colorScheme) => {
      const alice = await openDesk('alice@parley.demo', { colorScheme, reducedMotion: 'reduce' });
      const { page } = alice;
      await nav(page).getByRole('button', { name: 'Search' }).click();
      await search(page, 'kettle');
      await expect.poll(() => results(page).count(), settle).toBeGreaterThan(0);
      expect(await axeViolations(page)).toEqual([]);

      await results(page)
        .first()
        .getByRole('button', { name: /^Open the conversation with/ })
        .click();
      const dialog = page.getByRole('dialog', { name: /^Conversation with/ });
      await dialog.getByRole('list', { name: /^Conversation with/ }).waitFor();
      await dialog.getByRole('region', { name: 'Earlier conversations' }).getByRole('status').waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await dialog.getByRole('button', { name: 'Erase visitor' }).click();
      const confirm = page.getByRole('dialog', { name: /^Erase / });
      await confirm.getByText('This cannot be undone.').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'detached' });
      await dialog.getByRole('button', { name: 'Close' }).click();

      await nav(page).getByRole('button', { name: 'Audit log' }).click();
      await page.getByRole('table', { name: 'Audit log' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(alice.problems).toEqual(noProblems);
      await alice.close();
    },
  );
});
