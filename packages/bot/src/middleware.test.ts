import type { MessageEvent } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { BotSession } from './bot-session.js';
import { compose, type MessageContext } from './middleware.js';

const context = {
  session: {} as BotSession,
  message: {} as MessageEvent,
  silenceMs: 0,
} satisfies MessageContext;

describe('compose', () => {
  it('runs middlewares in order around the last step', async () => {
    const order: string[] = [];
    const run = compose(
      [
        async (_, next) => {
          order.push('a in');
          await next();
          order.push('a out');
        },
        async (_, next) => {
          order.push('b');
          await next();
        },
      ],
      async () => {
        order.push('handlers');
      },
    );
    await run(context);
    expect(order).toEqual(['a in', 'b', 'handlers', 'a out']);
  });

  it('stops when a middleware does not call next', async () => {
    let reached = false;
    await compose([() => undefined], async () => {
      reached = true;
    })(context);
    expect(reached).toBe(false);
  });

  it('refuses a second call to next', async () => {
    const run = compose(
      [
        async (_, next) => {
          await next();
          await next();
        },
      ],
      async () => {},
    );
    await expect(run(context)).rejects.toThrow('next() called twice');
  });
});
