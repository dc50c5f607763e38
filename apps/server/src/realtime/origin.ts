import type { SiteConfig } from '../config/config-schema.js';

/**
 * Whether a visitor handshake may join a site. A browser connecting directly must come from one
 * of the site's allowed origins. The widget connects from Parley's own iframe, so its Origin is
 * Parley's (the handshake's Host); then the page embedding it, which the loader reports as
 * `hostOrigin`, must be allowed — and the iframe document itself carries `frame-ancestors` with
 * the same list, so the browser refuses to embed it anywhere else.
 */
export function originAllowed(
  site: SiteConfig,
  headers: { origin?: string | undefined; host?: string | undefined },
  hostOrigin: string | undefined,
): boolean {
  const { origin, host } = headers;
  if (!origin) return false;
  if (site.allowedOrigins.includes(origin)) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  return originHost === host && hostOrigin !== undefined && site.allowedOrigins.includes(hostOrigin);
}
