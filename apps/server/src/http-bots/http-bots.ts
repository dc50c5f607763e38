import { isRetryable, type SessionSummary, type WireError } from '@parley/protocol';
import type { Logger } from 'pino';
import type { BotConfig, ParleyConfig } from '../config/config-schema.js';
import type { BotService } from '../sessions/bot-service.js';
import type { SessionStore } from '../store/session-store.js';
import type { ClaimedDelivery } from '../webhooks/webhook-store.js';
import { type HttpBotAction, parseAnswer } from './http-bot-answer.js';

export interface HttpBotsDeps {
  config: ParleyConfig;
  bots: BotService;
  store: SessionStore;
  /** Sends a session to its site's fallback (`fallbackRoute` of `bot-watch.ts`). */
  toFallback: (session: SessionSummary) => Promise<boolean>;
  logger: Logger;
}

/** What became of an HTTP bot's answer. */
export type AnswerOutcome =
  | { outcome: 'applied'; notes: string[] }
  | { outcome: 'invalid'; error: string }
  | { outcome: 'retry'; error: string };

/** The endpoint id of an HTTP bot's deliveries. */
export const botEndpointId = (botId: string) => `bot:${botId}`;

/** Errors that mean the action was done already, or can no longer be: a replay, not a fault. */
const SETTLED = new Set(['forbidden', 'session_closed', 'not_found', 'invalid_transition', 'conflict']);

/**
 * Bots over HTTP (issue 13, docs/http-bots.md): applies what an HTTP bot answered to the event it
 * got, as the bot (the same service and checks as a socket bot's), with client ids derived from the
 * event's seq (`reply:<seq>:<n>`, as the socket SDK's), so an answer applied twice (a retry, a
 * redelivery) writes once. When the bot's endpoint keeps failing, its sessions go to their site's
 * fallback, as a socket bot's do when it is away.
 * @example
 * const httpBots = createHttpBots({ config, bots, store, toFallback, logger });
 * await httpBots.answer(delivery, response.body);
 */
export function createHttpBots({ config, bots, store, toFallback, logger }: HttpBotsDeps) {
  const botOf = (id: string | null): BotConfig | undefined =>
    config.bots.find((b) => b.id === id && b.url !== undefined);

  const apply = async (bot: BotConfig, sessionId: string, seq: number, action: HttpBotAction, n: number) => {
    const clientId = `reply:${seq}:${n}`;
    switch (action.type) {
      case 'message': {
        const { type: _, ...message } = action;
        return bots.send(bot, { sessionId, clientId, ...message });
      }
      case 'route': {
        const { type: _, ...target } = action;
        return bots.route(bot, { sessionId, ...target });
      }
      case 'close':
        return bots.close(bot, { sessionId, ...(action.reason ? { reason: action.reason } : {}) });
      case 'feedback': {
        const { type: _, ...feedback } = action;
        return bots.feedback(bot, { sessionId, clientId: `feedback:${seq}:${n}`, ...feedback });
      }
      case 'set':
        return bots.setData(bot, { sessionId, data: action.data });
    }
  };

  return {
    /** Applies the bot's answer to a delivered event; then its processing cursor moves on. */
    async answer(delivery: ClaimedDelivery, body: string): Promise<AnswerOutcome> {
      const bot = botOf(delivery.endpoint.botId);
      if (!bot)
        return {
          outcome: 'invalid',
          error: `bot ${delivery.endpoint.botId} is not an HTTP bot in the config`,
        };
      const parsed = parseAnswer(body);
      if (!parsed.ok) return { outcome: 'invalid', error: parsed.error };
      const notes: string[] = [];
      for (const [n, action] of parsed.actions.entries()) {
        const result = await apply(bot, delivery.sessionId, delivery.seq, action, n);
        if (result.ok) continue;
        const error: WireError = result.error;
        if (isRetryable(error)) return { outcome: 'retry', error: `${action.type}: ${error.message}` };
        notes.push(`${action.type}: ${error.code} (${error.message})`);
        if (!SETTLED.has(error.code)) {
          logger.warn(
            { bot: bot.id, sessionId: delivery.sessionId, seq: delivery.seq, error },
            'HTTP bot action refused',
          );
        }
      }
      await bots.handled(bot, { [delivery.sessionId]: delivery.seq });
      return { outcome: 'applied', notes };
    },

    /** A delivery to the bot failed for good: its session must not wait on the bot. */
    async gaveUp(delivery: ClaimedDelivery): Promise<void> {
      const session = await store.getSession(delivery.sessionId);
      if (session?.handler?.kind === 'bot' && session.handler.id === delivery.endpoint.botId) {
        await toFallback(session);
      }
    },

    /** The bot's circuit opened: every session it has goes to its site's fallback. */
    async failing(botId: string): Promise<number> {
      let moved = 0;
      for (const session of await store.handlerSessions({ kind: 'bot', id: botId })) {
        if (await toFallback(session)) moved += 1;
      }
      return moved;
    },
  };
}

export type HttpBots = ReturnType<typeof createHttpBots>;
