/**
 * Agents' single sign-on with OpenID Connect (issue 15), against a real OpenID provider in this
 * process (`oidc-provider`): the authorization code flow with PKCE, the checks on the way back,
 * and the desk's ticket traded once for a login token that opens the agent socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSocket, login, type Welcome } from '../../test/agent.js';
import { type RunningParley, startParley } from '../../test/harness.js';
import { startOidcProvider, type TestOidcProvider } from '../../test/oidc-provider.js';
import { cookieJar, request, signInThrough } from '../../test/sso-browserless.js';

const SECRET = 'a-secret-of-32-characters-or-more-for-sso';

describe('single sign-on (OpenID Connect)', () => {
  let provider: TestOidcProvider;
  let parley: RunningParley;

  beforeAll(async () => {
    provider = await startOidcProvider();
    parley = await startParley({
      config: (base) => ({
        ...base,
        agents: [
          ...base.agents,
          // An agent with no password: single sign-on only.
          {
            id: 'carol',
            name: 'Carol',
            email: 'carol@parley.demo',
            teams: [],
            skills: [],
            capacity: 3,
            role: 'agent',
          },
        ],
        sso: {
          oidc: {
            issuer: provider.issuer,
            clientId: provider.clientId,
            clientSecret: provider.clientSecret,
            secret: SECRET,
            label: 'Sign in with Example ID',
            scopes: 'openid email profile',
            allowUnverifiedEmail: false,
            allowInsecure: true,
          },
        },
      }),
    });
    provider.allowRedirects([`${parley.url}/api/agent/oidc/callback`]);
  });
  afterAll(async () => {
    await parley?.close();
    await provider?.close();
  });

  const start = () => `${parley.url}/api/agent/oidc/start`;
  const exchange = (ticket: unknown) =>
    fetch(`${parley.url}/api/agent/oidc/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket }),
    });
  const fragment = (deskUrl: string) => new URLSearchParams(new URL(deskUrl).hash.slice(1));

  it('lists the provider for the login screen', async () => {
    const answer = await (await fetch(`${parley.url}/api/agent/sso`)).json();
    expect(answer).toEqual({
      ok: true,
      providers: [{ id: 'oidc', label: 'Sign in with Example ID', start: '/api/agent/oidc/start' }],
    });
  });

  it('signs an agent in with PKCE, and trades the ticket once for a token that opens the desk socket', async () => {
    const jar = cookieJar();
    const first = await request(jar, start());
    const authorize = new URL(first.headers.get('location') ?? '');
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${parley.url}/api/agent/oidc/callback`);
    expect(first.headers.get('set-cookie')).toMatch(/parley_oidc=.+HttpOnly.*SameSite=Lax/i);

    const desk = await signInThrough(jar, start(), 'alice@parley.demo');
    expect(new URL(desk).pathname).toBe('/desk/');
    const ticket = fragment(desk).get('sso');
    expect(ticket).toBeTruthy();

    const traded = await exchange(ticket);
    expect(traded.status).toBe(200);
    const body = (await traded.json()) as { ok: boolean; token: string; agent: { id: string } };
    expect(body).toMatchObject({ ok: true, agent: { id: 'alice' } });
    const socket = agentSocket(parley.url, body.token);
    const welcome = await new Promise<Welcome>((resolve, reject) => {
      socket.once('welcome', resolve);
      socket.once('connect_error', reject);
    });
    expect(welcome.agent.id).toBe('alice');
    socket.close();

    // Once only.
    expect((await exchange(ticket)).status).toBe(401);
  });

  it('signs in an agent who has no password, who cannot log in with one', async () => {
    const desk = await signInThrough(cookieJar(), start(), 'carol@parley.demo');
    const traded = await exchange(fragment(desk).get('sso'));
    expect(await traded.json()).toMatchObject({ ok: true, agent: { id: 'carol' } });
    expect((await login(parley.url, 'carol@parley.demo', '')).status).toBe(400);
    expect((await login(parley.url, 'carol@parley.demo', 'anything')).status).toBe(401);
  });

  it('refuses a provider account that is no agent, or whose email is not verified', async () => {
    const stranger = await signInThrough(cookieJar(), start(), 'mallory@example.com');
    expect(fragment(stranger).get('sso-error')).toBe('unknown_agent');
    const unverified = await signInThrough(cookieJar(), start(), 'unverified-alice@parley.demo');
    expect(fragment(unverified).get('sso-error')).toBe('unverified');
  });

  it("refuses a callback without this browser's flow, with another's, or the provider's refusal", async () => {
    // No flow cookie (another browser's callback URL, say).
    const bareJar = cookieJar();
    const bare = await signInThrough(bareJar, start(), 'alice@parley.demo', (url) => {
      bareJar.set(url, 'parley_oidc', '');
      return url;
    });
    expect(fragment(bare).get('sso-error')).toBe('expired');

    // A flow cookie of this browser, but the state of another sign-in: the answer is not for it.
    const other = cookieJar();
    const otherStart = await request(other, start());
    const otherState = new URL(otherStart.headers.get('location') ?? '').searchParams.get('state');
    const swapped = await signInThrough(cookieJar(), start(), 'alice@parley.demo', (url) => {
      const callback = new URL(url);
      callback.searchParams.set('state', otherState ?? '');
      return callback.href;
    });
    expect(fragment(swapped).get('sso-error')).toBe('failed');

    // A tampered flow cookie.
    const jar = cookieJar();
    const tampered = await signInThrough(jar, start(), 'alice@parley.demo', (url) => {
      jar.set(url, 'parley_oidc', 'eyJzdGF0ZSI6IngifQ.forged');
      return url;
    });
    expect(fragment(tampered).get('sso-error')).toBe('expired');

    // The person declined at the provider.
    const declined = await signInThrough(cookieJar(), start(), 'alice@parley.demo', (url) => {
      const callback = new URL(url);
      return `${callback.origin}${callback.pathname}?error=access_denied&state=${callback.searchParams.get('state')}`;
    });
    expect(fragment(declined).get('sso-error')).toBe('denied');
  });

  it('answers a bad or forged ticket with a typed error', async () => {
    expect(await (await exchange(42)).json()).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    const forged = await exchange('eyJhZ2VudElkIjoiYWxpY2UifQ.c2lnbmF0dXJl');
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});

describe('single sign-on, not configured', () => {
  it('lists no provider and has no flow', async () => {
    const parley = await startParley();
    try {
      expect(await (await fetch(`${parley.url}/api/agent/sso`)).json()).toEqual({ ok: true, providers: [] });
      expect((await fetch(`${parley.url}/api/agent/oidc/start`, { redirect: 'manual' })).status).toBe(404);
    } finally {
      await parley.close();
    }
  });
});
