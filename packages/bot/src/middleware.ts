import type { MessageEvent } from '@parley/protocol';
import type { BotSession } from './bot-session.js';

/** What a middleware sees of one incoming visitor message. */
export interface MessageContext {
  session: BotSession;
  message: MessageEvent;
  /** Milliseconds since the message before this one in the session (for the first, since it started). */
  silenceMs: number;
}

/**
 * Runs around every incoming visitor message, before the `message` handlers; call `next()` to go
 * on, or don't, to stop the message there.
 * @example
 * bot.use(async ({ session, silenceMs }, next) => {
 *   if (silenceMs > 30 * 60_000) await session.newSession({ message: 'Welcome back!' });
 *   else await next();
 * });
 */
export type Middleware = (context: MessageContext, next: () => Promise<void>) => unknown;

/** Chains middlewares around a final step, each called with the next as `next`. */
export function compose(middlewares: readonly Middleware[], last: () => Promise<void>) {
  return (context: MessageContext): Promise<void> => {
    const step = async (index: number): Promise<void> => {
      const middleware = middlewares[index];
      if (!middleware) return last();
      let called = false;
      await middleware(context, () => {
        if (called) throw new Error('next() called twice in one middleware');
        called = true;
        return step(index + 1);
      });
    };
    return step(0);
  };
}
