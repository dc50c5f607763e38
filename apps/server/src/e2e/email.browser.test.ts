/**
 * Issue 13, email, in a real Chromium against the built widget and desk: a visitor has their
 * chat's transcript emailed from the closed chat (the address prefilled from the pre-chat form),
 * and an agent answers an offline message by email from the desk. The mail arrives at a real SMTP
 * server in this process; axe-core finds no WCAG 2.2 AA violation on either screen.
 */
import { type Bot, createBot } from '@parley/bot';
import type { AddressObject } from 'mailparser';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
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
import { startSmtp, type TestSmtp } from '../../test/smtp-server.js';
import type { ParleyConfig } from '../config/config-schema.js';
import { DEMO_AGENT_PASSWORD } from '../config/default-config.js';
import { EMAIL_CONSUMER } from '../email/offline-mailer.js';
import { createMemoryStore } from '../store/memory-store.js';

const TEAM = 'support@shop.example';

const frameOf = (page: Page): Frame => {
  const frame = page.frames().find((f) => new URL(f.url()).pathname === '/widget/frame.html');
  if (!frame) throw new Error('No widget frame in the page');
  return frame;
};

const address = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address));

describe('email in a real browser', { timeout: 90_000 }, () => {
  let browser: Browser;
  let smtp: TestSmtp;
  let parley: RunningParley;
  let bot: Bot;

  beforeAll(async () => {
    smtp = await startSmtp();
    browser = await launchBrowser();
    parley = await startParley({
      store: createMemoryStore({ consumers: [EMAIL_CONSUMER] }),
      emailIdleMs: 50,
      sweepIntervalMs: 200,
      config: (base): ParleyConfig => ({
        ...base,
        email: {
          smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
          from: 'Shop <noreply@shop.example>',
        },
        // The support queue gives up after a second: a visitor nobody takes gets the offline form.
        queues: base.queues.map((queue) =>
          queue.id === 'support' ? { ...queue, timeoutSeconds: 1 } : queue,
        ),
        sites: base.sites.map((site) => ({
          ...site,
          name: 'Shop',
          email: { team: TEAM, transcripts: true },
          prechatForm: [
            { name: 'name', label: 'Your name', type: 'text', required: true },
            { name: 'email', label: 'Email', type: 'email', required: true },
          ],
        })),
      }),
    });
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', (session) => session.say('Welcome!'));
    bot.on('message', async (session, message) => {
      if (/\bhuman\b/i.test(message.text)) {
        await session.route.to.queue('support');
        return;
      }
      await session.say(`You said: ${message.text}`);
    });
    await bot.ready;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await parley?.close();
    await smtp?.close();
  });

  /** A visitor on the demo page answers the pre-chat form and says something. */
  const visitorChats = async (text: string) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(parley.demoUrl);
    const frame = chat(page);
    await frame.getByRole('button', { name: 'Open chat' }).click();
    await frame.getByRole('textbox', { name: 'Your name' }).fill('Ada', settle);
    await frame.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await frame.getByRole('button', { name: 'Start chat' }).click();
    await bubble(page, 'Welcome!').waitFor(settle);
    const input = frame.getByRole('textbox', { name: 'Message' });
    await input.fill(text);
    await input.press('Enter');
    return { context, page, problems, frame };
  };

  it('emails the visitor the transcript of their ended chat, from the closed chat', async () => {
    const visitor = await visitorChats('Where is <b>my</b> parcel?');
    const { page, frame } = visitor;
    await bubble(page, 'You said: Where is <b>my</b> parcel?').waitFor(settle);
    await endChat(frame);
    await frame.getByRole('button', { name: 'Start a new conversation' }).waitFor(settle);

    await frame.getByRole('button', { name: 'Email me the transcript' }).click();
    const field = frame.getByRole('textbox', { name: 'Your email' });
    // Prefilled from the pre-chat form, and focused.
    expect(await field.inputValue()).toBe('ada@example.com');
    await expect.poll(() => frame.locator(':focus').getAttribute('type'), settle).toBe('email');
    await field.fill('not an address');
    await field.press('Enter');
    await frame.getByRole('alert').getByText('Please enter a valid email address.').waitFor(settle);
    expect(await axeViolations(frameOf(page))).toEqual([]);
    await snapshot(page, 'email-transcript-form');
    await field.fill('ada.l@example.com');
    await frame.getByRole('button', { name: 'Send the transcript' }).click();
    await frame
      .getByRole('status')
      .getByText('The transcript is on its way to ada.l@example.com.')
      .waitFor(settle);
    expect(await axeViolations(frameOf(page))).toEqual([]);

    const [mail] = await smtp.waitFor(1);
    expect(address(mail?.to)).toEqual(['ada.l@example.com']);
    expect(mail?.subject).toBe('Your conversation with Shop');
    expect(mail?.text).toContain('You: Where is <b>my</b> parcel?');
    expect(String(mail?.html)).toContain('Where is &lt;b&gt;my&lt;/b&gt; parcel?');
    expect(visitor.problems).toEqual(noProblems);
    await visitor.context.close();
  });

  it('lets an agent answer an offline message by email from the desk', async () => {
    const deskContext = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const desk = await deskContext.newPage();
    const deskProblems = watchPage(desk);
    await desk.goto(`${parley.url}/desk`);
    await desk.getByLabel('Email').fill('alice@parley.demo');
    await desk.getByLabel('Password').fill(DEMO_AGENT_PASSWORD);
    await desk.getByLabel('Password').press('Enter');
    const status = desk.getByLabel('Your status');
    await expect.poll(() => status.inputValue(), settle).toMatch(/^notready:/);

    // Alice is not ready: the visitor waits, then leaves a message.
    const visitor = await visitorChats('I need a human');
    const form = visitor.frame.getByRole('form', { name: 'Leave a message' });
    await form.getByLabel('Email').fill('ada@example.com', settle);
    await form.getByLabel('Message').fill('Please call me back about order <i>A-1001</i>.');
    await form.getByRole('button', { name: 'Send message' }).click();
    await visitor.frame.getByText('Thanks! We got your message and will reply by email.').waitFor(settle);
    const before = smtp.received.length;
    await smtp.waitFor(before + 1);
    expect(address(smtp.received.at(-1)?.to)).toEqual([TEAM]);

    await desk
      .getByRole('navigation', { name: 'Desk' })
      .getByRole('button', { name: /Offline messages/ })
      .click();
    const offline = desk.getByRole('region', { name: 'Offline messages' });
    await offline.getByText('Please call me back about order <i>A-1001</i>.').waitFor(settle);
    await offline.getByRole('button', { name: 'Reply by email to Ada' }).click();
    const reply = offline.getByRole('textbox', { name: 'Your reply to Ada' });
    await expect
      .poll(() => desk.locator(':focus').getAttribute('id'), settle)
      .toBe(await reply.getAttribute('id'));
    await reply.fill('Hello Ada, it ships <b>today</b>.');
    expect(await axeViolations(desk)).toEqual([]);
    await snapshot(desk, 'email-desk-reply');
    await offline.getByRole('button', { name: 'Send email' }).click();
    await offline.getByRole('status').getByText('Your reply was emailed to ada@example.com.').waitFor(settle);
    expect(await axeViolations(desk)).toEqual([]);

    const mails = await smtp.waitFor(before + 2);
    const mail = mails.at(-1);
    expect(address(mail?.to)).toEqual(['ada@example.com']);
    expect(address(mail?.from)).toEqual(['noreply@shop.example']);
    expect(address(mail?.replyTo)).toEqual([TEAM]);
    expect(mail?.text).toContain('Hello Ada, it ships <b>today</b>.');
    expect(String(mail?.html)).not.toContain('<b>today');
    expect(deskProblems).toEqual(noProblems);
    expect(visitor.problems).toEqual(noProblems);
    await visitor.context.close();
    await deskContext.close();
  });
});
