import type { SiteConfig } from '../config/config-schema.js';

/**
 * Whether a visitor handshake may join a site. A browser connecting directly must come from one
 * of the site's allowed origins. The widget connects from Parley's own iframe, so its Origin is
 * Parley's public origin (`PUBLIC_URL`, never the request's `Host`, which the client writes:
 * `Origin: http://evil.test` with `Host: evil.test` must not pass, issue 11); then the page
 * embedding it, which the loader reports as `hostOrigin`, must be allowed — and the iframe
 * document itself carries `frame-ancestors` with the same list, so the browser refuses to
 * embed it anywhere else.
 */
export function originAllowed(
  site: SiteConfig,
  origin: string | undefined,
  hostOrigin: string | undefined,
  publicOrigin: string | undefined,
): boolean {
  if (!origin) return false;
  if (site.allowedOrigins.includes(origin)) return true;
  return (
    publicOrigin !== undefined &&
    origin === publicOrigin &&
    hostOrigin !== undefined &&
    site.allowedOrigins.includes(hostOrigin)
  );
}
