/**
 * The visitor's whole journey and the site owner's API, in a real Chromium on a host site of its
 * own: the pre-chat form to the bot to a person to the rating; API calls made before the loader
 * (identify with a good and a bad hash, attributes, a session template, event listeners); two
 * tabs of one visitor with the unread badge and the title alert. Needs the widget built.
 */
import { type Bot, type BotSession, createBot } from '@parley/bot';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, nextAgentEvent, setPresence } from '../../test/agent.js';
import { bubble, chat, launchBrowser, noProblems, settle, snapshot, watchPage } from '../../test/browser.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { type HostSite, startHostSite } from '../../test/host-site.js';
import { identityHash } from '../sessions/visitor-identity.js';

const SECRET = 'journey-identity-secret-0123456789';

/**
 * The host page's script, run before the widget's: the queue stub a site owner pastes, listeners
 * recording every event, and the calls the query string asks for. A file, not inline, so the
 * page keeps a strict CSP.
 */
const PAGE_JS = `window.Parley = window.Parley || function () { (window.Parley.q = window.Parley.q || []).push(arguments); };
window.__heard = [];
['ready', 'open', 'close', 'message', 'session.changed', 'feedback', 'unread'].forEach(function (name) {
  Parley('on', name, function (data) { window.__heard.push({ name: name, data: data }); });
});
var query = new URLSearchParams(location.search);
if (query.get('user')) {
  Parley('identify', { userId: query.get('user'), name: query.get('name') || undefined, hash: query.get('hash') || undefined });
}
if (query.get('attrs')) Parley('setAttributes', JSON.parse(query.get('attrs')));
if (query.get('locale')) Parley('setLocale', query.get('locale'));
if (query.get('template')) Parley('startSession', { template: query.get('template'), params: JSON.parse(query.get('params') || '{}') });
`;

const hostPage = (parleyUrl: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Shop</title><link rel="icon" href="data:,">
<script src="/page.js"></script>
</head>
<body><p>A shop.</p>
<script src="${parleyUrl}/widget.js" data-site="demo" data-notify="title" async></script>
</body>
</html>
`;

interface Heard {
  name: string;
  data: Record<string, unknown>;
}
const heard = (page: Page) => page.evaluate('window.__heard') as Promise<Heard[]>;
const heardNames = async (page: Page) => (await heard(page)).map((h) => h.name);

describe('visitor journeys and the site owner’s API', { timeout: 90_000 }, () => {
  let host: HostSite;
  let parley: RunningParley;
  let bot: Bot;
  let browser: Browser;
  /** The session whose visitor said "Tell me later": the test speaks in it when it chooses. */
  let later: BotSession | undefined;

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
          prechatForm: [
            { name: 'name', label: 'Name', type: 'text' as const, required: true },
            { name: 'email', label: 'Email', type: 'email' as const, required: true },
            {
              name: 'topic',
              label: 'Topic',
              type: 'select' as const,
              required: false,
              options: ['Billing', 'Shipping'],
            },
            {
              name: 'consent',
              label: 'I agree to the privacy policy',
              type: 'checkbox' as const,
              required: true,
            },
          ],
          identity: { secret: SECRET, required: false },
          feedbackTags: ['Fast', 'Friendly', 'Solved my problem'],
          templates: {
            order: { bot: 'welcome', welcome: 'Questions about order {order}?', params: {}, prechatForm: [] },
          },
        })),
      }),
    });
    host.parleyUrl = parley.url;
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', async (session) => {
      const { name, prechat } = session.visitor;
      const topic = prechat?.topic ? ` about ${prechat.topic}` : '';
      await session.say(`Welcome, ${name ?? 'stranger'}${topic}!`);
    });
    bot.on('message', async (session, message) => {
      if (message.text === 'Tell me later') later = session;
      else await session.say(`You said: ${message.text}`);
    });
    await bot.ready;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await parley?.close();
    await host?.close();
  });

  const visit = async (query = '', context?: BrowserContext) => {
    const ctx = context ?? (await browser.newContext({ viewport: { width: 1280, height: 800 } }));
    const page = await ctx.newPage();
    const problems = watchPage(page);
    await page.goto(`${host.origin}/${query}`);
    return { context: ctx, page, problems };
  };

  it('goes from the pre-chat form to the bot, to a person, to the rating', async () => {
    const { socket: alice } = await connectAgent(parley.url, 'alice@parley.demo');
    try {
      await setPresence(alice, { status: 'ready' });
      const { context, page, problems } = await visit();
      await chat(page).getByRole('button', { name: 'Open chat' }).click();
      const frame = chat(page);
      await frame.getByRole('heading', { name: 'Before we start' }).waitFor();
      // The first field has focus; sending it empty says what is missing, field by field.
      await expect.poll(() => frame.locator(':focus').getAttribute('name'), settle).toBe('name');
      await frame.getByRole('button', { name: 'Start chat' }).click();
      expect(await frame.getByText('Please fill this in.').count()).toBe(3);
      await frame.getByRole('textbox', { name: 'Name' }).fill('Ada');
      await frame.getByRole('textbox', { name: 'Email' }).fill('ada@example');
      await frame.getByRole('combobox', { name: 'Topic' }).selectOption('Shipping');
      await frame.getByRole('checkbox', { name: 'I agree to the privacy policy' }).check();
      await frame.getByRole('button', { name: 'Start chat' }).click();
      await frame.getByText('Please enter a valid email address.').waitFor();
      await snapshot(page, 'journey-prechat');
      await frame.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
      await frame.getByRole('button', { name: 'Start chat' }).click();

      await bubble(page, 'Welcome, Ada about Shipping!').waitFor();
      await snapshot(page, 'journey-welcome');
      const assigned = nextAgentEvent(alice, 'session.created');
      await frame.getByRole('button', { name: 'Talk to a person' }).click();
      const { session } = await assigned;
      // The desk sees what the visitor answered.
      expect(session.visitor).toMatchObject({
        name: 'Ada',
        email: 'ada@example.com',
        prechat: { name: 'Ada', email: 'ada@example.com', topic: 'Shipping', consent: 'true' },
      });
      await bubble(page, 'Alice Martin joined the chat').waitFor();
      await alice.timeout(5000).emitWithAck('message.send', {
        sessionId: session.id,
        clientId: 'journey-agent-01',
        text: 'Hi Ada, your parcel ships today.',
      });
      await bubble(page, 'Hi Ada, your parcel ships today.').waitFor();
      await alice.timeout(5000).emitWithAck('session.close', { sessionId: session.id });
      await frame.getByRole('radio', { name: '5 stars' }).check();
      await frame.getByRole('button', { name: 'Friendly' }).click();
      await frame.getByRole('button', { name: 'Fast' }).click();
      expect(await frame.getByRole('button', { name: 'Friendly' }).getAttribute('aria-pressed')).toBe(
        'false',
      );
      await frame.getByRole('button', { name: 'Send feedback' }).click();
      await frame.getByText('Thanks for your feedback!').waitFor();

      // The page heard it all, in order.
      await expect.poll(() => heardNames(page), settle).toContain('feedback');
      expect((await heard(page)).find((h) => h.name === 'feedback')?.data).toEqual({
        sessionId: session.id,
        score: 5,
        tag: 'Fast',
      });
      const names = await heardNames(page);
      expect(names[0]).toBe('ready');
      expect(names).toEqual(expect.arrayContaining(['open', 'message', 'session.changed', 'feedback']));
      const changes = (await heard(page)).filter((h) => h.name === 'session.changed').map((h) => h.data.to);
      expect(changes).toEqual(expect.arrayContaining(['queued', 'assigned', 'closed']));

      // The answers are kept: the next conversation starts without asking again.
      await frame.getByRole('button', { name: 'Start a new conversation' }).click();
      await expect.poll(() => bubble(page, 'Welcome, Ada about Shipping!').count(), settle).toBe(2);
      expect(await frame.getByRole('heading', { name: 'Before we start' }).count()).toBe(0);
      expect(problems).toEqual(noProblems);
      await context.close();
    } finally {
      alice.close();
    }
  });

  it('takes API calls made before the loader: a verified identify, attributes and a template', async () => {
    const hash = identityHash(SECRET, 'user-7');
    const attrs = encodeURIComponent(JSON.stringify({ plan: 'pro', seats: 3 }));
    const params = encodeURIComponent(JSON.stringify({ order: 'A-1001' }));
    const query = `?user=user-7&name=Grace&hash=${hash}&attrs=${attrs}&template=order&params=${params}`;
    const { context, page, problems } = await visit(query);

    // startSession opened the panel; the identified visitor is not asked the pre-chat form.
    await bubble(page, 'Questions about order A-1001?').waitFor();
    await bubble(page, 'Welcome, Grace!').waitFor();
    expect(await chat(page).getByRole('heading', { name: 'Before we start' }).count()).toBe(0);
    const [summary] = await parley.store.visitorSessions(
      (
        await parley.store.identifyVisitor({
          siteKey: 'demo',
          userId: 'user-7',
          retentionMs: 60_000,
          now: Date.now(),
        })
      ).visitorId,
      1,
    );
    expect(summary).toMatchObject({
      visitor: { name: 'Grace', attributes: { plan: 'pro', seats: 3 } },
      data: { template: 'order', order: 'A-1001' },
    });
    const input = chat(page).getByRole('textbox', { name: 'Message' });
    await input.fill('Where is it?');
    await input.press('Enter');
    await bubble(page, 'You said: Where is it?').waitFor();

    // The same user on another device, verified: the same conversation.
    const { context: phone, page: phonePage } = await visit(`?user=user-7&name=Grace&hash=${hash}`);
    await chat(phonePage).getByRole('button', { name: 'Open chat' }).click();
    await bubble(phonePage, 'You said: Where is it?').waitFor();
    expect(problems).toEqual(noProblems);

    // The customer signs out on the shared laptop: the next person there starts afresh.
    await page.evaluate("Parley('logout')");
    await chat(page).getByRole('button', { name: 'Open chat' }).click();
    await chat(page).getByRole('heading', { name: 'Before we start' }).waitFor();
    expect(await bubble(page, 'Where is it?').count()).toBe(0);
    await phone.close();
    await context.close();
  });

  it('keeps the conversation of a visitor who signs in mid-chat', async () => {
    const { context, page, problems } = await visit();
    const frame = chat(page);
    await frame.getByRole('button', { name: 'Open chat' }).click();
    await frame.getByRole('textbox', { name: 'Name' }).fill('Ada');
    await frame.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await frame.getByRole('checkbox', { name: 'I agree to the privacy policy' }).check();
    await frame.getByRole('button', { name: 'Start chat' }).click();
    const input = frame.getByRole('textbox', { name: 'Message' });
    await input.fill('Where is my parcel?');
    await input.press('Enter');
    await bubble(page, 'You said: Where is my parcel?').waitFor();

    // The shop signs the customer in (a verified identify): the frame reloads as that user.
    const hash = identityHash(SECRET, 'user-9');
    await page.evaluate(`Parley('identify', { userId: 'user-9', name: 'Ada', hash: '${hash}' })`);
    const userVisitor = (
      await parley.store.identifyVisitor({
        siteKey: 'demo',
        userId: 'user-9',
        retentionMs: 60_000,
        now: Date.now(),
      })
    ).visitorId;
    await expect
      .poll(async () => (await parley.store.visitorSessions(userVisitor, 1)).length, settle)
      .toBe(1);
    await bubble(page, 'You said: Where is my parcel?').waitFor();
    await input.fill('It was order A-1002');
    await input.press('Enter');
    await bubble(page, 'You said: It was order A-1002').waitFor();
    // One conversation, before and after signing in, now the user's.
    const [session] = await parley.store.visitorSessions(userVisitor, 1);
    const log = await parley.store.eventsSince(session?.id ?? '', 0, 100);
    const texts = log.flatMap((e) => (e.type === 'message' && e.author.role === 'visitor' ? [e.text] : []));
    expect(texts).toEqual(['Where is my parcel?', 'It was order A-1002']);
    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('keeps a badly hashed identify away from that user’s conversation, and says why in the console', async () => {
    const query = `?user=user-7&name=Mallory&hash=${'0'.repeat(64)}&locale=es`;
    const { context, page, problems } = await visit(query);
    // setLocale, before the loader too: the widget speaks Spanish.
    await chat(page).getByRole('button', { name: 'Abrir chat' }).click();
    // Refused, so not identified: an anonymous visitor with the pre-chat form, and nothing of user-7's.
    await chat(page).getByRole('heading', { name: 'Antes de empezar' }).waitFor();
    expect(await chat(page).getByText('Where is it?').count()).toBe(0);
    await expect.poll(() => problems.pageErrors.join(), settle).toContain('identify refused');
    expect(problems.pageErrors).toHaveLength(1);
    expect(problems.consoleErrors.filter((e) => !e.includes('identify refused'))).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await context.close();
  });

  it('shows two tabs the same conversation, with the unread badge and title alert in the other', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // A brand-new visitor opens both in the same instant: one visitor still (the first tab to
    // connect gets the token, the other waits for it). Both frames get their app.js together, so
    // they start, and connect, within a few milliseconds of each other.
    const held: Route[] = [];
    await context.route('**/widget/app.js', async (route) => {
      held.push(route);
      if (held.length === 2) for (const r of held) await r.continue();
    });
    const [one, two] = await Promise.all([visit('', context), visit('', context)]);
    await chat(one.page).getByRole('button', { name: 'Open chat' }).click();
    const frame = chat(one.page);
    await frame.getByRole('textbox', { name: 'Name' }).fill('Lin');
    await frame.getByRole('textbox', { name: 'Email' }).fill('lin@example.com');
    // The other tab is still coming up (it waits for this one's token) and the form may render
    // again under a click at that instant: a click that did not stick is made again (seen failing
    // 1 run in about 15 here, before and after issue 11).
    const consent = frame.getByRole('checkbox', { name: 'I agree to the privacy policy' });
    for (let attempt = 0; !(await consent.isChecked()) && attempt < 5; attempt++) {
      await consent.check({ timeout: 2000 }).catch(() => {});
    }
    expect(await consent.isChecked()).toBe(true);
    await frame.getByRole('button', { name: 'Start chat' }).click();
    await bubble(one.page, 'Welcome, Lin!').waitFor();
    const input = frame.getByRole('textbox', { name: 'Message' });
    await input.fill('Hello from tab one');
    await input.press('Enter');
    await bubble(one.page, 'You said: Hello from tab one').waitFor();
    // Stored, and read by the bot that answered it: the visitor's newest message says "Seen"
    // (issue 14; "Sent" until the bot's read mark comes), once.
    await frame.getByText('Seen', { exact: true }).waitFor(settle);
    expect(await frame.locator('.msg__meta').count()).toBe(1);
    // Tab two shows it live, though its panel is closed.
    await chat(two.page).getByRole('button', { name: 'Open chat' }).click();
    await bubble(two.page, 'Hello from tab one').waitFor();
    await bubble(two.page, 'You said: Hello from tab one').waitFor();
    await chat(two.page).getByRole('button', { name: 'Close chat window' }).click();

    // Both panels closed: news waits as unread, on each launcher and in each tab's title.
    await input.fill('Tell me later');
    await input.press('Enter');
    await expect.poll(() => later?.id, settle).toBeDefined();
    await frame.getByRole('button', { name: 'Close chat window' }).click();
    await later?.say('Your refund went out.');
    await later?.say('It takes 3 days.');
    for (const tab of [one, two]) {
      await chat(tab.page).getByRole('button', { name: 'Open chat, 2 unread' }).waitFor();
      await expect.poll(() => tab.page.title(), settle).toBe('(2) Shop');
    }
    await snapshot(two.page, 'journey-unread');
    await expect
      .poll(async () => (await heard(two.page)).filter((h) => h.name === 'unread').at(-1)?.data)
      .toEqual({ count: 2 });

    // Read in tab one: tab two's badge and title follow.
    await chat(one.page).getByRole('button', { name: 'Open chat, 2 unread' }).click();
    await bubble(one.page, 'It takes 3 days.').waitFor();
    await chat(two.page).getByRole('button', { name: 'Open chat', exact: true }).waitFor();
    await expect.poll(() => two.page.title(), settle).toBe('Shop');
    expect(one.problems).toEqual(noProblems);
    expect(two.problems).toEqual(noProblems);
    await context.close();
  });
});
