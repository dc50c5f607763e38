import { PresenceAssignSchema, ReassignSchema } from '@parley/protocol';
import * as v from 'valibot';
import { keyOverseer } from '../agents/supervisor-service.js';
import { type ApiServices, IdParamsSchema } from './api-context.js';
import { defineRoute } from './api-route.js';
import { PresenceAnswerSchema, SeqSchema, TeamViewSchema } from './api-schemas.js';

const { agentId: _agentId, ...statusEntries } = PresenceAssignSchema.options[1].entries;

/** The presence a key sets: ready, not ready with a reason from the list, or offline. */
const AssignPresenceBodySchema = v.variant('status', [
  v.strictObject({ status: v.literal('ready') }),
  v.strictObject(statusEntries),
  v.strictObject({ status: v.literal('offline') }),
]);

/**
 * What a supervisor does on the desk, for an admin key of the site (issue 15): the team view, an
 * agent's presence set with a reason, and a chat given to an agent. Monitoring, whispers and
 * take-over belong to a person on the desk, not to a key.
 */
export function supervisorRoutes(services: ApiServices) {
  return [
    defineRoute({
      method: 'GET',
      path: '/team',
      operationId: 'getTeam',
      summary:
        "The site's agents with presence, load and current chats, and its live sessions (the desk's Team view).",
      tag: 'Agents',
      scope: 'admin',
      response: TeamViewSchema,
      handle: ({ caller }) => services.supervisors.team(keyOverseer(caller.key.id, caller.site.key), []),
    }),
    defineRoute({
      method: 'POST',
      path: '/agents/{id}/presence',
      operationId: 'assignPresence',
      summary:
        "Sets an agent's presence: ready, not ready with a reason from `agentSettings.notReadyReasons`, or offline (their chats go back to the queue). Only offline for an agent who is not signed in. Audited.",
      tag: 'Agents',
      scope: 'admin',
      params: v.strictObject({ id: v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/, 'Not an agent id')) }),
      body: AssignPresenceBodySchema,
      response: PresenceAnswerSchema,
      errors: ['conflict'],
      handle: ({ caller, params, body }) =>
        services.supervisors.assignPresence(keyOverseer(caller.key.id, caller.site.key), {
          agentId: params.id,
          ...body,
        }),
    }),
    defineRoute({
      method: 'POST',
      path: '/sessions/{id}/reassign',
      operationId: 'reassignSession',
      summary:
        'Gives a queued or assigned chat to an agent of the site who is signed in (ready or not) and has room. Audited.',
      tag: 'Sessions',
      scope: 'admin',
      params: IdParamsSchema,
      body: v.strictObject({ agent: ReassignSchema.entries.agent }),
      response: SeqSchema,
      errors: ['conflict', 'invalid_transition', 'session_closed'],
      handle: ({ caller, params, body }) =>
        services.supervisors.reassign(keyOverseer(caller.key.id, caller.site.key), {
          sessionId: params.id,
          agent: body.agent,
        }),
    }),
  ];
}
