import type { Bot } from '@parley/bot';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_AGENT_PASSWORD } from '../src/config/default-config.js';
import { settle } from './browser.js';
import type { RunningParley } from './harness.js';

/**
 * What one browser test file runs against: a server, its bot, Chromium, and the browser contexts
 * it opened, all closed by `close` (in `afterAll`).
 */
export interface BrowserSession {
  parley: RunningParley;
  bot: Bot;
  browser: Browser;
  /** A fresh context (its own storage: a new device), 1280×860, closed with the session. */
  newContext(options?: { colorScheme?: 'light' | 'dark' }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Wraps what a test started; see `BrowserSession`. */
export function browserSession(parley: RunningParley, bot: Bot, browser: Browser): BrowserSession {
  const contexts: BrowserContext[] = [];
  return {
    parley,
    bot,
    browser,
    async newContext({ colorScheme = 'light' } = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme });
      contexts.push(context);
      return context;
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      await bot.close();
      await parley.close();
    },
  };
}

/** Alice (or another demo agent) logs in to the desk on `page` and goes ready. */
export async function deskReady(
  page: Page,
  parley: RunningParley,
  email = 'alice@parley.demo',
): Promise<void> {
  await page.goto(`${parley.url}/desk`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_AGENT_PASSWORD);
  await page.getByLabel('Password').press('Enter');
  const status = page.getByLabel('Your status');
  // Signed in once the desk's welcome says the agent's presence.
  await expect.poll(() => status.inputValue(), settle).toMatch(/^(ready|notready:)/);
  await status.selectOption('ready');
  await expect.poll(() => status.inputValue(), settle).toBe('ready');
}
