/**
 * The example FAQ bot: welcomes with quick replies, answers a small FAQ, hands "talk to a human"
 * to the support team, closes on "bye", and starts a fresh session after a long silence.
 * `PARLEY_URL` (default http://localhost:3000) and `PARLEY_BOT_TOKEN` (default: the token of the
 * server's zero-setup demo configuration).
 */
import { createBot } from '@parley/bot';
import { MENU, RESTART_AFTER_MS, reply, welcome } from './answer.js';

const url = process.env.PARLEY_URL ?? 'http://localhost:3000';
const token = process.env.PARLEY_BOT_TOKEN ?? 'demo-welcome-bot-token-change-me';

const bot = createBot({ url, token });

bot.on('session.created', async (session) => {
  // A template's own welcome (`Parley('startSession', { template })`) greeted the visitor already.
  if (session.lastSpeaker === 'bot') return;
  await session.say(welcome(session.visitor), { quickReplies: MENU, typingMs: 300 });
});

// A visitor back after a long pause gets a fresh session, so old context does not leak in.
bot.use(async ({ session, silenceMs }, next) => {
  if (silenceMs < RESTART_AFTER_MS) return next();
  await session.newSession({
    message: { text: `${welcome(session.visitor)} What can I do for you?`, quickReplies: MENU },
  });
});

bot.on('message', async (session, message) => {
  const next = reply(message.text, message.attachment);
  switch (next.kind) {
    case 'handoff': {
      // Said before routing: once routed, the session is no longer the bot's to speak in. With
      // nobody available the widget then shows the offline form.
      await session.say(next.text);
      await session.route.to.team('support');
      return;
    }
    case 'goodbye':
      await session.say(next.text);
      await session.feedback.set.tag('closed-by-bot');
      await session.close('visitor-said-bye');
      return;
    default:
      await session.say(next.text, { quickReplies: MENU, typingMs: 300 });
  }
});

bot.on('error', (error) => {
  console.error('[welcome-bot]', error instanceof Error ? error.message : error);
});

bot.ready.then(
  () => console.log(`[welcome-bot] connected to ${url}`),
  (error: unknown) => {
    console.error('[welcome-bot] could not connect:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void bot.close().then(() => process.exit(0));
  });
}
