import { useId } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { siteName, sitesOf, worksOnSeveralSites } from '../app/desk-selectors.js';
import type { DeskState } from '../app/desk-state.js';
import type { TranslationKey } from '../i18n/en.js';

/** The value of "all my sites" in the selects (a site key never is empty). */
const ALL = '';

interface SiteSelectProps {
  state: DeskState;
  /** The block's class (`site-switch`, `site-filter`); its label and select take `__label`, `__select`. */
  name: string;
  label: TranslationKey;
  /** The first option, for all of the agent's sites. */
  all: TranslationKey;
  value: string | null;
  onChange(siteKey: string | null): void;
}

/** A labelled select of the agent's sites, or all of them; only for an agent of several sites. */
function SiteSelect({ state, name, label, all, value, onChange }: SiteSelectProps) {
  const { t } = useDesk();
  const id = useId();
  if (!worksOnSeveralSites(state)) return null;
  return (
    <div class={name}>
      <label class={`${name}__label`} for={id}>
        {t(label)}
      </label>
      <select
        id={id}
        class={`${name}__select`}
        value={value ?? ALL}
        onChange={(event) => onChange(event.currentTarget.value || null)}
      >
        <option value={ALL}>{t(all)}</option>
        {sitesOf(state).map((site) => (
          <option key={site.key} value={site.key}>
            {site.name ?? site.key}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The agent's active site (issue 15, item 4): "All my sites" or one of them. Routing offers the
 * agent only that site's chats and the queue lists only those; chats they have stay.
 */
export function SiteSwitch({ state }: { state: DeskState }) {
  const { commands } = useDesk();
  return (
    <SiteSelect
      state={state}
      name="site-switch"
      label="site.active"
      all="site.allMine"
      value={state.activeSite}
      onChange={commands.switchSite}
    />
  );
}

/**
 * Which site's chats the chat list shows: a view of the list only, apart from the active site
 * (issue 15, item 4 names both): an agent busy on one site still answers the chats they have of
 * another, and finds them here.
 */
export function SiteFilter({ state }: { state: DeskState }) {
  const { commands } = useDesk();
  return (
    <SiteSelect
      state={state}
      name="site-filter"
      label="site.filter"
      all="site.filterAll"
      value={state.siteFilter}
      onChange={commands.filterSite}
    />
  );
}

/** A chat's site as a small badge, for an agent of several sites; nothing otherwise. */
export function SiteBadge({ state, siteKey }: { state: DeskState; siteKey: string }) {
  const { t } = useDesk();
  if (!worksOnSeveralSites(state)) return null;
  const name = siteName(state, siteKey);
  return (
    <span class="tag tag--site" title={t('site.badge', { name })}>
      <span class="sr-only">{t('site.badge', { name })}</span>
      <span aria-hidden="true">{name}</span>
    </span>
  );
}
