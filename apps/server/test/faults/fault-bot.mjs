/**
 * The fault suite's bot, a process of its own built on the SDK (`@parley/bot`, as built):
 * welcomes each session with "welcome" and answers each visitor message with "echo: <text>",
 * each handler taking `delayMs` first, so a kill finds work in progress.
 *
 *   node fault-bot.mjs <url> <token> <delayMs> <lingerMs>
 *
 * It prints "fault-bot ready" once connected and caught up, "fault-bot saying <text>" as it sends
 * each answer, and every error the SDK reports.
 */
import { createBot } from '@parley/bot';

const [url, token, delayMs = '0', lingerMs = '60000'] = process.argv.slice(2);
if (!url || !token) throw new Error('usage: fault-bot.mjs <url> <token> <delayMs> <lingerMs>');

const pause = () => new Promise((resolve) => setTimeout(resolve, Number(delayMs)));
const say = (line) => process.stdout.write(`${line}\n`);

const bot = createBot({ url, token, lingerMs: Number(lingerMs) });
/** Says `text` in the session, after printing that it does (a test may wait for that line). */
const answer = async (session, text) => {
  await pause();
  say(`fault-bot saying ${text}`);
  await session.say(text);
};
bot.on('session.created', (session) => answer(session, 'welcome'));
bot.on('message', (session, message) => answer(session, `echo: ${message.text}`));
bot.on('error', (error) => {
  say(`fault-bot error: ${error?.code ?? ''} ${error instanceof Error ? error.message : String(error)}`);
});
bot.ready.then(
  () => say('fault-bot ready'),
  (error) => {
    say(`fault-bot could not connect: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
