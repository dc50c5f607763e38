import type { AckResult, RouteOutcome, RouteTarget } from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import type { RunningParley } from './harness.js';
import { connectVisitor, type VisitorClient } from './visitor.js';

/**
 * A visitor of `siteKey` (on the demo host's origin) whose session the entry bot (`bot`, a
 * socket on `/bot`) routes to `target`, as `session.route` does: the session, its visitor and
 * where the route went.
 * @example const { sessionId, route } = await routedChat(parley, bot, 'north', { team: 'billing' });
 */
export async function routedChat(
  parley: RunningParley,
  bot: Socket,
  siteKey: string,
  target: RouteTarget,
  name?: string,
): Promise<{ sessionId: string; visitorId: string; socket: VisitorClient; route: RouteOutcome }> {
  const visitor = await connectVisitor(parley.url, { siteKey, origin: parley.demoOrigin });
  const open = await visitor.socket.timeout(5000).emitWithAck('session.open', name ? { info: { name } } : {});
  if (!open.ok) throw new Error(open.error.message);
  const sessionId = open.session.id;
  const routed = (await bot
    .timeout(5000)
    .emitWithAck('session.route', { sessionId, ...target })) as AckResult<{
    route: RouteOutcome;
  }>;
  if (!routed.ok) throw new Error(routed.error.message);
  return { sessionId, visitorId: visitor.visitorId, socket: visitor.socket, route: routed.route };
}
