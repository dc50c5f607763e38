import { useId } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { siteName, sitesOf, worksOnSeveralSites } from '../app/desk-selectors.js';
import type { DeskState } from '../app/desk-state.js';

/** The value of "all my sites" in the selects (a site key never is empty). */
const ALL = '';

/**
 * The agent's active site (issue 15, item 4): "All my sites" or one of them. Routing offers the
 * agent only that site's chats and the queue lists only those; chats they have stay. Shown only
 * to an agent of several sites.
 */
export function SiteSwitch({ state }: { state: DeskState }) {
  const { t, commands } = useDesk();
  const id = useId();
  if (!worksOnSeveralSites(state)) return null;
  return (
    <div class="site-switch">
      <label class="site-switch__label" for={id}>
        {t('site.active')}
      </label>
      <select
        id={id}
        class="site-switch__select"
        value={state.activeSite ?? ALL}
        onChange={(event) => commands.switchSite(event.currentTarget.value || null)}
      >
        <option value={ALL}>{t('site.allMine')}</option>
        <SiteOptions state={state} />
      </select>
    </div>
  );
}

/** One option a site, by name. */
export function SiteOptions({ state }: { state: DeskState }) {
  return (
    <>
      {sitesOf(state).map((site) => (
        <option key={site.key} value={site.key}>
          {site.name ?? site.key}
        </option>
      ))}
    </>
  );
}

/**
 * Which site's chats the chat list shows: a view of the list only, apart from the active site
 * (issue 15, item 4 names both): an agent busy on one site still answers the chats they have of
 * another, and finds them here.
 */
export function SiteFilter({ state }: { state: DeskState }) {
  const { t, commands } = useDesk();
  const id = useId();
  if (!worksOnSeveralSites(state)) return null;
  return (
    <div class="site-filter">
      <label class="site-filter__label" for={id}>
        {t('site.filter')}
      </label>
      <select
        id={id}
        class="site-filter__select"
        value={state.siteFilter ?? ALL}
        onChange={(event) => commands.filterSite(event.currentTarget.value || null)}
      >
        <option value={ALL}>{t('site.filterAll')}</option>
        <SiteOptions state={state} />
      </select>
    </div>
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
