/**
 * The example welcome bot: `PARLEY_URL` (default http://localhost:3000) and `PARLEY_BOT_TOKEN`
 * (default: the token of the server's zero-setup demo configuration).
 */
import { createBot } from '@parley/bot';
import { answer, welcome } from './answer.js';

const url = process.env.PARLEY_URL ?? 'http://localhost:3000';
const token = process.env.PARLEY_BOT_TOKEN ?? 'demo-welcome-bot-token-change-me';

const bot = createBot({ url, token });

bot.on('session.created', async (session) => {
  await session.say(welcome(session.visitor));
});

bot.on('message', async (session, message) => {
  session.typing(true);
  await session.say(answer(message.text));
  session.typing(false);
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
