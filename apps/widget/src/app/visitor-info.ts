import { LIMITS, type VisitorInfo } from '@parley/protocol';
import type { HostContextMessage } from '../shared/host-message.js';

const LOCALE_MAX = 35;

const clip = (value: string, max: number): string | undefined => (value ? value.slice(0, max) : undefined);

/**
 * What a new session is told about the visitor: the host page's context, clipped to the
 * server's limits (a long URL must not make `session.open` fail), or just the locale when the
 * loader's context did not arrive in time.
 * @example toVisitorInfo(undefined, 'de-DE') // { locale: 'de-DE' }
 */
export function toVisitorInfo(context: HostContextMessage | undefined, fallbackLocale: string): VisitorInfo {
  const fields = {
    page: clip(context?.page ?? '', LIMITS.field),
    title: clip(context?.title ?? '', LIMITS.field),
    referrer: clip(context?.referrer ?? '', LIMITS.field),
    locale: clip(context?.locale || fallbackLocale, LOCALE_MAX),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
