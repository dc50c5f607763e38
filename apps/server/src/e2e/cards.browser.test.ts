/**
 * Issue 14, item 4, in a real Chromium against the built widget and desk: a bot's card (its
 * https image with alt text, title, text, a reply and a link button), a carousel scrolled by its
 * buttons and the keyboard, and an inline form answered with a validation error and then
 * correctly, the bot hearing the answer; the desk shows all of it as text. The rich chunk loads
 * only once such a message arrives. Axe finds nothing on the cards and form, light and dark.
 */
import { createBot, type FormAnswer } from '@parley/bot';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  bubble,
  chat,
  launchBrowser,
  noProblems,
  settle,
  snapshot,
  watchPage,
} from '../../test/browser.js';
import { type BrowserSession, browserSession, deskReady } from '../../test/browser-session.js';
import { demoBotToken, startParley } from '../../test/harness.js';

/** A 1×1 PNG, served for the cards' https images (the test has no https server of its own). */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('rich bot messages in a real browser', { timeout: 120_000 }, () => {
  let running: BrowserSession;
  const answers: FormAnswer[] = [];

  beforeAll(async () => {
    const parley = await startParley();
    const bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', (session) => session.say('Welcome! Say "plans" or "contact".'));
    bot.on('message', async (session, message) => {
      if (message.text === 'plans') {
        await session.sendCard({
          title: 'Pro plan',
          text: 'Ten seats and priority support.',
          image: { url: 'https://img.parley.test/pro.png', alt: 'The Pro plan badge' },
          buttons: [
            { label: 'Compare plans', reply: 'compare' },
            { label: 'Pricing page', url: 'https://shop.example/pricing' },
          ],
        });
      } else if (message.text === 'compare') {
        await session.sendCarousel(
          ['Free', 'Starter', 'Pro', 'Business', 'Enterprise'].map((title) => ({
            title,
            text: `The ${title} plan.`,
            buttons: [{ label: `Choose ${title}`, reply: `I choose ${title}` }],
          })),
        );
      } else if (message.text === 'contact') {
        await session.askForm({
          id: 'contact',
          title: 'How can we reach you?',
          fields: [
            { name: 'email', label: 'Email', type: 'email', required: true },
            { name: 'seats', label: 'Seats', type: 'number' },
            { name: 'plan', label: 'Plan', type: 'select', options: ['Free', 'Pro'], required: true },
          ],
          submitLabel: 'Send details',
        });
      } else {
        await session.say(`You said: ${message.text}`);
      }
    });
    bot.on('formAnswer', async (session, answer) => {
      answers.push(answer);
      await session.say(`Thanks, we will write to ${answer.values.email}.`);
      await session.route.to.queue('support');
    });
    await bot.ready;
    running = browserSession(parley, bot, await launchBrowser());
  }, 60_000);

  afterAll(() => running?.close());

  const open = async (url: string, colorScheme: 'light' | 'dark' = 'light') => {
    const context = await running.newContext({ colorScheme });
    await context.route('https://img.parley.test/**', (route) =>
      route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL }),
    );
    const page = await context.newPage();
    const problems = watchPage(page);
    const requested: string[] = [];
    page.on('request', (request: Request) => requested.push(request.url()));
    await page.goto(url);
    return { page, problems, requested };
  };

  const say = async (page: Page, text: string) => {
    const input = chat(page).getByRole('textbox', { name: 'Message' });
    await input.fill(text);
    await input.press('Enter');
  };

  it('shows a card and a carousel, and a form answered with an error, then right; the desk shows them', async () => {
    // Alice, ready at her desk, gets the chat once the bot hands it on.
    const { parley } = running;
    const desk = await (await running.newContext()).newPage();
    const deskProblems = watchPage(desk);
    await deskReady(desk, parley);
    const { page, problems, requested } = await open(parley.demoUrl);
    const frame = chat(page);
    await frame.getByRole('button', { name: /^Open chat/ }).click();
    await bubble(page, 'Welcome! Say "plans" or "contact".').waitFor(settle);
    // Nothing rich yet: its chunk and stylesheet are not loaded.
    expect(requested.filter((url) => /rich-message|rich\.css/.test(url))).toEqual([]);

    // A card: image (https, alt text), title, text, a reply button and a link button.
    await say(page, 'plans');
    const image = frame.getByRole('img', { name: 'The Pro plan badge' });
    await image.waitFor(settle);
    expect(await image.getAttribute('src')).toBe('https://img.parley.test/pro.png');
    await frame.getByText('Pro plan', { exact: true }).waitFor();
    await frame.getByText('Ten seats and priority support.', { exact: true }).waitFor();
    const link = frame.getByRole('link', { name: /Pricing page/ });
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(requested.some((url) => url.includes('rich-message'))).toBe(true);

    // Its reply button answers; the bot sends a carousel of five cards.
    await frame.getByRole('button', { name: 'Compare plans' }).click();
    const carousel = frame.getByRole('region', { name: 'Cards' });
    await carousel.waitFor(settle);
    expect(await carousel.getAttribute('aria-roledescription')).toBe('carousel');
    const track = carousel.getByRole('list', { name: 'Cards' });
    expect(await track.getByRole('listitem').count()).toBe(5);
    await carousel.getByRole('listitem', { name: 'Card 1 of 5' }).waitFor();
    const scrolled = () => track.evaluate((element) => element.scrollLeft);
    const first = await scrolled();
    expect(first).toBeLessThan(10);
    // The next button scrolls sideways, and so does the keyboard on the focused track.
    await carousel.getByRole('button', { name: 'Next card' }).click();
    await expect.poll(scrolled, settle).toBeGreaterThan(first + 100);
    await carousel.getByRole('button', { name: 'Previous card' }).click();
    await expect.poll(scrolled, settle).toBe(first);
    await track.focus();
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('ArrowRight');
    await expect.poll(scrolled, settle).toBeGreaterThan(first + 60);
    await carousel.getByRole('button', { name: 'Choose Enterprise' }).click();
    await bubble(page, 'You said: I choose Enterprise').waitFor(settle);
    await snapshot(page, 'widget-cards');

    // An inline form: a wrong email is caught under its field, a letter for a number said so.
    await say(page, 'contact');
    const form = frame.getByRole('form', { name: 'How can we reach you?' });
    await form.waitFor(settle);
    await form.getByLabel('Email').fill('ada@');
    await form.getByLabel('Seats').fill('ten');
    await form.getByLabel('Plan').selectOption('Pro');
    await form.getByRole('button', { name: 'Send details' }).click();
    await form.getByText('Please enter a valid email address.').waitFor(settle);
    expect(await form.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Email').fill('ada@example.com');
    await form.getByRole('button', { name: 'Send details' }).click();
    await frame.getByRole('alert').getByText('Seats: please enter a number.').waitFor(settle);
    expect(answers).toEqual([]);
    await form.getByLabel('Seats').fill('12');
    await form.getByRole('button', { name: 'Send details' }).click();

    // Answered in place: the form gives way to the answer, the bot hears it.
    await bubble(page, 'Thanks, we will write to ada@example.com.').waitFor(settle);
    expect(answers).toEqual([
      expect.objectContaining({
        form: 'contact',
        values: { email: 'ada@example.com', seats: '12', plan: 'Pro' },
      }),
    ]);
    expect(await form.count()).toBe(0);
    await bubble(page, 'Email: ada@example.com\nSeats: 12\nPlan: Pro').waitFor();
    const [session] = await parley.store.handlerSessions({ kind: 'agent', id: 'alice' });
    expect(session?.data).toMatchObject({ 'contact.email': 'ada@example.com', 'contact.plan': 'Pro' });

    // The desk: Alice got the chat; its log shows the card, carousel, form and answers as text.
    const chats = desk.getByRole('navigation', { name: 'Desk' });
    await chats.getByRole('button', { name: /^Visitor/ }).click();
    const log = desk.getByRole('list', { name: 'Conversation with Visitor' });
    await log.getByText('Image: The Pro plan badge').waitFor(settle);
    await log.getByText('Pricing page → https://shop.example/pricing').waitFor();
    await log.getByText('Carousel of 5 cards').waitFor();
    await log.getByText('Choose Enterprise', { exact: true }).waitFor();
    await log.getByText('How can we reach you?').waitFor();
    const answered = log.locator('dl', { has: desk.getByText('Email', { exact: true }) });
    expect(await answered.locator('dt').allTextContents()).toEqual(['Email', 'Seats', 'Plan']);
    expect(await answered.locator('dd').allTextContents()).toEqual(['ada@example.com', '12', 'Pro']);
    // The new entries of the log (the rest of the desk is not this test's).
    expect(await axeViolations(desk, 'ol.log')).toEqual([]);
    await desk.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(desk, 'ol.log'), 'dark').toEqual([]);

    expect(problems).toEqual(noProblems);
    expect(deskProblems).toEqual(noProblems);
  });

  it('has no accessibility violation on cards, a carousel and a form, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, problems } = await open(running.parley.demoUrl, scheme);
      const frame = chat(page);
      await frame.getByRole('button', { name: /^Open chat/ }).click();
      await bubble(page, 'Welcome! Say "plans" or "contact".').waitFor(settle);
      await say(page, 'plans');
      await frame.getByRole('img', { name: 'The Pro plan badge' }).waitFor(settle);
      await frame.getByRole('button', { name: 'Compare plans' }).click();
      await frame.getByRole('region', { name: 'Cards' }).waitFor(settle);
      await say(page, 'contact');
      await frame.getByRole('form', { name: 'How can we reach you?' }).waitFor(settle);
      const inner = page.frames().find((f) => new URL(f.url()).pathname === '/widget/frame.html');
      if (!inner) throw new Error('no widget frame');
      expect(await axeViolations(inner), scheme).toEqual([]);
      expect(problems).toEqual(noProblems);
    }
  });
});
