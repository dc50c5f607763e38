/**
 * An agent signs in to the built desk with single sign-on (issue 15), in a real Chromium, through
 * a real OpenID provider run in this process (`oidc-provider`, its development sign-in pages):
 * the login screen's button, the provider's pages, and back on the desk, signed in, with the
 * ticket gone from the address bar. A refusal comes back as a readable error on the login screen.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, settle, snapshot } from '../../test/browser.js';
import { type RunningParley, startParley } from '../../test/harness.js';
import { startOidcProvider, type TestOidcProvider } from '../../test/oidc-provider.js';

describe('single sign-on on the desk, in a real browser', { timeout: 90_000 }, () => {
  let browser: Browser;
  let provider: TestOidcProvider;
  let parley: RunningParley;

  beforeAll(async () => {
    browser = await launchBrowser();
    provider = await startOidcProvider();
    parley = await startParley({
      config: (base) => ({
        ...base,
        sso: {
          oidc: {
            issuer: provider.issuer,
            clientId: provider.clientId,
            clientSecret: provider.clientSecret,
            secret: 'a-secret-of-32-characters-or-more-for-sso',
            label: 'Sign in with Example ID',
            scopes: 'openid email profile',
            allowUnverifiedEmail: false,
            allowInsecure: true,
          },
        },
      }),
    });
    provider.allowRedirects([`${parley.url}/api/agent/oidc/callback`]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await parley?.close();
    await provider?.close();
  });

  /** From the desk's login screen through the provider's pages as `login`, back to the desk. */
  const signIn = async (login: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${parley.url}/desk`);
    const button = page.getByRole('link', { name: 'Sign in with Example ID' });
    await button.waitFor(settle);
    await button.click();
    await page.getByPlaceholder('Enter any login').fill(login, settle);
    await page.getByPlaceholder('and password').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click(settle);
    return { context, page };
  };

  it('signs an agent in from the login screen, the password form still there, both accessible', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${parley.url}/desk`);
    await page.getByRole('link', { name: 'Sign in with Example ID' }).waitFor(settle);
    await expect.poll(() => page.getByLabel('Password').isVisible()).toBe(true);
    await snapshot(page, 'desk-login-sso');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();

    const { context: signedIn, page: desk } = await signIn('alice@parley.demo');
    await expect
      .poll(() => desk.getByLabel('Your status').inputValue(), settle)
      .toMatch(/^(ready|notready:)/);
    expect(new URL(desk.url()).hash).toBe('');
    expect(new URL(desk.url()).pathname).toBe('/desk/');
    // Signed in for good: a reload keeps the login, as after a password login.
    await desk.reload();
    await expect
      .poll(() => desk.getByLabel('Your status').inputValue(), settle)
      .toMatch(/^(ready|notready:)/);
    await signedIn.close();
  });

  it('says why when the provider account is no agent', async () => {
    const { context, page } = await signIn('mallory@example.com');
    await expect
      .poll(() => page.getByRole('alert').textContent(), settle)
      .toContain('No agent here has the email address you signed in with');
    expect(new URL(page.url()).hash).toBe('');
    await context.close();
  });
});
