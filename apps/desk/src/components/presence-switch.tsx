import type { Presence } from '@parley/protocol';
import { useId } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { presenceName } from './names.js';

const READY = 'ready';
const NOT_READY = 'notready:';

/**
 * The agent's own presence as a select: Ready, or Not ready with one of the configured reasons.
 * A reason the server set that is not on the list (`signed-in`) shows as the current choice;
 * offline (before the welcome) shows, but is not something to choose.
 */
export function PresenceSwitch({ presence, reasons }: { presence: Presence | undefined; reasons: string[] }) {
  const { t, commands } = useDesk();
  const id = useId();
  const known = presence && presence.status !== 'offline' ? presence : undefined;
  const current = known?.status === 'notready' ? `${NOT_READY}${known.reason ?? ''}` : READY;
  const extra = known?.status === 'notready' && !reasons.includes(known.reason ?? '') ? known : undefined;
  return (
    <div class={`presence presence--${known?.status ?? 'offline'}`}>
      <label class="presence__label" for={id}>
        {t('presence.label')}
      </label>
      <select
        id={id}
        class="presence__select"
        value={known ? current : ''}
        disabled={!presence}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (value === READY) commands.setPresence({ status: 'ready' });
          else if (value.startsWith(NOT_READY))
            commands.setPresence({ status: 'notready', reason: value.slice(NOT_READY.length) });
        }}
      >
        {known ? null : (
          <option value="" disabled>
            {t('presence.offline')}
          </option>
        )}
        <option value={READY}>{t('presence.ready')}</option>
        {extra ? (
          <option value={current} disabled>
            {presenceName(extra, t)}
          </option>
        ) : null}
        {reasons.map((reason) => (
          <option key={reason} value={`${NOT_READY}${reason}`}>
            {presenceName({ status: 'notready', reason }, t)}
          </option>
        ))}
      </select>
    </div>
  );
}
