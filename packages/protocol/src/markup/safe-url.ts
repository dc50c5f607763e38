const ALLOWED = new Set(['http:', 'https:', 'mailto:']);

/**
 * The URL a link may point at: absolute http or https with a host, or mailto with an address;
 * undefined for anything else (`javascript:`, `data:`, relative paths, unparsable text).
 * @example safeUrl('https://example.com/a b') // 'https://example.com/a%20b'
 * @example safeUrl('javascript:alert(1)') // undefined
 */
export function safeUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not a URL at all: the text stays text (nothing to log, it is the visitor's own writing).
    return undefined;
  }
  if (!ALLOWED.has(url.protocol)) return undefined;
  if (url.protocol === 'mailto:' ? url.pathname.length === 0 : url.hostname.length === 0) return undefined;
  return url.href;
}
