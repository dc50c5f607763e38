import { AgentAuthSchema, EmptySchema, fail, PresenceSetSchema, parsePayload } from '@parley/protocol';
import { agentProfile } from '../agents/agent-profile.js';
import type { PresenceService } from '../agents/presence-service.js';
import type { ParleyConfig } from '../config/config-schema.js';
import type { SessionStore } from '../store/session-store.js';
import { hashToken } from '../store/visitor-token.js';
import { connectError } from './connect-error.js';
import { type HandlerContext, handleEvents, handler } from './handle.js';
import { limitConnections } from './limit-connections.js';
import type { AgentNamespace } from './namespaces.js';
import { rooms } from './rooms.js';

export interface AgentNamespaceDeps {
  config: ParleyConfig;
  store: SessionStore;
  presence: PresenceService;
  connectionLimiter: HandlerContext['limiter'];
  handlerContext: (socketId: string) => HandlerContext;
}

/** `/agent`: the desk's namespace. Only a live login token (from `/api/agent/login`) gets in. */
export function attachAgentNamespace(nsp: AgentNamespace, deps: AgentNamespaceDeps): void {
  const { config, store, presence } = deps;
  const reasons = config.agentSettings.notReadyReasons;

  nsp.use(limitConnections(deps.connectionLimiter));
  nsp.use(async (socket, next) => {
    const auth = parsePayload(AgentAuthSchema, socket.handshake.auth);
    if (!auth.ok) return next(connectError('unauthorized', 'Log in first'));
    try {
      const agentId = await store.findAgentToken(auth.value.token);
      const agent = config.agents.find((a) => a.id === agentId);
      if (!agent)
        return next(connectError('unauthorized', 'Your login has expired or was revoked; log in again'));
      socket.data = { agent, tokenHash: hashToken(auth.value.token) };
      next();
    } catch (error) {
      next(Object.assign(error as Error, { data: { code: 'internal', message: 'Cannot reach storage' } }));
    }
  });

  nsp.on('connection', (socket) => {
    const { agent, tokenHash } = socket.data;
    void socket.join([rooms.agent(agent.id), rooms.agentLogin(tokenHash), rooms.agents]);
    socket.on('disconnect', () => presence.disconnected(agent));

    handleEvents(socket, deps.handlerContext(socket.id), {
      'presence.set': handler(PresenceSetSchema, async (input) => {
        if (input.status === 'notready' && !reasons.includes(input.reason)) {
          return fail('invalid_payload', `Choose a reason from: ${reasons.join(', ')}`);
        }
        const next = await presence.set(
          agent,
          input.status,
          input.status === 'notready' ? input.reason : undefined,
        );
        return { ok: true, value: { presence: next } };
      }),
      'presence.list': handler(EmptySchema, async () => ({
        ok: true,
        value: { agents: await presence.list(), reasons },
      })),
    });

    presence.connected(agent).then(
      (now) => socket.emit('welcome', { agent: agentProfile(agent), presence: now, reasons }),
      (error: unknown) =>
        deps.handlerContext(socket.id).logger.error({ err: error }, 'cannot record presence'),
    );
  });
}
