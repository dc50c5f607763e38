import http from 'node:http';
import { answer, type BotEvent } from './reply.js';
import { verifySignature } from './verify.js';

export interface HttpBotOptions {
  /** The bot's `whsec_` secret, as in Parley's config. */
  secret: string;
  /** The human queue "talk to a human" goes to. */
  queue: string;
  log?: (line: string) => void;
}

/** Bodies larger than this are refused (Parley's events are small). */
const MAX_BODY = 1024 * 1024;

/**
 * The bot as a `node:http` server: every POST is a signed event from Parley; it answers 401 when
 * the signature is wrong, else 200 with the actions to take (`reply.ts`).
 * @example const server = createHttpBot({ secret, queue: 'support' }); server.listen(3002);
 */
export function createHttpBot({ secret, queue, log = () => {} }: HttpBotOptions): http.Server {
  return http.createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const signed = verifySignature(
        secret,
        {
          id: header('webhook-id'),
          timestamp: header('webhook-timestamp'),
          signature: header('webhook-signature'),
        },
        body,
        Date.now(),
      );
      if (size > MAX_BODY || !signed) {
        log(`refused a request (${size > MAX_BODY ? 'too large' : 'bad signature'})`);
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
        return;
      }
      let event: BotEvent;
      try {
        event = JSON.parse(body) as BotEvent;
      } catch {
        res.writeHead(400).end();
        return;
      }
      const actions = answer(event, queue);
      log(`${event.type}: ${actions.map((a) => a.type).join(', ') || 'nothing to do'}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ actions }));
    });
  });
}
