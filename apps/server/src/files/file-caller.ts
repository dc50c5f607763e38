import { fail, type Result } from '@parley/protocol';
import type { FastifyRequest } from 'fastify';
import type { ParleyConfig } from '../config/config-schema.js';
import { botForToken } from '../realtime/bot-namespace.js';
import type { SessionStore } from '../store/session-store.js';
import type { FileCaller } from './file-service.js';

const bearer = (header: string | undefined): string | undefined => /^Bearer (\S+)$/.exec(header ?? '')?.[1];

/**
 * Who calls the file routes, from `Authorization: Bearer <token>` and `X-Parley-Role`
 * (`visitor`, `agent` or `bot`); a visitor also names the site (`X-Parley-Site`). The tokens are
 * the ones each uses on its socket: the visitor token, the desk login, the bot token.
 */
export async function fileCaller(
  request: FastifyRequest,
  config: ParleyConfig,
  store: SessionStore,
): Promise<Result<FileCaller>> {
  const token = bearer(request.headers.authorization);
  const role = request.headers['x-parley-role'];
  if (!token) return fail('unauthorized', 'Send your token as Authorization: Bearer <token>');
  if (role === 'visitor') {
    const site = config.sites.find((s) => s.key === request.headers['x-parley-site']);
    const visitor = site && (await store.findVisitor(site.key, token));
    return site && visitor
      ? { ok: true, value: { role, site, visitorId: visitor.visitorId } }
      : fail('unauthorized', 'Unknown site or visitor token');
  }
  if (role === 'agent') {
    const agentId = await store.findAgentToken(token);
    const agent = config.agents.find((a) => a.id === agentId);
    return agent
      ? { ok: true, value: { role, agent } }
      : fail('unauthorized', 'Your login has expired; log in again');
  }
  if (role === 'bot') {
    const bot = botForToken(config.bots, token);
    return bot ? { ok: true, value: { role, bot } } : fail('unauthorized', 'Unknown bot token');
  }
  return fail('unauthorized', 'Say who you are: X-Parley-Role is visitor, agent or bot');
}
