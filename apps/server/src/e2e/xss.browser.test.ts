/**
 * Text people and bots write, hostile, in a real Chromium (issue 14, item 2): every payload of
 * test/xss-payloads.txt (a copy of the shared list) goes into every field a visitor, an agent or
 * a bot writes (messages, quick replies and button labels, pre-chat answers, the identify name,
 * attributes, the offline form, the rating's comment) and must neither run (a hooked dialog or
 * the `__parleyXss` flag, an event-handler attribute, a `javascript:` or `data:` URL, an inline
 * script, an element that loads or runs something) nor break the layout (every bubble within
 * its conversation, nothing scrolling sideways), in the widget and in the desk. Formatted text
 * renders as elements: bold, links that open in a new tab without the opener.
 */
import { readFileSync } from 'node:fs';
import { type Bot, createBot } from '@parley/bot';
import { LIMITS } from '@parley/protocol';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, chat, launchBrowser, settle, watchPage } from '../../test/browser.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { DEMO_AGENT_PASSWORD } from '../config/default-config.js';

const PAYLOADS: string[] = [
  ...readFileSync(new URL('../../test/xss-payloads.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('"'))
    .map((line) => JSON.parse(line) as string),
  // Long unbroken text, a long URL and a long code line: they wrap (or scroll in their box).
  'A'.repeat(400),
  `https://example.com/${'a'.repeat(300)}`,
  `\`\`\`\n${'y'.repeat(300)}\n\`\`\``,
];

/** Runs in every frame before its scripts: a dialog or the payloads' flag marks an execution. */
const HOOK = `(() => {
  const caught = () => { window.__parleyXss = 'dialog'; };
  window.alert = caught; window.confirm = caught; window.prompt = caught;
})();`;

/**
 * What a payload left in a document, one line each: the flag, event-handler attributes, script
 * URLs, inline scripts, elements that load or run things. Empty when nothing got through.
 */
const FOUND = `(() => {
  const found = [];
  if (window.__parleyXss !== undefined) found.push('ran: ' + window.__parleyXss);
  for (const element of document.querySelectorAll('*')) {
    for (const { name, value } of element.attributes) {
      if (/^on/i.test(name)) found.push(element.tagName + ' ' + name);
      if (/^(href|src|action|formaction|data|xlink:href)$/i.test(name) && /^\\s*(javascript|data|vbscript):/i.test(value)) {
        found.push(element.tagName + ' ' + name + '=' + value);
      }
    }
  }
  for (const script of document.scripts) if (!script.src) found.push('inline script');
  const risky = 'iframe, img, object, embed, video, audio, source, details, marquee, base, math, noscript, style, input[autofocus], form[action]';
  for (const element of document.querySelectorAll(risky)) found.push('element ' + element.tagName);
  return found;
})()`;

/** Whether the boxes of `items` stay within `container` and it does not scroll sideways. */
const overflowing = (container: string, items: string) => `(() => {
  const box = document.querySelector(${JSON.stringify(container)});
  if (!box) return ['no ' + ${JSON.stringify(container)}];
  const outer = box.getBoundingClientRect();
  const wide = [...document.querySelectorAll(${JSON.stringify(items)})]
    .filter((item) => { const r = item.getBoundingClientRect(); return r.left < outer.left - 1 || r.right > outer.right + 1; })
    .map((item) => item.textContent.slice(0, 40));
  if (box.scrollWidth > box.clientWidth + 1) wide.push('scrolls sideways: ' + box.scrollWidth + ' > ' + box.clientWidth);
  return wide;
})()`;

const widgetFrame = (page: Page): Frame => {
  const frame = page.frames().find((f) => new URL(f.url()).pathname === '/widget/frame.html');
  if (!frame) throw new Error('No widget frame in the page');
  return frame;
};

/**
 * Everything found in a page: in the desk, or in the widget's frame; on the host page (whose own
 * markup holds the widget's iframe), whether anything ran.
 */
const foundIn = async (page: Page): Promise<string[]> => {
  const frame = page.frames().find((f) => new URL(f.url()).pathname === '/widget/frame.html');
  if (!frame) return (await page.evaluate(FOUND)) as string[];
  const ran = await page.evaluate('window.__parleyXss');
  return [
    ...(ran === undefined ? [] : [`host page ran: ${ran}`]),
    ...((await frame.evaluate(FOUND)) as string[]),
  ];
};

describe('hostile text in the widget and the desk', { timeout: 240_000 }, () => {
  let browser: Browser;
  let parley: RunningParley;
  let bot: Bot;
  const dialogs: string[] = [];
  /** Requests to the payloads' host: an image or stylesheet a payload made load. */
  const evil: string[] = [];

  beforeAll(async () => {
    parley = await startParley({
      sweepIntervalMs: 200,
      config: (base) => ({
        ...base,
        limits: { ...base.limits, eventsPer10Seconds: 10_000 },
        queues: base.queues.map((queue) =>
          queue.id === 'support' ? { ...queue, timeoutSeconds: 1 } : queue,
        ),
        sites: base.sites.map((site) => ({
          ...site,
          feedback: 'always' as const,
          prechatForm: PAYLOADS.map((_, i) => ({
            // The first answer is the visitor's name: the desk shows it in the list, the log and the box.
            name: i === 0 ? 'name' : `p${i}`,
            label: `Field ${i}`,
            type: 'text' as const,
            required: false,
          })),
          offlineForm: [
            { name: 'email', label: 'Email', type: 'email' as const, required: true },
            ...PAYLOADS.map((_, i) => ({
              name: `o${i}`,
              label: `Note ${i}`,
              type: 'textarea' as const,
              required: false,
            })),
          ],
        })),
      }),
    });
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', async (session) => {
      await session.say(
        '**Welcome!** Read [the docs](https://parley.example/docs) or see https://parley.example/faq.',
      );
    });
    bot.on('message', async (session, message) => {
      if (message.text === 'human') {
        await session.route.to.queue('support');
      } else if (message.text === 'payloads') {
        const label = (payload: string) => payload.slice(0, LIMITS.quickReply).trim() || 'x';
        for (const payload of PAYLOADS) {
          await session.say(payload, {
            buttons: [{ label: label(payload), url: 'https://parley.example/' }],
          });
        }
        await session.say(PAYLOADS[0] ?? '', {
          quickReplies: PAYLOADS.slice(0, LIMITS.choices / 2).map(label),
          buttons: PAYLOADS.slice(LIMITS.choices / 2, LIMITS.choices).map((p) => ({
            label: label(p),
            reply: 'x',
          })),
        });
      }
    });
    await bot.ready;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await parley?.close();
  });

  const open = async (url: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.addInitScript(HOOK);
    const page = await context.newPage();
    watchPage(page);
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (request.url().includes('evil.test')) evil.push(request.url());
    });
    await page.goto(url);
    return { context, page };
  };

  const openDesk = async () => {
    const opened = await open(`${parley.url}/desk`);
    await opened.page.getByLabel('Email').fill('alice@parley.demo');
    await opened.page.getByLabel('Password').fill(DEMO_AGENT_PASSWORD);
    await opened.page.getByLabel('Password').press('Enter');
    await expect
      .poll(() => opened.page.getByLabel('Your status').inputValue(), settle)
      .toMatch(/^(ready|notready:)/);
    return opened;
  };

  /** Sends each payload from the widget, then `then`, waiting for each to be stored. */
  const sendAll = async (page: Page, texts: string[]) => {
    const input = chat(page).getByRole('textbox', { name: 'Message' });
    for (const text of texts) {
      await input.fill(text);
      await input.press('Enter');
      await expect.poll(() => chat(page).locator('.msg--sending').count(), settle).toBe(0);
    }
  };

  /** Nothing ran or was left behind, and every bubble stays in the conversation, in both. */
  const expectHarmless = async (visitor: Page, desk: Page) => {
    expect(await foundIn(visitor)).toEqual([]);
    expect(await foundIn(desk)).toEqual([]);
    expect(await widgetFrame(visitor).evaluate(overflowing('.messages', '.msg__bubble, .choice'))).toEqual(
      [],
    );
    expect(await desk.evaluate(overflowing('.log', '.entry__text'))).toEqual([]);
    // Nor does the desk as a whole, with a hostile name in its list, heading and reply box.
    expect(await desk.evaluate(overflowing('body', '.log'))).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(evil).toEqual([]);
  };

  it('keeps messages, choices, pre-chat answers and the rating inert, formatting only what is meant', async () => {
    const desk = await openDesk();
    const status = desk.page.getByLabel('Your status');
    await status.selectOption('ready');
    await expect.poll(() => status.inputValue(), settle).toBe('ready');

    const visitor = await open(parley.demoUrl);
    const frame = chat(visitor.page);
    await frame.getByRole('button', { name: 'Open chat' }).click();
    const prechat = frame.getByRole('form', { name: 'Before we start' });
    for (const [i, payload] of PAYLOADS.entries())
      await prechat.getByLabel(`Field ${i}`, { exact: true }).fill(payload);
    await prechat.getByRole('button', { name: 'Start chat' }).click();

    // The bot's greeting is formatted: bold, and links that open in a new tab without the opener.
    const welcome = frame.locator('.msg__bubble--rich').first();
    await welcome.locator('strong', { hasText: 'Welcome!' }).waitFor();
    const docs = welcome.getByRole('link', { name: /the docs/ });
    expect(await docs.getAttribute('href')).toBe('https://parley.example/docs');
    expect(await docs.getAttribute('target')).toBe('_blank');
    expect(await docs.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await welcome.getByRole('link', { name: /parley\.example\/faq/ }).getAttribute('href')).toBe(
      'https://parley.example/faq',
    );

    await sendAll(visitor.page, [...PAYLOADS, 'payloads']);
    // The bot's payloads, the last one with quick replies and reply buttons made of payloads.
    await expect
      .poll(
        () => frame.getByRole('group', { name: 'Suggested replies' }).last().getByRole('button').count(),
        settle,
      )
      .toBe(LIMITS.choices);
    await sendAll(visitor.page, ['human']);

    const chats = desk.page.getByRole('navigation', { name: 'Desk' });
    await chats.getByRole('button', { name: /__parleyXss=1/ }).click();
    const log = desk.page.getByRole('list', { name: /^Conversation with .*__parleyXss=1/ });
    await log.locator('.entry__text--rich strong', { hasText: 'Welcome!' }).waitFor();
    expect(await log.getByRole('link', { name: /the docs/ }).getAttribute('rel')).toBe('noopener noreferrer');
    // The formatted log stays accessible (before the payloads, which are noise to axe).
    expect(await axeViolations(desk.page, '.log')).toEqual([]);
    await desk.page.getByRole('complementary').getByText('Pre-chat answers').waitFor();

    const reply = desk.page.getByRole('textbox', { name: /^Reply to / });
    for (const payload of PAYLOADS) {
      await reply.fill(payload);
      await reply.press('Enter');
    }
    await expect
      .poll(() => log.locator('.entry--agent:not(.entry--sending)').count(), settle)
      .toBe(PAYLOADS.length);
    await expect
      .poll(() => frame.locator('.msg').count(), settle)
      .toBeGreaterThanOrEqual(PAYLOADS.length * 3);
    await expectHarmless(visitor.page, desk.page);

    // The rating's comment, every payload in it, shown in the desk.
    await desk.page.getByRole('button', { name: 'Close chat' }).click();
    const rating = frame.getByRole('group', { name: 'How was this chat?' });
    await rating.getByLabel('4 stars').check();
    await frame.getByLabel('Tell us more (optional)').fill(PAYLOADS.join('\n'));
    await frame.getByRole('button', { name: 'Send feedback' }).click();
    await log.getByText(/^Feedback from /).waitFor();
    await expectHarmless(visitor.page, desk.page);

    await visitor.context.close();
    await desk.context.close();
  });

  it('keeps the identify name, attributes and the offline form inert', async () => {
    const desk = await openDesk();
    const status = desk.page.getByLabel('Your status');
    await status.selectOption('ready');
    await expect.poll(() => status.inputValue(), settle).toBe('ready');

    const visitor = await open(parley.demoUrl);
    const name = PAYLOADS.find((p) => p.includes('onerror')) ?? '';
    const attributes = Object.fromEntries(PAYLOADS.slice(0, LIMITS.attributes).map((p, i) => [`a${i}`, p]));
    const identify = { userId: 'xss-user', name, email: 'xss@example.com' };
    await visitor.page.evaluate(
      `Parley('identify', ${JSON.stringify(identify)}); Parley('setAttributes', ${JSON.stringify({ attributes })});`,
    );
    const frame = chat(visitor.page);
    await frame.getByRole('button', { name: 'Open chat' }).click();
    // Identified: no pre-chat form; the chat goes to Alice, who sees the name and attributes.
    await sendAll(visitor.page, ['human']);
    const chats = desk.page.getByRole('navigation', { name: 'Desk' });
    await chats.getByRole('button', { name: /onerror/ }).click();
    await desk.page.getByRole('complementary').getByText('Attributes').waitFor();
    await expectHarmless(visitor.page, desk.page);

    // Alice takes a break and closes; the next request for a person ends at the offline form.
    await status.selectOption({ label: 'Not ready: break' });
    await expect.poll(() => status.inputValue(), settle).toBe('notready:break');
    await desk.page.getByRole('button', { name: 'Close chat' }).click();
    await frame.getByRole('button', { name: 'Start a new conversation' }).click();
    await sendAll(visitor.page, ['human']);
    const form = frame.getByRole('form', { name: 'Leave a message' });
    // Filled in from identify (issue 14): the visitor does not type their email again.
    await expect.poll(() => form.getByLabel('Email').inputValue(), settle).toBe('xss@example.com');
    for (const [i, payload] of PAYLOADS.entries())
      await form.getByLabel(`Note ${i}`, { exact: true }).fill(payload);
    await form.getByRole('button', { name: 'Send message' }).click();
    await frame.getByText('Thanks! We got your message and will reply by email.').waitFor();

    await chats.getByRole('button', { name: /Offline messages/ }).click();
    const offline = desk.page.getByRole('region', { name: 'Offline messages' });
    await offline.getByText('xss@example.com').waitFor();
    expect(await foundIn(visitor.page)).toEqual([]);
    expect(await foundIn(desk.page)).toEqual([]);
    expect(await desk.page.evaluate(overflowing('main', '.card'))).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(evil).toEqual([]);

    await visitor.context.close();
    await desk.context.close();
  });
});
