import { useDesk } from '../app/desk-context.js';
import { agentIdOf } from '../app/desk-selectors.js';
import type { DeskState } from '../app/desk-state.js';
import { presenceName } from './names.js';

/** Every colleague's presence, live; names from the directory, else the agent id. */
export function TeamList({ state }: { state: DeskState }) {
  const { t } = useDesk();
  const me = agentIdOf(state);
  const names = new Map(state.directory.agents.map((agent) => [agent.id, agent.name]));
  if (state.auth.status === 'in') names.set(state.auth.agent.id, state.auth.agent.name);
  const team = Object.values(state.team).sort((a, b) =>
    (names.get(a.agentId) ?? a.agentId).localeCompare(names.get(b.agentId) ?? b.agentId),
  );
  return (
    <section class="sidebar__section" aria-labelledby="desk-team-title">
      <h2 id="desk-team-title" class="sidebar__title">
        {t('team.title')}
      </h2>
      {team.length === 0 ? (
        <p class="empty">{t('team.empty')}</p>
      ) : (
        <ul class="team">
          {team.map((presence) => {
            const name = names.get(presence.agentId) ?? presence.agentId;
            return (
              <li key={presence.agentId} class={`team__member presence--${presence.status}`}>
                <span class="team__dot" aria-hidden="true" />
                <span class="team__name">{presence.agentId === me ? t('team.you', { name }) : name}</span>
                <span class="team__status">{presenceName(presence, t)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
