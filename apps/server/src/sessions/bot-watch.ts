import type { SessionSummary } from '@parley/protocol';
import type { Logger } from 'pino';
import type { ParleyConfig } from '../config/config-schema.js';
import type { BotNamespace } from '../realtime/namespaces.js';
import { rooms } from '../realtime/rooms.js';
import type { SessionStore } from '../store/session-store.js';
import type { Router } from './routing.js';

export interface BotWatchDeps {
  config: ParleyConfig;
  store: SessionStore;
  route: Router;
  botNamespace: BotNamespace;
  clock: () => number;
  logger: Logger;
}

/**
 * Keeps visitors from waiting on a bot that is gone: a session whose bot has had no connection
 * (in any server process) for the site's `botGraceSeconds` goes to the site's fallback queue, or
 * to `offline`. The grace counts from when this process first saw the bot away, or from the
 * session's start, whichever is later; a bot that comes back in time catches up by itself.
 */
export function createBotWatch({ config, store, route, botNamespace, clock, logger }: BotWatchDeps) {
  const awaySince = new Map<string, number>();
  const toFallback = fallbackRoute({ config, route, logger });

  return async function checkBots(): Promise<number> {
    let moved = 0;
    for (const bot of config.bots) {
      // An HTTP bot holds no socket: its endpoint's failures send its sessions away instead.
      if (bot.url !== undefined) continue;
      const now = clock();
      const sockets = await botNamespace.in(rooms.bot(bot.id)).fetchSockets();
      if (sockets.length > 0) {
        awaySince.delete(bot.id);
        continue;
      }
      const since = awaySince.get(bot.id) ?? now;
      awaySince.set(bot.id, since);
      for (const session of await store.handlerSessions({ kind: 'bot', id: bot.id })) {
        const site = config.sites.find((s) => s.key === session.siteKey);
        if (!site || session.status !== 'bot') continue;
        if (Math.max(since, session.createdAt) + site.botGraceSeconds * 1000 > now) continue;
        if (await toFallback(session)) moved += 1;
      }
    }
    return moved;
  };
}

/**
 * Sends a session its bot cannot serve to its site's fallback queue, or to `offline`: a socket
 * bot away past its grace (`createBotWatch`), an HTTP bot whose endpoint keeps failing
 * (`http-bots/`). Resolves with whether it moved the session.
 * @example const toFallback = fallbackRoute({ config, route, logger }); await toFallback(session);
 */
export function fallbackRoute({ config, route, logger }: Pick<BotWatchDeps, 'config' | 'route' | 'logger'>) {
  return async (session: SessionSummary): Promise<boolean> => {
    const site = config.sites.find((s) => s.key === session.siteKey);
    if (!site || session.status !== 'bot') return false;
    const target = site.fallbackQueue ? { queue: site.fallbackQueue } : {};
    const routed = await route(session, target, undefined, 'bot-unavailable');
    if (!routed.ok) return false;
    logger.warn(
      { sessionId: session.id, bot: session.handler?.id, route: routed.value.route },
      'bot away: session sent to fallback',
    );
    return true;
  };
}
