import type { SiteConfig } from '../config/config-schema.js';
import type { Assigner } from './assignment.js';
import { isWithinBusinessHours } from './business-hours.js';

/**
 * Whether a person could answer a visitor of `site` now, for the widget's header ("We're online"
 * or "Away", issue 14): the site has a human queue (`defaultQueue`, else `fallbackQueue`), it is
 * within the site's business hours, and an agent who could take its sessions is online. The same
 * test routing makes before it sends a session to the offline form.
 * @example await teamAvailable(site) // false outside business hours
 */
export function createTeamAvailable({
  assigner,
  clock,
}: {
  assigner: Pick<Assigner, 'anyoneOnline'>;
  clock: () => number;
}) {
  return async function teamAvailable(site: SiteConfig): Promise<boolean> {
    const queue = site.defaultQueue ?? site.fallbackQueue;
    if (queue === undefined || !isWithinBusinessHours(site.businessHours, clock())) return false;
    return assigner.anyoneOnline({ queue }, site.key);
  };
}
