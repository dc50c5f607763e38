import type { Logger } from 'pino';
import type { SiteConfig } from '../config/config-schema.js';
import type { VisitorNamespace } from './namespaces.js';
import { rooms } from './rooms.js';

export interface AvailabilityWatchDeps {
  sites: readonly SiteConfig[];
  visitors: VisitorNamespace;
  /** Whether a person could answer a visitor of the site now (`createTeamAvailable`). */
  teamAvailable(site: SiteConfig): Promise<boolean>;
  logger: Logger;
  /** How often it looks (default 5 s). */
  intervalMs?: number;
}

/**
 * Keeps the widget's "We're online" / "Away" true while visitors look at it (issue 14): every
 * few seconds, and when `check` is called (an agent's presence changed in this process), it asks
 * whether each site's team could answer, and tells the site's visitors connected to this process
 * when that changed. Each process tells its own sockets (`local`): with several processes, none is
 * told twice. `identity` carries the latest answer at connect (`current`: no store call in the
 * handshake, which must get a visitor in while Redis stalls); this keeps it live after.
 * @example const watch = watchAvailability({ sites, visitors, teamAvailable, logger }); await watch.check(); watch.current('demo')
 */
export function watchAvailability({
  sites,
  visitors,
  teamAvailable,
  logger,
  intervalMs = 5000,
}: AvailabilityWatchDeps) {
  const last = new Map<string, boolean>();
  let running: Promise<void> | undefined;
  const look = async () => {
    for (const site of sites) {
      const available = await teamAvailable(site);
      const before = last.get(site.key);
      last.set(site.key, available);
      if (before !== available) {
        visitors.local.to(rooms.site(site.key)).emit('availability', { available });
      }
    }
  };
  const check = (): Promise<void> => {
    // One look at a time; a call meanwhile shares it.
    running ??= look()
      .catch((err: unknown) => logger.warn({ err }, 'cannot tell whether the team is available'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return {
    check,
    /** The latest answer for a site (undefined before the first look, or when it failed). */
    current: (siteKey: string): boolean | undefined => last.get(siteKey),
    stop(): void {
      clearInterval(timer);
    },
  };
}
