import type { AgentClientEvents } from './agent-events.js';

/**
 * Every event a desk may send on `/agent`, as data: the authorisation matrix test runs each one
 * as every role (issue 15). The type below fails to compile when an event is added to
 * `AgentClientEvents` and not here.
 */
export const AGENT_CLIENT_EVENTS = [
  'presence.set',
  'site.switch',
  'presence.list',
  'sync',
  'queue.list',
  'offline.list',
  'offline.reply',
  'session.get',
  'session.accept',
  'session.start',
  'message.send',
  'session.transfer',
  'session.handback',
  'session.close',
  'typing',
  'history.list',
  'search',
  'transcript',
  'visitor.export',
  'visitor.erase',
  'audit.list',
  'team.list',
  'monitor.start',
  'monitor.stop',
  'whisper',
  'session.takeover',
  'session.reassign',
  'presence.assign',
  'reports.get',
  'read.mark',
  'note.add',
  'note.list',
  'session.label',
  'offline.update',
] as const satisfies ReadonlyArray<keyof AgentClientEvents>;

type Missing = Exclude<keyof AgentClientEvents, (typeof AGENT_CLIENT_EVENTS)[number]>;
/** `never` when the list is complete; otherwise the compiler names the missing event. */
export const AGENT_CLIENT_EVENTS_COMPLETE: [Missing] extends [never] ? true : Missing = true;
