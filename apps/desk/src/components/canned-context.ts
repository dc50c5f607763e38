import type { SessionSummary } from '@parley/protocol';
import type { DeskState } from '../app/desk-state.js';
import type { CannedContext } from './canned-picker.js';

/**
 * The placeholders a canned response may use in a chat (issue 15): `{visitor.name}` (as the
 * desk names the visitor), `{visitor.email}`, `{agent.name}` (as visitors see the agent) and
 * `{site.name}`. One without a value stays as written, for the agent to notice before sending.
 */
export function cannedContext(state: DeskState, session: SessionSummary, visitorName: string): CannedContext {
  const agent = state.auth.status === 'in' ? state.auth.agent : undefined;
  const site = state.directory.sites?.find((s) => s.key === session.siteKey);
  return {
    siteKey: session.siteKey,
    values: {
      'visitor.name': session.visitor.name ?? visitorName,
      ...(session.visitor.email ? { 'visitor.email': session.visitor.email } : {}),
      ...(agent ? { 'agent.name': agent.displayName ?? agent.name } : {}),
      ...(site?.name ? { 'site.name': site.name } : {}),
    },
  };
}
