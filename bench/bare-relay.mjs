// The baseline of issue 16: a bare Socket.IO relay that carries the same six packets per round
// trip as Parley (visitor -> server, the ack; server -> bot, bot -> server, the ack; server ->
// visitor) through the same Redis adapter, and stores nothing. Its visitors and bot speak the
// shapes the round-trip bench's clients expect (`identity`, `message.send` acked with a session
// id, the bot's reply as a `session.event`), so the same visitor code drives both.

import { once } from 'node:events';
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';

/**
 * Starts the relay on a free port, its broadcasts through a Redis adapter on `redisUrl` (channels
 * under `key`), and its echo bot; resolves with its URL and `close`.
 * @example const relay = await startRelay({ redisUrl, key: 'bench-relay' }); ...; await relay.close();
 */
export async function startRelay({ redisUrl, key }) {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (err) => console.error('relay redis:', err.message));
  await Promise.all([pub.connect(), sub.connect()]);
  const http = createServer();
  const io = new Server(http, { adapter: createAdapter(pub, sub, { key }) });
  const visitors = io.of('/visitor');
  const bots = io.of('/bot');
  let seq = 0;

  visitors.on('connection', (socket) => {
    socket.emit('identity', { visitorId: socket.id });
    socket.on('message.send', (payload, ack) => {
      const sessionId = payload?.sessionId ?? socket.id;
      seq += 1;
      ack({ ok: true, sessionId, seq });
      bots.to('bots').emit('message', { visitor: socket.id, sessionId, text: payload?.text });
    });
  });
  bots.on('connection', (socket) => {
    void socket.join('bots');
    socket.on('say', (payload, ack) => {
      seq += 1;
      ack({ ok: true, seq });
      visitors.to(payload.visitor).emit('session.event', {
        type: 'message',
        sessionId: payload.sessionId,
        seq,
        author: { role: 'bot', id: 'echo' },
        text: payload.text,
      });
    });
  });

  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const url = `http://127.0.0.1:${http.address().port}`;
  const bot = connect(`${url}/bot`, { transports: ['websocket'], forceNew: true });
  bot.on('message', ({ visitor, sessionId, text }) => {
    bot.emit('say', { visitor, sessionId, text: `echo: ${text}` }, () => {});
  });
  await once(bot, 'connect');
  return {
    url,
    async close() {
      bot.close();
      await io.close();
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
