/**
 * Issue 13, email: the real server sending through nodemailer to a real SMTP server in this
 * process (`smtp-server`), every mail parsed with `mailparser`. Offline messages reach the team
 * (Reply-To the visitor), also after a refusal and across a restart; transcripts reach visitors;
 * agents answer offline messages. Text and HTML parts, localised, nothing typed taken as HTML.
 */
import { randomUUID } from 'node:crypto';
import { type Bot, createBot } from '@parley/bot';
import type { AckResult, SiteInfo } from '@parley/protocol';
import type { AddressObject, ParsedMail } from 'mailparser';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AgentClient, connectAgent } from '../../test/agent.js';
import { demoBotToken, type RunningParley, type StartOptions, startParley } from '../../test/harness.js';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { startSmtp, type TestSmtp } from '../../test/smtp-server.js';
import { connectVisitor, type VisitorClient } from '../../test/visitor.js';
import type { ParleyConfig } from '../config/config-schema.js';
import { RECORDS_CONSUMER } from '../consumers/records-writer.js';
import { createMemoryStore } from '../store/memory-store.js';
import { createRedisStore } from '../store/redis-store.js';
import { EMAIL_CONSUMER } from './offline-mailer.js';

const TEAM = 'support@shop.example';
const FROM = 'Shop support <noreply@shop.example>';
const TYPED = '<script>alert(1)</script> and <b>bold</b> & "quotes"';

const address = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address));

/** The demo config sending mail through the test's SMTP server (or a port nobody listens on). */
const withEmail =
  (port: number, site: Partial<ParleyConfig['sites'][number]> = {}) =>
  (base: ParleyConfig): ParleyConfig => ({
    ...base,
    email: { smtp: { host: '127.0.0.1', port, secure: false }, from: FROM },
    sites: base.sites.map((s, i) =>
      i === 0 ? { ...s, name: 'Shop', email: { team: TEAM, transcripts: true }, ...site } : s,
    ),
  });

/** Checks that a mail's HTML part shows what was typed as text, never as markup. */
function expectEscaped(mail: ParsedMail) {
  const html = String(mail.html);
  expect(mail.text).toContain(TYPED);
  expect(html).toContain(
    '&lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;',
  );
  expect(html).not.toMatch(/<script|<b>/i);
}

describe('email', { timeout: 30_000 }, () => {
  let smtp: TestSmtp;
  let parley: RunningParley | undefined;
  let bot: Bot | undefined;
  let redis: TestRedis | undefined;
  const sockets: Array<VisitorClient | AgentClient> = [];

  beforeEach(async () => {
    smtp = await startSmtp();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await bot?.close();
    bot = undefined;
    await parley?.close();
    parley = undefined;
    await smtp.close();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const start = async (options: StartOptions & { port?: number; site?: object } = {}) => {
    const { port = smtp.port, site, ...rest } = options;
    parley = await startParley({
      store: createMemoryStore({ consumers: [EMAIL_CONSUMER] }),
      config: withEmail(port, site),
      emailIdleMs: 20,
      emailRetryMs: 300,
      ...rest,
    });
    return parley;
  };

  const ask = <T extends object>(socket: VisitorClient | AgentClient, event: string, payload: object) =>
    (socket.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<AckResult<T>>)(event, payload);

  const visitor = async (server: RunningParley, info: object = {}) => {
    const connected = await connectVisitor(server.url, { origin: server.demoOrigin });
    sockets.push(connected.socket);
    const opened = await ask<{ session: { id: string } }>(connected.socket, 'session.open', { info });
    if (!opened.ok) throw new Error(opened.error.message);
    return { ...connected, sessionId: opened.session.id };
  };

  /** What the widget is told of its site on connect. */
  const siteOf = (server: RunningParley) =>
    new Promise<SiteInfo>((resolve) => {
      const socket: VisitorClient = io(`${server.url}/visitor`, {
        transports: ['websocket'],
        extraHeaders: { origin: server.demoOrigin },
        auth: { siteKey: 'demo' },
        forceNew: true,
      });
      sockets.push(socket);
      socket.once('identity', ({ site }) => resolve(site));
    });

  /** A visitor nobody can chat with (no agent signed in) leaves the offline form. */
  const leaveMessage = async (server: RunningParley, fields: Record<string, string>, info: object = {}) => {
    const left = await visitor(server, info);
    expect(await ask(left.socket, 'session.handoff', { sessionId: left.sessionId })).toMatchObject({
      ok: true,
      route: { outcome: 'offline' },
    });
    expect(
      await ask(left.socket, 'offline.submit', {
        sessionId: left.sessionId,
        clientId: `offline-${randomUUID()}`,
        fields,
      }),
    ).toMatchObject({ ok: true });
    return left;
  };

  it("mails an offline message to the site's team, Reply-To the visitor, as text and escaped HTML", async () => {
    const server = await start();
    const left = await leaveMessage(server, {
      name: 'Ada <i>L</i>',
      email: 'ada@example.com',
      message: TYPED,
    });
    const [mail] = await smtp.waitFor(1);
    if (!mail) throw new Error('no mail');
    expect(address(mail.to)).toEqual([TEAM]);
    expect(address(mail.replyTo)).toEqual(['ada@example.com']);
    expect(address(mail.from)).toEqual(['noreply@shop.example']);
    expect(mail.subject).toBe('New message from Ada <i>L</i> (Shop)');
    expect(mail.messageId).toMatch(new RegExp(`^<offline\\.${left.sessionId}\\.\\d+@parley>$`));
    expect(mail.text).toContain('Ada <i>L</i> left a message on Shop while nobody was available to chat.');
    expect(mail.text).toContain('Email: ada@example.com');
    expectEscaped(mail);
    expect(String(mail.html)).toContain('Ada &lt;i&gt;L&lt;/i&gt;');
    expect(String(mail.html)).toContain('<html lang="en" dir="ltr">');
    // Once only: the cursor moved past it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received).toHaveLength(1);
  });

  it("writes to the team in the site's language (German)", async () => {
    const server = await start({ site: { appearance: { locale: 'de' } } });
    await leaveMessage(server, { email: 'ada@example.com', message: 'Hallo' });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toBe('Neue Nachricht von Ein Besucher (Shop)');
    expect(mail?.text).toContain('Antworten Sie auf diese E-Mail');
    expect(String(mail?.html)).toContain('<html lang="de" dir="ltr">');
  });

  it('tries again when the SMTP server refuses the mail', async () => {
    const server = await start();
    smtp.refuseNext(2);
    await leaveMessage(server, { email: 'ada@example.com', message: 'Are you there?' });
    const [mail] = await smtp.waitFor(1);
    expect(smtp.refused()).toBe(2);
    expect(mail?.text).toContain('Are you there?');
  });

  it('keeps an offline message that was not sent across a restart (Redis store)', async () => {
    redis ??= await startRedis();
    const prefix = `email-${randomUUID()}:`;
    const consumers = [RECORDS_CONSUMER, EMAIL_CONSUMER];
    const storeOf = () => createRedisStore({ url: redis?.url ?? '', prefix, consumers, onError: () => {} });
    // The first server's SMTP server is away (a port nobody listens on): nothing is sent.
    const down = await startSmtp();
    const downPort = down.port;
    await down.close();
    const first = await start({ port: downPort, store: await storeOf() });
    const left = await leaveMessage(first, { email: 'ada@example.com', message: 'Sent before the restart' });
    await expect.poll(async () => (await first.store.getSession(left.sessionId))?.status).toBe('closed');
    for (const socket of sockets.splice(0)) socket.close();
    await first.close();
    await first.store.close();
    expect(smtp.received).toHaveLength(0);

    const second = await start({ store: await storeOf() });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.text).toContain('Sent before the restart');
    await second.close();
    await second.store.close();
    parley = undefined;
  });

  it('emails a visitor the transcript of their own ended chat, in their language, rate-limited', async () => {
    const server = await start();
    bot = createBot({ url: server.url, token: demoBotToken });
    bot.on('session.created', (session) => session.say('Hallo! Wie kann ich helfen?'));
    bot.on('message', (session, message) => session.say(`Zu "${message.text}": gern.`));
    await bot.ready;
    const chat = await visitor(server, { locale: 'de-AT' });
    expect((await siteOf(server)).transcripts).toBe(true);
    await ask(chat.socket, 'message.send', {
      sessionId: chat.sessionId,
      clientId: 'transcript-1',
      text: TYPED,
    });
    await expect
      .poll(async () => (await server.store.eventsSince(chat.sessionId, 0, 100)).length)
      .toBeGreaterThanOrEqual(4);
    const ask1 = { sessionId: chat.sessionId, email: 'ada@example.com' };
    expect(await ask(chat.socket, 'transcript.email', ask1)).toMatchObject({
      error: { code: 'invalid_transition' },
    });
    await ask(chat.socket, 'session.close', { sessionId: chat.sessionId });
    // Someone else's session is not theirs to have mailed.
    const stranger = await visitor(server);
    expect(await ask(stranger.socket, 'transcript.email', ask1)).toMatchObject({
      error: { code: 'not_found' },
    });
    expect(await ask(chat.socket, 'transcript.email', { ...ask1, email: 'not an address' })).toMatchObject({
      error: { code: 'invalid_payload' },
    });

    expect(await ask(chat.socket, 'transcript.email', ask1)).toEqual({ ok: true });
    const [mail] = await smtp.waitFor(1);
    if (!mail) throw new Error('no mail');
    expect(address(mail.to)).toEqual(['ada@example.com']);
    expect(mail.subject).toBe('Ihre Unterhaltung mit Shop');
    expect(mail.text).toContain('Hier ist der Verlauf Ihrer Unterhaltung mit Shop');
    expect(mail.text).toContain('Hallo! Wie kann ich helfen?');
    expect(mail.text).toMatch(/· Sie: <script>/);
    expectEscaped(mail);
    for (let i = 0; i < 4; i += 1)
      expect(await ask(chat.socket, 'transcript.email', ask1)).toEqual({ ok: true });
    expect(await ask(chat.socket, 'transcript.email', ask1)).toMatchObject({
      error: { code: 'rate_limited' },
    });
    await smtp.waitFor(5);
  });

  it('lets an agent answer an offline message by email, from the site, Reply-To the team, audited', async () => {
    const server = await start({
      withRecords: true,
      store: createMemoryStore({ consumers: [RECORDS_CONSUMER, EMAIL_CONSUMER] }),
    });
    const left = await leaveMessage(
      server,
      { name: 'Ada', email: 'ada@example.com', message: 'Where is my parcel?' },
      { locale: 'es' },
    );
    await smtp.waitFor(1);
    const alice = await connectAgent(server.url, 'alice@parley.demo');
    sockets.push(alice.socket);
    expect(alice.welcome.email).toBe(true);
    expect(
      await ask(alice.socket, 'offline.reply', { sessionId: left.sessionId, text: '   ' }),
    ).toMatchObject({
      error: { code: 'invalid_payload' },
    });
    expect(await ask(alice.socket, 'offline.reply', { sessionId: randomUUID(), text: 'Hi' })).toMatchObject({
      error: { code: 'not_found' },
    });
    expect(await ask(alice.socket, 'offline.reply', { sessionId: left.sessionId, text: TYPED })).toEqual({
      ok: true,
      to: 'ada@example.com',
    });
    const [, mail] = await smtp.waitFor(2);
    if (!mail) throw new Error('no mail');
    expect(address(mail.to)).toEqual(['ada@example.com']);
    expect(address(mail.from)).toEqual(['noreply@shop.example']);
    expect(address(mail.replyTo)).toEqual([TEAM]);
    expect(mail.subject).toBe('Re: su mensaje a Shop');
    expect(mail.text).toContain('Usted escribió:\n\n> Where is my parcel?');
    expectEscaped(mail);
    await expect
      .poll(async () => (await server.records?.listAudit({ action: 'offline.reply' }))?.entries ?? [])
      .toMatchObject([
        { actor: { kind: 'agent', id: 'alice' }, target: { kind: 'session', id: left.sessionId } },
      ]);

    // The visitor's own transcript of that session carries the message they left.
    expect(
      await ask(left.socket, 'transcript.email', { sessionId: left.sessionId, email: 'ada@example.com' }),
    ).toEqual({ ok: true });
    const [, , transcript] = await smtp.waitFor(3);
    expect(transcript?.subject).toBe('Su conversación con Shop');
    expect(transcript?.text).toMatch(/· Usted: Ada\n {2}ada@example.com\n {2}Where is my parcel\?/);
  });

  it('offers nothing and refuses with not_configured without SMTP', async () => {
    const server = await startParley();
    parley = server;
    expect((await siteOf(server)).transcripts).toBeUndefined();
    const chat = await visitor(server);
    await ask(chat.socket, 'session.close', { sessionId: chat.sessionId });
    expect(
      await ask(chat.socket, 'transcript.email', { sessionId: chat.sessionId, email: 'ada@example.com' }),
    ).toMatchObject({ error: { code: 'not_configured' } });
    const alice = await connectAgent(server.url, 'alice@parley.demo');
    sockets.push(alice.socket);
    expect(alice.welcome.email).toBe(false);
    expect(await ask(alice.socket, 'offline.reply', { sessionId: chat.sessionId, text: 'Hi' })).toMatchObject(
      {
        error: { code: 'not_configured' },
      },
    );
  });
});
