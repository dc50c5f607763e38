/**
 * Rich bot messages end to end (issue 14, item 4), on both stores: the SDK's cards, carousels
 * and inline forms reach the visitor as sent; bad ones are refused; a form's answer is checked
 * by the server against the form in the log, stored as a message and as session data, and the
 * bot hears it as `formAnswer`.
 */
import { type Bot, type BotSession, createBot, type FormAnswer } from '@parley/bot';
import type { AckResult, MessageEvent } from '@parley/protocol';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { storeKinds } from '../../test/stores.js';
import { connectVisitor, next, type VisitorClient } from '../../test/visitor.js';

const kinds = storeKinds();
afterAll(async () => {
  for (const kind of kinds) await kind.teardown();
});

const contact = {
  id: 'contact',
  title: 'How can we reach you?',
  fields: [
    { name: 'email', label: 'Email', type: 'email' as const, required: true },
    { name: 'seats', label: 'Seats', type: 'number' as const },
    { name: 'plan', label: 'Plan', type: 'select' as const, options: ['Free', 'Pro'], required: true },
  ],
};

describe.each(kinds)('rich bot messages ($name store)', (kind) => {
  let parley: RunningParley;
  let bot: Bot;
  let socket: VisitorClient;
  let stranger: VisitorClient | undefined;
  const answers: Array<{ session: BotSession; answer: FormAnswer }> = [];
  const messages: string[] = [];

  afterEach(async () => {
    socket.close();
    stranger?.close();
    await bot.close();
    await parley.close();
  });

  const start = async () => {
    const { store } = await kind.create();
    parley = await startParley({ store });
    answers.length = 0;
    messages.length = 0;
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', async (session) => {
      await session.sendCard({
        title: 'Pro plan',
        text: 'Ten seats, priority support.',
        image: { url: 'https://cdn.example/pro.png', alt: 'The Pro plan' },
        buttons: [{ label: 'Buy', url: 'https://shop.example/pro' }],
      });
      await session.sendCarousel([
        { title: 'Free' },
        { title: 'Pro', buttons: [{ label: 'Choose Pro', reply: 'Pro' }] },
      ]);
      await session.askForm(contact);
    });
    bot.on('formAnswer', (session, answer) => {
      answers.push({ session, answer });
    });
    bot.on('message', (_session, message) => {
      messages.push(message.text);
    });
    await bot.ready;
    ({ socket } = await connectVisitor(parley.url, { origin: parley.demoOrigin }));
  };

  const answer = (values: Record<string, string>, seq: number, sessionId: string, as = socket) =>
    as.timeout(5000).emitWithAck('form.answer', { sessionId, seq, values }) as Promise<
      AckResult<{ seq: number }>
    >;

  it('sends a card, a carousel and a form; checks the answer; stores it; tells the bot', async () => {
    await start();
    const formSeen = next(socket, 'session.event', (e) => e.type === 'message' && e.rich?.type === 'form');
    const opened = await socket.timeout(5000).emitWithAck('session.open', {});
    if (!opened.ok) throw new Error(opened.error.message);
    const sessionId = opened.session.id;
    const form = (await formSeen) as MessageEvent;

    const [, card, carousel] = (await parley.store.eventsSince(sessionId, 0, 10)) as MessageEvent[];
    expect(card).toMatchObject({
      text: 'Pro plan\nTen seats, priority support.\n[Buy]',
      rich: { type: 'card', card: { title: 'Pro plan', image: { alt: 'The Pro plan' } } },
    });
    expect(carousel?.rich).toMatchObject({ type: 'carousel', cards: [{ title: 'Free' }, { title: 'Pro' }] });
    expect(form).toMatchObject({ rich: { type: 'form', form: { id: 'contact' } }, author: { role: 'bot' } });

    // Wrong: a malformed email, a letter for a number, an option not offered, an unknown field.
    const wrong: Array<[Record<string, string>, string]> = [
      [{ email: 'ada@', plan: 'Pro' }, 'Email must be an email address'],
      [{ email: 'ada@example.com', seats: 'ten', plan: 'Pro' }, 'Seats must be a number'],
      [{ email: 'ada@example.com', plan: 'Gold' }, 'Plan must be one of its options'],
      [{ email: 'ada@example.com', plan: 'Pro', admin: 'yes' }, 'The form has no field "admin"'],
    ];
    for (const [values, message] of wrong) {
      expect(await answer(values, form.seq, sessionId)).toEqual({
        ok: false,
        error: { code: 'invalid_payload', message },
      });
    }
    // Not a form, and not the visitor's session.
    expect(await answer({ email: 'ada@example.com', plan: 'Pro' }, card?.seq ?? 0, sessionId)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    ({ socket: stranger } = await connectVisitor(parley.url, { origin: parley.demoOrigin }));
    expect(
      await answer({ email: 'eve@example.com', plan: 'Pro' }, form.seq, sessionId, stranger),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await parley.store.getSession(sessionId))?.lastSeq).toBe(form.seq);

    // Right: stored once (the same answer again, from a retry or another tab, returns the same
    // seq; a different one is refused, even sent at the same moment), as data; the bot hears it.
    const good = { email: ' ada@example.com ', seats: '12', plan: 'Pro' };
    const [stored, again] = await Promise.all([
      answer(good, form.seq, sessionId),
      answer(good, form.seq, sessionId),
    ]);
    expect(stored).toMatchObject({ ok: true, seq: form.seq + 1, event: { seq: form.seq + 1 } });
    expect(again).toEqual(stored);
    expect(await answer({ ...good, plan: 'Free' }, form.seq, sessionId)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    const [message] = (await parley.store.eventsSince(sessionId, form.seq, 10)) as MessageEvent[];
    const values = { email: 'ada@example.com', seats: '12', plan: 'Pro' };
    expect(message).toMatchObject({
      author: { role: 'visitor' },
      text: 'Email: ada@example.com\nSeats: 12\nPlan: Pro',
      formAnswer: { seq: form.seq, form: 'contact', values },
    });
    expect((await parley.store.getSession(sessionId))?.data).toMatchObject({
      'contact.email': 'ada@example.com',
      'contact.seats': '12',
      'contact.plan': 'Pro',
    });
    await expect.poll(() => answers.length).toBe(1);
    expect(answers[0]?.answer).toEqual({ seq: form.seq, form: 'contact', values });
    expect(answers[0]?.session.data).toMatchObject({ 'contact.plan': 'Pro' });
    // A form's answer is not a message for the bot's `message` handlers.
    expect(messages).toEqual([]);
  });

  it('refuses rich content that breaks the schema: http images, empty carousels, a select without options', async () => {
    await start();
    const opened = await socket.timeout(5000).emitWithAck('session.open', {});
    if (!opened.ok) throw new Error(opened.error.message);
    const session = bot.session(opened.session.id);
    await expect.poll(() => bot.session(opened.session.id)).toBeDefined();
    const live = session ?? (bot.session(opened.session.id) as BotSession);
    await expect(
      live.sendCard({ title: 'Plan', image: { url: 'http://cdn.example/p.png', alt: 'Plan' } }),
    ).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(
      live.sendCard({ title: 'Plan', image: { url: 'javascript:alert(1)', alt: 'x' } }),
    ).rejects.toMatchObject({
      code: 'invalid_payload',
    });
    await expect(live.sendCarousel([])).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(
      live.askForm({ id: 'f', fields: [{ name: 'plan', label: 'Plan', type: 'select' }] }),
    ).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(
      live.askForm({
        id: 'f',
        fields: [
          { name: 'a', label: 'A', type: 'text' },
          { name: 'a', label: 'B', type: 'text' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'invalid_payload' });
  });
});

describe('rich bot messages in the records', () => {
  it('keeps a form and its answer with their messages (PGlite)', async () => {
    const parley = await startParley({ withRecords: true });
    const bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', (session) => session.askForm(contact));
    await bot.ready;
    const { socket } = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    try {
      const asked = next(socket, 'session.event', (e) => e.type === 'message' && e.rich?.type === 'form');
      const opened = await socket.timeout(5000).emitWithAck('session.open', {});
      if (!opened.ok) throw new Error(opened.error.message);
      const form = await asked;
      const values = { email: 'ada@example.com', plan: 'Free' };
      const answered = await socket.timeout(5000).emitWithAck('form.answer', {
        sessionId: opened.session.id,
        seq: form.seq,
        values,
      });
      expect(answered).toMatchObject({ ok: true });
      const records = parley.records;
      if (!records) throw new Error('no records');
      await expect
        .poll(async () => (await records.transcript(opened.session.id))?.events.length, { timeout: 10_000 })
        .toBe(form.seq + 1);
      const events = (await records.transcript(opened.session.id))?.events ?? [];
      expect(events.at(-2)).toMatchObject({ rich: { type: 'form', form: { id: 'contact' } } });
      expect(events.at(-1)).toMatchObject({ formAnswer: { seq: form.seq, form: 'contact', values } });
    } finally {
      socket.close();
      await bot.close();
      await parley.close();
    }
  }, 30_000);
});
