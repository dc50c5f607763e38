const ORIGIN = /^https?:\/\/[^/?#\s]+$/;

/**
 * `value` when it is exactly a web origin (`https://shop.example:8443`, no path), else null:
 * the host origin from the query string becomes a postMessage target and must be exact.
 * @example parseOrigin('https://shop.example/') // null (a trailing slash is a path)
 */
export function parseOrigin(value: string | null): string | null {
  if (!value || !ORIGIN.test(value)) return null;
  return new URL(value).origin === value.toLowerCase() ? value.toLowerCase() : null;
}
