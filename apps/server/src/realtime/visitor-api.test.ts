/**
 * What the site owner's JS API asks of the server, over a real Socket.IO server and client on
 * both stores: verified identity, the pre-chat form, session templates and attributes.
 */
import { type Bot, type BotSession, createBot } from '@parley/bot';
import type { AckResult, FormField, MessageEvent, SessionSummary } from '@parley/protocol';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { storeKinds } from '../../test/stores.js';
import { connectVisitor, next, syncAll, type VisitorClient } from '../../test/visitor.js';
import type { ParleyConfig } from '../config/config-schema.js';
import { identityHash } from '../sessions/visitor-identity.js';

const kinds = storeKinds();
afterAll(async () => {
  for (const kind of kinds) await kind.teardown();
});

const SECRET = 'identity-secret-for-tests-0123456789';

const PRECHAT: FormField[] = [
  { name: 'name', label: 'Name', type: 'text', required: true },
  { name: 'email', label: 'Email', type: 'email', required: true },
  { name: 'topic', label: 'Topic', type: 'select', required: false, options: ['Billing', 'Sales'] },
  { name: 'consent', label: 'I agree to the privacy policy', type: 'checkbox', required: true },
];

/** Answers that fit PRECHAT. */
const ANSWERS = { name: 'Ada', email: 'ada@example.com', consent: 'true' };

/** The demo site with a pre-chat form, identity verification and two templates. */
const withApi =
  (required: boolean) =>
  (base: ParleyConfig): ParleyConfig => {
    const [site, ...rest] = base.sites;
    if (!site) throw new Error('the demo config has no site');
    return {
      ...base,
      sites: [
        {
          ...site,
          prechatForm: PRECHAT,
          identity: { secret: SECRET, required },
          templates: {
            order: {
              bot: 'welcome',
              welcome: 'Hi {name}, about order {order}?',
              params: { name: 'there', order: 'unknown' },
              prechatForm: [],
            },
            sales: { queue: 'support', welcome: 'Sales will be with you shortly.', params: {} },
          },
        },
        ...rest,
      ],
    };
  };

const ack = <T extends object>(result: AckResult<T>) => result;

describe.each(kinds)('the site owner’s API ($name store)', (kind) => {
  let parley: RunningParley;
  let bot: Bot;
  const created: BotSession[] = [];

  const start = async (required = false) => {
    const { store } = await kind.create();
    parley = await startParley({ store, config: withApi(required) });
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', async (session) => {
      created.push(session);
    });
    await bot.ready;
  };

  beforeEach(() => {
    created.length = 0;
  });

  afterEach(async () => {
    await bot.close();
    await parley.close();
    await parley.store.close();
  });

  const visitor = (token?: string) =>
    connectVisitor(parley.url, { origin: parley.demoOrigin, ...(token ? { token } : {}) });
  const open = (socket: VisitorClient, payload: object) =>
    socket.timeout(5000).emitWithAck('session.open', payload) as Promise<
      AckResult<{ session: SessionSummary }>
    >;
  const identify = (socket: VisitorClient, payload: { userId: string; hash?: string; name?: string }) =>
    socket.timeout(5000).emitWithAck('visitor.identify', payload);
  const sessionsOf = async (socket: VisitorClient) => (await syncAll(socket)).map((s) => s.session.id);
  /** A visitor's message (its text makes its client id): opens a session when none is named. */
  const send = (socket: VisitorClient, text: string, sessionId?: string) =>
    socket
      .timeout(5000)
      .emitWithAck('message.send', { ...(sessionId ? { sessionId } : {}), clientId: `client-${text}`, text });

  describe('identify', () => {
    beforeEach(() => start(false));

    it('gives a verified user their own visitor, and their conversations in every browser', async () => {
      const laptop = await visitor();
      const hash = identityHash(SECRET, 'user-42');
      const verified = ack(await identify(laptop.socket, { userId: 'user-42', hash }));
      expect(verified).toMatchObject({ ok: true, verified: true, token: expect.any(String) });
      if (!verified.ok || !verified.token) throw new Error('no token');
      laptop.socket.close();

      // The widget reconnects with the user's token: the server says whose it is.
      const asUser = await visitor(verified.token);
      expect(asUser.visitorId).not.toBe(laptop.visitorId);
      const opened = await open(asUser.socket, { info: { page: 'https://shop.example/' } });
      if (!opened.ok) throw new Error(opened.error.message);

      // Another browser of the same user, verified, sees that conversation.
      const phone = await visitor();
      const again = ack(await identify(phone.socket, { userId: 'user-42', hash }));
      if (!again.ok || !again.token) throw new Error('no token');
      const phoneAsUser = await visitor(again.token);
      expect(phoneAsUser.visitorId).toBe(asUser.visitorId);
      expect(await sessionsOf(phoneAsUser.socket)).toEqual([opened.session.id]);
      // Already that user: nothing to switch to.
      expect(ack(await identify(phoneAsUser.socket, { userId: 'user-42', hash }))).toEqual({
        ok: true,
        verified: true,
      });
      for (const s of [asUser, phone, phoneAsUser]) s.socket.close();
    });

    it('keeps the chat of a visitor who signs in mid-chat, unless the user has one open', async () => {
      const hash = identityHash(SECRET, 'user-5');
      const anonymous = await visitor();
      const opened = await open(anonymous.socket, {
        info: { page: 'https://shop.example/' },
        prechat: ANSWERS,
      });
      if (!opened.ok) throw new Error(opened.error.message);
      const sent = ack(await send(anonymous.socket, 'My order?', opened.session.id));
      expect(sent.ok).toBe(true);
      const signedIn = ack(await identify(anonymous.socket, { userId: 'user-5', hash, name: 'Ada' }));
      if (!signedIn.ok || !signedIn.token) throw new Error('no token');
      anonymous.socket.close();

      // The chat, with its message, is the user's now, labelled with their name.
      const asUser = await visitor(signedIn.token);
      const [chat] = await syncAll(asUser.socket);
      expect(chat?.session).toMatchObject({
        id: opened.session.id,
        visitorId: asUser.visitorId,
        visitor: { name: 'Ada' },
      });
      expect(chat?.events.filter((e) => e.type === 'message').map((e) => (e as MessageEvent).text)).toEqual([
        'My order?',
      ]);
      const before = await visitor(anonymous.token);
      expect(await sessionsOf(before.socket)).toEqual([]);

      // The user has a chat open: another browser's anonymous chat stays that browser's.
      const other = await visitor();
      const its = await open(other.socket, { prechat: ANSWERS });
      if (!its.ok) throw new Error(its.error.message);
      const again = ack(await identify(other.socket, { userId: 'user-5', hash }));
      if (!again.ok || !again.token) throw new Error('no token');
      expect(await sessionsOf(other.socket)).toEqual([its.session.id]);
      expect(await sessionsOf(asUser.socket)).toEqual([opened.session.id]);

      // A signed-in visitor who signs in as someone else takes nothing along.
      const switched = ack(
        await identify(asUser.socket, { userId: 'user-6', hash: identityHash(SECRET, 'user-6') }),
      );
      if (!switched.ok || !switched.token) throw new Error('no token');
      const asOther = await visitor(switched.token);
      expect(await sessionsOf(asOther.socket)).toEqual([]);
      expect(await sessionsOf(asUser.socket)).toEqual([opened.session.id]);
      for (const s of [asUser, before, other, asOther]) s.socket.close();
    });

    it('never gives an unverified or badly hashed identity another user’s history', async () => {
      const owner = await visitor();
      const good = ack(
        await identify(owner.socket, { userId: 'user-7', hash: identityHash(SECRET, 'user-7') }),
      );
      if (!good.ok || !good.token) throw new Error('no token');
      const asOwner = await visitor(good.token);
      const opened = await open(asOwner.socket, {});
      expect(opened.ok).toBe(true);

      const intruder = await visitor();
      const forged = ack(
        await identify(intruder.socket, {
          userId: 'user-7',
          hash: identityHash('a-guessed-secret-xxxx', 'user-7'),
        }),
      );
      expect(forged).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      const otherUsersHash = ack(
        await identify(intruder.socket, { userId: 'user-7', hash: identityHash(SECRET, 'user-8') }),
      );
      expect(otherUsersHash).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      // Without a hash (allowed on this site) it only labels the intruder's own visitor.
      const label = ack(await identify(intruder.socket, { userId: 'user-7', name: 'Mallory' }));
      expect(label).toEqual({ ok: true, verified: false });
      expect(await sessionsOf(intruder.socket)).toEqual([]);
      const own = await open(intruder.socket, {});
      if (!own.ok) throw new Error(own.error.message);
      expect(own.session.visitorId).toBe(intruder.visitorId);
      expect(own.session.visitor.name).toBe('Mallory');
      expect(await sessionsOf(intruder.socket)).toEqual([own.session.id]);
      for (const s of [asOwner, intruder]) s.socket.close();
    });
  });

  describe('identify on a site that requires verification', () => {
    beforeEach(() => start(true));

    it('refuses an identify without a hash, and takes a good one', async () => {
      const { socket } = await visitor();
      expect(ack(await identify(socket, { userId: 'user-1', name: 'Eve' }))).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
      // Refused, so nothing changed: the next session is not labelled.
      const opened = await open(socket, {
        prechat: { name: 'Ada', email: 'ada@example.com', consent: 'true' },
      });
      if (!opened.ok) throw new Error(opened.error.message);
      expect(opened.session.visitor.name).toBe('Ada');
      expect(
        ack(await identify(socket, { userId: 'user-1', hash: identityHash(SECRET, 'user-1') })),
      ).toMatchObject({ ok: true, verified: true });
      socket.close();
    });
  });

  describe('the pre-chat form, templates and attributes', () => {
    beforeEach(() => start(false));

    it('keeps checked pre-chat answers with the session, for the bot and the desk to read', async () => {
      const { socket } = await visitor();
      const prechat = { name: ' Ada ', email: 'ada@example.com', topic: 'Billing', consent: 'true' };
      const opened = await open(socket, {
        info: { page: 'https://shop.example/', prechat: { forged: 'yes' } },
        prechat,
      });
      if (!opened.ok) throw new Error(opened.error.message);
      const answers = { name: 'Ada', email: 'ada@example.com', topic: 'Billing', consent: 'true' };
      expect(opened.session.visitor).toEqual({
        page: 'https://shop.example/',
        name: 'Ada',
        email: 'ada@example.com',
        prechat: answers,
      });
      await expect.poll(() => created.map((s) => s.visitor.prechat)).toEqual([answers]);
      expect((await parley.store.getSession(opened.session.id))?.visitor.prechat).toEqual(answers);
      socket.close();
    });

    it('opens no chat for a visitor who never answered the form, unless the page said who they are', async () => {
      const first = await visitor();
      // Neither by opening the widget nor by a message.
      expect(await open(first.socket, {})).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      expect(ack(await send(first.socket, 'hello'))).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload' },
      });
      expect(await sessionsOf(first.socket)).toEqual([]);

      // Answered once: later chats carry the answers, also from another connection of this visitor.
      const answered = await open(first.socket, { prechat: ANSWERS });
      if (!answered.ok) throw new Error(answered.error.message);
      await first.socket.timeout(5000).emitWithAck('session.close', { sessionId: answered.session.id });
      first.socket.close();
      const again = await visitor(first.token);
      const sent = ack(await send(again.socket, 'me-again', answered.session.id));
      if (!sent.ok) throw new Error(sent.error.message);
      expect(sent.sessionId).not.toBe(answered.session.id);
      expect((await parley.store.getSession(sent.sessionId))?.visitor).toMatchObject({
        name: 'Ada',
        prechat: ANSWERS,
      });

      // Identified by the page (even unverified), or a template without a form: no form asked.
      const known = await visitor();
      expect(ack(await identify(known.socket, { userId: 'user-3', name: 'Bo' }))).toEqual({
        ok: true,
        verified: false,
      });
      expect((await open(known.socket, {})).ok).toBe(true);
      const ordering = await visitor();
      expect((await open(ordering.socket, { template: 'order' })).ok).toBe(true);
      for (const s of [again, known, ordering]) s.socket.close();
    });

    it('refuses answers that do not fit the form, and opens nothing', async () => {
      const { socket } = await visitor();
      for (const prechat of [
        { name: 'Ada', email: 'ada@example.com' },
        { name: 'Ada', email: 'not-an-email', consent: 'true' },
        { name: 'Ada', email: 'ada@example.com', consent: 'true', topic: 'Other' },
        { name: 'Ada', email: 'ada@example.com', consent: 'true', unknown: 'x' },
      ]) {
        expect(await open(socket, { prechat })).toMatchObject({
          ok: false,
          error: { code: 'invalid_payload' },
        });
      }
      expect(await sessionsOf(socket)).toEqual([]);
      socket.close();
    });

    it('starts a session from a template: its bot, params as data, and the welcome filled in', async () => {
      const { socket } = await visitor();
      const welcome = next(socket, 'session.event', (e) => e.type === 'message');
      const opened = await open(socket, { template: 'order', params: { order: 'A-1001' } });
      if (!opened.ok) throw new Error(opened.error.message);
      expect(opened.session).toMatchObject({
        status: 'bot',
        handler: { kind: 'bot', id: 'welcome' },
        data: { template: 'order', name: 'there', order: 'A-1001' },
      });
      expect(((await welcome) as MessageEvent).text).toBe('Hi there, about order A-1001?');
      // A session is open: starting another returns it, unchanged.
      const again = await open(socket, { template: 'sales' });
      expect(again).toMatchObject({ ok: true, session: { id: opened.session.id, status: 'bot' } });
      socket.close();
    });

    it('sends a human-queue template to the queue, and the form when nobody is there', async () => {
      const { socket } = await visitor();
      const opened = await open(socket, { template: 'sales', prechat: ANSWERS });
      if (!opened.ok) throw new Error(opened.error.message);
      // No agent is signed in: the session goes straight to the offline form.
      expect(opened.session.status).toBe('offline');
      const [log] = await syncAll(socket);
      expect(log?.events.map((e) => (e.type === 'message' ? e.text : `${e.type}`))).toContain(
        'Sales will be with you shortly.',
      );
      expect(created).toEqual([]);
      socket.close();
    });

    it('refuses an unknown template without opening anything', async () => {
      const { socket } = await visitor();
      expect(await open(socket, { template: 'nope' })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      expect(await sessionsOf(socket)).toEqual([]);
      socket.close();
    });

    it('merges attributes into the visitor’s next session and the open one', async () => {
      const { socket } = await visitor();
      const setAttributes = (attributes: Record<string, string | number | boolean | null>) =>
        socket.timeout(5000).emitWithAck('visitor.attributes', { attributes });
      expect(await setAttributes({ plan: 'free', cart: 3 })).toEqual({ ok: true });
      const opened = await open(socket, { info: { page: 'https://shop.example/' }, prechat: ANSWERS });
      if (!opened.ok) throw new Error(opened.error.message);
      expect(opened.session.visitor.attributes).toEqual({ plan: 'free', cart: 3 });
      expect(await setAttributes({ plan: 'pro', cart: null })).toEqual({
        ok: true,
        sessionId: opened.session.id,
      });
      const stored = await parley.store.getSession(opened.session.id);
      expect(stored?.visitor).toEqual({
        page: 'https://shop.example/',
        name: 'Ada',
        email: 'ada@example.com',
        prechat: ANSWERS,
        attributes: { plan: 'pro' },
      });
      expect(await setAttributes({ plan: { nested: true } as unknown as string })).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload' },
      });
      socket.close();
    });
  });
});
