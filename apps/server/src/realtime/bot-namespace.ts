import { createHash, timingSafeEqual } from 'node:crypto';
import {
  BotAuthSchema,
  BotCloseSchema,
  BotFeedbackSchema,
  BotHandledSchema,
  BotNewSessionSchema,
  BotRouteSchema,
  BotSendSchema,
  BotSetDataSchema,
  BotStartSessionSchema,
  BotSyncSchema,
  EmptySchema,
  MarkReadSchema,
  parsePayload,
  SessionLabelSchema,
  TypingSchema,
} from '@parley/protocol';
import type { BotConfig, ParleyConfig } from '../config/config-schema.js';
import { clientAddress, type TrustProxy } from '../http/client-address.js';
import type { BotService } from '../sessions/bot-service.js';
import type { LabelService } from '../sessions/label-service.js';
import type { ReadService } from '../sessions/read-service.js';
import { connectError, failedHandshake } from './connect-error.js';
import { type HandlerContext, handleEvents, handler } from './handle.js';
import { type AuthBudgets, authenticateWithin, handshakeToken } from './limit-connections.js';
import type { BotNamespace } from './namespaces.js';
import { rooms } from './rooms.js';

export interface BotNamespaceDeps {
  config: ParleyConfig;
  service: BotService;
  /** Read receipts (issue 14): a bot reads what its processing cursor passed. */
  reads: ReadService;
  /** Labels on sessions (issue 15). */
  labels: LabelService;
  /** Failed handshakes per address, and handshakes per bot. */
  budgets: AuthBudgets;
  trust: TrustProxy;
  handlerContext: (socketId: string) => HandlerContext;
}

const digest = (token: string) => createHash('sha256').update(token).digest();

/** Finds the bot a token belongs to, comparing in constant time (HTTP bots have none). */
export function botForToken(bots: BotConfig[], token: string): BotConfig | undefined {
  const given = digest(token);
  return bots.find((bot) => bot.token !== undefined && timingSafeEqual(digest(bot.token), given));
}

/** `/bot`: bots connect with their token and act only on the sessions they handle. */
export function attachBotNamespace(nsp: BotNamespace, deps: BotNamespaceDeps): void {
  const { config, service } = deps;

  nsp.use(async (socket, next) => {
    try {
      const admitted = await authenticateWithin(
        deps.budgets,
        clientAddress(socket.request, deps.trust),
        handshakeToken(socket.handshake.auth),
        async () => {
          const auth = parsePayload(BotAuthSchema, socket.handshake.auth);
          const bot = auth.ok ? botForToken(config.bots, auth.value.token) : undefined;
          return bot ? { id: bot.id, value: bot } : connectError('unauthorized', 'Unknown bot token');
        },
      );
      if (!admitted.ok) return next(admitted.refusal);
      socket.data = { bot: admitted.value };
      next();
    } catch (error) {
      next(failedHandshake(error, deps.handlerContext(socket.id).logger));
    }
  });

  nsp.on('connection', (socket) => {
    const { bot } = socket.data;
    // One live connection per bot: the newest takes over and the older ones, in any server
    // process, are disconnected (their SDK stops with a `conflict` error). Two processes on one
    // token would otherwise both answer every visitor; the processing cursor carries the work
    // over, so nothing the older one left unhandled is lost.
    nsp.in(rooms.bot(bot.id)).except(socket.id).disconnectSockets(true);
    void socket.join(rooms.bot(bot.id));

    handleEvents(socket, deps.handlerContext(socket.id), {
      // Writes name this socket as their sender: the event comes back in the ack, not as
      // `session.event` (issue 16).
      'message.send': handler(BotSendSchema, (input) => service.send(bot, input, socket.id)),
      'session.route': handler(BotRouteSchema, (input) => service.route(bot, input, socket.id)),
      'session.close': handler(BotCloseSchema, (input) => service.close(bot, input, socket.id)),
      'session.feedback': handler(BotFeedbackSchema, (input) => service.feedback(bot, input, socket.id)),
      'session.set': handler(BotSetDataSchema, (input) => service.setData(bot, input)),
      'session.label': handler(SessionLabelSchema, async ({ sessionId, ...change }) => {
        const own = await service.ownSession(bot, sessionId);
        if (!own.ok) return own;
        return deps.labels.label(own.value, change, { role: 'bot', id: bot.id, name: bot.name });
      }),
      'session.new': handler(BotNewSessionSchema, (input) => service.newSession(bot, input)),
      'session.start': handler(BotStartSessionSchema, (input) => service.startSession(bot, input)),
      sync: handler(BotSyncSchema, async ({ cursors, after }) => ({
        ok: true,
        value: await service.sync(bot, cursors, after),
      })),
      'session.handled': handler(BotHandledSchema, async ({ handled }) => {
        await service.handled(bot, handled);
        // The cursor passing a message is the bot reading it, all sessions in one store call. A
        // session the bot no longer has is rightly left unread by it: nothing to report. The
        // marks do not hold up the ack: the cursor is what the bot waits for, and a bot handles
        // hundreds of sessions at once.
        deps.reads
          .botReadMany(bot, handled)
          .catch((err: unknown) =>
            deps.handlerContext(socket.id).logger.warn({ err }, 'cannot mark read for the bot'),
          );
        return { ok: true, value: {} };
      }),
      'read.mark': handler(MarkReadSchema, ({ sessionId, seq }) => deps.reads.botRead(bot, sessionId, seq)),
      'app.config': handler(EmptySchema, async () => ({
        ok: true,
        value: { config: service.appConfig(bot) },
      })),
      typing: handler(TypingSchema, async ({ sessionId, on }) => {
        await service.typing(bot, sessionId, on);
        return undefined;
      }),
    });
  });
}
