import type { SiteConfig } from '../config/config-schema.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long a site keeps a closed session, and a visitor's own data after their newest session
 * closed (`sites[].retentionDays`).
 * @example retentionMs(site) // 2_592_000_000 for 30 days
 */
export function retentionMs(site: Pick<SiteConfig, 'retentionDays'>): number {
  return site.retentionDays * DAY_MS;
}
