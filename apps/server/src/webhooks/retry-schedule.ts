import type { WebhookSettings } from '../config/config-schema.js';

/**
 * When a failed delivery is tried again: after the schedule's delay for this attempt (its last
 * entry repeating), with ±20 % jitter so receivers that failed together are not hit together
 * again; null when that would be past `maxAgeHours` after the event (it then fails for good).
 * @example retryAt({ attempts: 0, createdAt }, settings, now, Math.random) // now + ~5 s by default
 */
export function retryAt(
  delivery: { attempts: number; createdAt: number },
  settings: Pick<WebhookSettings, 'retrySchedule' | 'maxAgeHours'>,
  now: number,
  random: () => number,
): number | null {
  const schedule = settings.retrySchedule;
  const seconds = schedule[Math.min(delivery.attempts, schedule.length - 1)] ?? 0;
  const delay = seconds * 1000 * (0.8 + 0.4 * random());
  const at = now + delay;
  return at > delivery.createdAt + settings.maxAgeHours * 3600 * 1000 ? null : Math.round(at);
}
