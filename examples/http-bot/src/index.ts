/**
 * The example HTTP bot: Parley POSTs it signed events and it answers with actions
 * (docs/http-bots.md). `HTTP_BOT_PORT` (default 3002), `HTTP_BOT_HOST` (default 127.0.0.1),
 * `HTTP_BOT_SECRET` (default: the secret of the server's zero-setup demo configuration),
 * `HTTP_BOT_QUEUE` (the human queue of a handover; default `support`).
 */
import { createHttpBot } from './http-bot.js';

const port = Number(process.env.HTTP_BOT_PORT ?? 3002);
const host = process.env.HTTP_BOT_HOST ?? '127.0.0.1';
const secret = process.env.HTTP_BOT_SECRET ?? 'whsec_cGFybGV5LWRlbW8taHR0cC1ib3Qtc2VjcmV0LWNoYW5nZS1tZQ==';
const queue = process.env.HTTP_BOT_QUEUE ?? 'support';

const server = createHttpBot({ secret, queue, log: (line) => console.log(`[http-bot] ${line}`) });
server.listen(port, host, () => console.log(`[http-bot] listening on http://${host}:${port}/`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
