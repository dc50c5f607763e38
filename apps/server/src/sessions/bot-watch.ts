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

  return async function checkBots(): Promise<number> {
    let moved = 0;
    for (const bot of config.bots) {
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
        const target = site.fallbackQueue ? { queue: site.fallbackQueue } : {};
        const routed = await route(session, target, undefined, 'bot-unavailable');
        if (routed.ok) {
          moved += 1;
          logger.warn(
            { sessionId: session.id, bot: bot.id, route: routed.value.route },
            'bot away: session sent to fallback',
          );
        }
      }
    }
    return moved;
  };
}
