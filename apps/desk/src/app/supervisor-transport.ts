import type { AckCallback } from '@parley/client';
import type {
  AckResult,
  AgentClientEvents,
  AgentNote,
  AgentServerEvents,
  Presence,
  PresenceAssignInput,
  ReassignInput,
  SessionSync,
  TeamView,
  WhisperInput,
} from '@parley/protocol';
import type { Socket } from 'socket.io-client';

type Seq = { seq: number };

/** The supervisor's acked events of `/agent` (issue 15) as promises; part of `AgentTransport`. */
export interface SupervisorTransport {
  team(): Promise<AckResult<TeamView>>;
  monitorStart(sessionId: string): Promise<AckResult<SessionSync>>;
  monitorStop(sessionId: string): Promise<AckResult<Record<string, never>>>;
  whisper(input: WhisperInput): Promise<AckResult<{ note: AgentNote }>>;
  takeOver(sessionId: string): Promise<AckResult<Seq>>;
  reassign(input: ReassignInput): Promise<AckResult<Seq>>;
  assignPresence(input: PresenceAssignInput): Promise<AckResult<{ presence: Presence }>>;
}

/** Time allowed for an answer, as the rest of the transport's (`ACK_TIMEOUT_MS`). */
const TIMEOUT_MS = 10_000;

/**
 * @example const supervisor = createSupervisorTransport(socket, ask); await supervisor.team();
 */
export function createSupervisorTransport(
  socket: Socket<AgentServerEvents, AgentClientEvents>,
  ask: <T>(emit: (done: AckCallback<T>) => void) => Promise<T>,
): SupervisorTransport {
  const timed = () => socket.timeout(TIMEOUT_MS);
  return {
    team: () => ask((done) => timed().emit('team.list', {}, done)),
    monitorStart: (sessionId) => ask((done) => timed().emit('monitor.start', { sessionId }, done)),
    monitorStop: (sessionId) => ask((done) => timed().emit('monitor.stop', { sessionId }, done)),
    whisper: (input) => ask((done) => timed().emit('whisper', input, done)),
    takeOver: (sessionId) => ask((done) => timed().emit('session.takeover', { sessionId }, done)),
    reassign: (input) => ask((done) => timed().emit('session.reassign', input, done)),
    assignPresence: (input) => ask((done) => timed().emit('presence.assign', input, done)),
  };
}
