import {
  EmptySchema,
  PresenceAssignSchema,
  ReassignSchema,
  SessionRefSchema,
  WhisperSchema,
} from '@parley/protocol';
import { agentOverseer, type SupervisorService } from '../agents/supervisor-service.js';
import type { AgentConfig } from '../config/config-schema.js';
import { handler } from './handle.js';
import { rooms } from './rooms.js';

/** The part of an `/agent` socket monitoring needs: its rooms. */
interface MonitorSocket {
  rooms: Set<string>;
  join(room: string): unknown;
  leave(room: string): unknown;
}

const MONITOR_PREFIX = rooms.monitor('');

/**
 * The supervisor's events of `/agent` (issue 15, item 3), for one socket. Every one is
 * authorised by the service on its own; a monitor room is joined only after the service agreed,
 * and is a room of `/agent`, so nothing of it reaches the visitor's or the bot's sockets.
 */
export function supervisorHandlers(socket: MonitorSocket, sup: AgentConfig, service: SupervisorService) {
  const monitoring = () =>
    [...socket.rooms]
      .filter((room) => room.startsWith(MONITOR_PREFIX))
      .map((room) => room.slice(MONITOR_PREFIX.length));
  return {
    'team.list': handler(EmptySchema, () => service.team(agentOverseer(sup), monitoring())),
    'monitor.start': handler(SessionRefSchema, async ({ sessionId }) => {
      const watched = await service.monitor(sup, sessionId);
      if (watched.ok) await socket.join(rooms.monitor(sessionId));
      return watched;
    }),
    'monitor.stop': handler(SessionRefSchema, async ({ sessionId }) => {
      const stopped = service.unmonitor(sup);
      if (stopped.ok) await socket.leave(rooms.monitor(sessionId));
      return stopped;
    }),
    whisper: handler(WhisperSchema, (input) => service.whisper(sup, input)),
    'session.takeover': handler(SessionRefSchema, ({ sessionId }) => service.takeover(sup, sessionId)),
    'session.reassign': handler(ReassignSchema, (input) => service.reassign(agentOverseer(sup), input)),
    'presence.assign': handler(PresenceAssignSchema, (input) =>
      service.assignPresence(agentOverseer(sup), input),
    ),
  };
}
