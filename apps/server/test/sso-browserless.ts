/**
 * Signing in through an OpenID provider's pages the way a browser would, without one: follows
 * redirects, keeps each origin's cookies, and submits the development provider's login and
 * consent forms (`test/oidc-provider.ts`). For the server's SSO tests; the desk's own journey runs
 * in Chromium (`sso.browser.test.ts`).
 */
export interface CookieJar {
  /** The `Cookie` header for `url`'s origin. */
  header(url: string): string;
  keep(url: string, response: Response): void;
  /** Replaces one cookie of an origin (to play a tampered or foreign browser). */
  set(url: string, name: string, value: string): void;
}

export function cookieJar(): CookieJar {
  const jars = new Map<string, Map<string, string>>();
  const jarOf = (url: string) => {
    const origin = new URL(url).origin;
    const jar = jars.get(origin) ?? new Map<string, string>();
    jars.set(origin, jar);
    return jar;
  };
  return {
    header: (url) => [...jarOf(url)].map(([name, value]) => `${name}=${value}`).join('; '),
    keep(url, response) {
      const jar = jarOf(url);
      for (const line of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';');
        const name = pair.slice(0, pair.indexOf('=')).trim();
        const value = pair.slice(pair.indexOf('=') + 1).trim();
        const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
        if (expired) jar.delete(name);
        else jar.set(name, value);
      }
    },
    set: (url, name, value) => void jarOf(url).set(name, value),
  };
}

/** One request with the jar's cookies, redirects left to the caller. */
export async function request(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) },
  });
  jar.keep(url, response);
  return response;
}

/**
 * From `startUrl` through the provider's sign-in as `login`, to where the flow lands on the desk:
 * the desk URL Parley redirects to at the end (`/desk/#sso=…` or `/desk/#sso-error=…`).
 * `beforeCallback` may change the jar (or the URL) just before Parley's callback is called.
 */
export async function signInThrough(
  jar: CookieJar,
  startUrl: string,
  login: string,
  beforeCallback?: (callbackUrl: string) => string,
): Promise<string> {
  let url = startUrl;
  let init: RequestInit = {};
  for (let step = 0; step < 20; step++) {
    if (url.includes('/api/agent/oidc/callback') && beforeCallback) url = beforeCallback(url);
    const response = await request(jar, url, init);
    init = {};
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url).href;
      if (new URL(next).pathname.startsWith('/desk/')) return next;
      url = next;
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
    if (response.status !== 200 || !action || !prompt) {
      throw new Error(`Unexpected page at ${url} (${response.status}): ${page.slice(0, 300)}`);
    }
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    };
  }
  throw new Error('The sign-in did not come back to the desk in 20 steps');
}
