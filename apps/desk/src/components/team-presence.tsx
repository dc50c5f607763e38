import type { Presence } from '@parley/protocol';
import { useId } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { presenceName } from './names.js';

const NOT_READY = 'notready:';

/**
 * A supervisor sets a colleague's presence (issue 15): Ready, Not ready with a reason from the
 * list, or Offline. The change is sent at once (as the agent's own presence switch does).
 */
export function TeamPresence({
  agent,
  presence,
  reasons,
}: {
  agent: { id: string; name: string };
  presence: Presence;
  reasons: string[];
}) {
  const { t, commands } = useDesk();
  const id = useId();
  const current = presence.status === 'notready' ? `${NOT_READY}${presence.reason ?? ''}` : presence.status;
  const listed = presence.status !== 'notready' || reasons.includes(presence.reason ?? '');
  return (
    <div class="team-presence">
      <label class="sr-only" for={id}>
        {t('supervise.setPresence', { name: agent.name })}
      </label>
      <select
        id={id}
        class="presence__select"
        value={current}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (value === 'ready' || value === 'offline')
            commands.assignPresence({ agentId: agent.id, status: value });
          else if (value.startsWith(NOT_READY)) {
            commands.assignPresence({
              agentId: agent.id,
              status: 'notready',
              reason: value.slice(NOT_READY.length),
            });
          }
        }}
      >
        <option value="ready">{t('presence.ready')}</option>
        {listed ? null : (
          <option value={current} disabled>
            {presenceName(presence, t)}
          </option>
        )}
        {reasons.map((reason) => (
          <option key={reason} value={`${NOT_READY}${reason}`}>
            {presenceName({ status: 'notready', reason }, t)}
          </option>
        ))}
        <option value="offline">{t('presence.offline')}</option>
      </select>
    </div>
  );
}
