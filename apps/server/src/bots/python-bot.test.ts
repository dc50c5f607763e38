import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { FeedbackEvent, MessageEvent, SessionEvent, StatusEvent } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningParley, startParley } from '../../test/harness.js';
import { connectVisitor, next, syncAll, type VisitorClient } from '../../test/visitor.js';

// The Python example bot (examples/python-bot, docs/bots.md) as its own process, on Debian's
// python3-socketio, against the real server: proof that the wire protocol is usable from another
// language with nothing but a Socket.IO client.

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const PYTHON = '/usr/bin/python3';
const BOT_TOKEN = 'python-bot-token-for-tests';
const WELCOME_REPLIES = ['Opening hours', 'Shipping', 'Talk to a human'];

interface PythonBot {
  child: ChildProcess;
  output(): string;
  /** Resolves once the bot has printed a line matching `pattern`. */
  printed(pattern: RegExp): Promise<void>;
  stop(): Promise<void>;
}

function runPythonBot(env: Record<string, string>): PythonBot {
  const child = spawn(PYTHON, ['examples/python-bot/bot.py'], {
    cwd: repoRoot,
    env: { ...process.env, PYTHONUNBUFFERED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const grew = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of grew) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = once(child, 'exit');
  return {
    child,
    output: () => output,
    printed: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) {
            grew.delete(check);
            resolve();
          }
        };
        grew.add(check);
        check();
        void exited.then(() => {
          grew.delete(check);
          reject(new Error(`the Python bot exited before printing ${pattern}:\n${output}`));
        });
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

const isMessage = (e: SessionEvent): e is MessageEvent => e.type === 'message';

/** The next message from the bot whose text matches. */
const botSays = (socket: VisitorClient, pattern: RegExp) =>
  next(
    socket,
    'session.event',
    (e) => isMessage(e) && e.author.role === 'bot' && pattern.test(e.text),
  ) as Promise<MessageEvent>;

const send = (socket: VisitorClient, sessionId: string, clientId: string, text: string) =>
  socket.timeout(5000).emitWithAck('message.send', { sessionId, clientId, text });

describe('the Python example bot', () => {
  let parley: RunningParley;
  let bot: PythonBot | undefined;
  const started: PythonBot[] = [];
  const visitors: VisitorClient[] = [];
  const startBot = (token = BOT_TOKEN) => {
    const running = runPythonBot({ PARLEY_URL: parley.url, PARLEY_BOT_TOKEN: token });
    started.push(running);
    return running;
  };

  beforeAll(async () => {
    const probe = spawnSync(PYTHON, ['-c', 'import socketio, websocket'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      throw new Error(
        `${PYTHON} cannot import socketio and websocket, which the Python bot needs. Install ` +
          `Debian's packages: apt-get install -y python3-socketio python3-websocket\n${probe.error?.message ?? probe.stderr}`,
      );
    }
    parley = await startParley({
      config: (base) => ({
        ...base,
        bots: [...base.bots, { id: 'py', name: 'Python bot', token: BOT_TOKEN }],
        sites: base.sites.map((site) => (site.key === 'demo' ? { ...site, entry: { bot: 'py' } } : site)),
      }),
    });
    bot = startBot();
    await bot.printed(/connected to /);
  }, 30_000);

  afterAll(async () => {
    for (const socket of visitors) socket.close();
    for (const running of started) await running.stop();
    await parley?.close();
  });

  /** A visitor on the demo page who opens the widget, and the welcome the bot sends. */
  const openChat = async (name: string) => {
    const { socket } = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    visitors.push(socket);
    const welcome = botSays(socket, /^Hi /);
    const opened = await socket.timeout(5000).emitWithAck('session.open', { info: { name } });
    if (!opened.ok) throw new Error(`session.open refused: ${opened.error.message}`);
    return { socket, sessionId: opened.session.id, welcome: await welcome };
  };

  it('welcomes with quick replies, answers the FAQ, and on "bye" records feedback and closes', async () => {
    const { socket, sessionId, welcome } = await openChat('Ada Lovelace');
    expect(welcome).toMatchObject({
      sessionId,
      author: { role: 'bot', id: 'py', name: 'Python bot' },
      quickReplies: WELCOME_REPLIES,
    });
    expect(welcome.text).toMatch(/^Hi Ada!/);

    const hours = botSays(socket, /Monday to Friday/);
    expect(await send(socket, sessionId, 'py-test-hours-01', 'Opening hours')).toMatchObject({ ok: true });
    expect((await hours).sessionId).toBe(sessionId);

    const echo = botSays(socket, /^You said/);
    await send(socket, sessionId, 'py-test-echo-001', 'I like turtles');
    expect((await echo).text).toBe('You said: "I like turtles"');

    const feedback = next(socket, 'session.event', (e) => e.type === 'feedback') as Promise<FeedbackEvent>;
    const closed = next(
      socket,
      'session.event',
      (e) => e.type === 'session.changed' && e.to === 'closed',
    ) as Promise<StatusEvent>;
    await send(socket, sessionId, 'py-test-bye-0001', 'bye!');
    expect(await feedback).toMatchObject({
      sessionId,
      author: { role: 'bot', id: 'py' },
      feedback: { tag: 'bot-closed' },
    });
    const change = await closed;
    expect(change).toMatchObject({ sessionId, from: 'bot', to: 'closed', reason: 'bot', by: { id: 'py' } });
    expect(change.seq).toBeGreaterThan((await feedback).seq);
  }, 30_000);

  it('sends a card and an inline form, and thanks the visitor for the checked answer (issue 14)', async () => {
    const { socket, sessionId } = await openChat('Hedy');
    const card = botSays(socket, /^Pro plan/);
    await send(socket, sessionId, 'py-test-plans-01', 'What plans do you have?');
    expect((await card).rich).toMatchObject({
      type: 'card',
      card: {
        title: 'Pro plan',
        image: { alt: 'The Pro plan badge' },
        buttons: [{ reply: 'Talk to a human' }, { url: 'https://parley.example/pricing' }],
      },
    });

    const asked = botSays(socket, /^How can we reach you/);
    await send(socket, sessionId, 'py-test-contact1', 'contact');
    const form = await asked;
    expect(form.rich).toMatchObject({
      type: 'form',
      form: { id: 'contact', fields: [{ name: 'email' }, { name: 'seats' }, { name: 'plan' }] },
    });

    const answer = (values: Record<string, string>) =>
      socket.timeout(5000).emitWithAck('form.answer', { sessionId, seq: form.seq, values });
    // The server checks the answer against the form the bot sent: the bot never sees a bad one.
    expect(await answer({ email: 'hedy@', plan: 'Pro' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    const thanks = botSays(socket, /^Thanks! We will write to/);
    expect(await answer({ email: 'hedy@example.com', seats: '3', plan: 'Pro' })).toMatchObject({ ok: true });
    expect((await thanks).text).toBe('Thanks! We will write to hedy@example.com about the Pro plan.');
    await bot?.printed(/form contact: \{'email': 'hedy@example.com', 'seats': '3', 'plan': 'Pro'\}/);
  }, 30_000);

  it('hands "human" to the support team (offline: no agent is online)', async () => {
    const { socket, sessionId } = await openChat('Grace');
    const handoff = botSays(socket, /support team/);
    const routed = next(socket, 'session.event', (e) => e.type === 'session.changed' && e.from === 'bot');
    await send(socket, sessionId, 'py-test-human-01', 'Talk to a human');
    await handoff;
    expect(await routed).toMatchObject({ sessionId, to: 'offline', reason: 'no-agent', by: { id: 'py' } });
    await bot?.printed(/routed to team support, outcome offline/);
  }, 30_000);

  it('resumes after a restart: answers what the visitor said while it was away, without welcoming again', async () => {
    const { socket, sessionId } = await openChat('Linus');
    await bot?.stop();
    expect(await send(socket, sessionId, 'py-test-away-001', 'How long does shipping take?')).toMatchObject({
      ok: true,
    });

    const answered = botSays(socket, /ship within 24 hours/);
    bot = startBot();
    expect((await answered).sessionId).toBe(sessionId);

    // A welcome would have come before the answer: the log has exactly the first one.
    const session = (await syncAll(socket)).find((s) => s.session.id === sessionId);
    const botTexts = session?.events.flatMap((e) =>
      isMessage(e) && e.author.role === 'bot' ? [e.text] : [],
    );
    expect(botTexts).toEqual([
      expect.stringMatching(/^Hi Linus!/),
      expect.stringMatching(/ship within 24 hours/),
    ]);
  }, 30_000);

  it('exits non-zero, saying why, when the server refuses its token', async () => {
    const refused = startBot('not-the-token-of-any-bot');
    const [code] = (await once(refused.child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(refused.output()).toMatch(/unauthorized/);
  }, 30_000);
});
