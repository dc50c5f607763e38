/**
 * A headless Chromium for browser tests (playwright-core, no bundled browsers: the system's
 * Chromium, or `CHROMIUM_PATH`), and a watcher that collects everything a page did wrong, so a
 * test can assert that nothing did.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, chromium, type Frame, type FrameLocator, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches Chromium. Browser tests never skip: without a browser they fail with a message saying
 * how to install one, so a machine that lacks it cannot pass by running less.
 * @example const browser = await launchBrowser(); ...; await browser.close();
 */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `No Chromium at ${chromiumPath}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** What went wrong in a page and its frames; a healthy page leaves every list empty. */
export interface PageProblems {
  /** `console.error` calls and browser-reported errors (CSP violations, failed loads). */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections. */
  pageErrors: string[];
  /** Requests that failed at the network level (not ones the page aborted) or got a 4xx/5xx answer. */
  failedRequests: string[];
}

/**
 * Starts collecting a page's problems (all its frames, the widget's iframe included).
 * @example
 * const problems = watchPage(page);
 * await page.goto(url);
 * expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [] });
 */
export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], failedRequests: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    problems.consoleErrors.push(`${message.text()} (${url})`);
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.stack ?? error.message));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText;
    // The page itself dropped it: a reload or navigation (the widget reloads as a verified user)
    // cancels what was still loading. A file that is missing still fails, by its 4xx below.
    if (reason === 'net::ERR_ABORTED') return;
    problems.failedRequests.push(`${request.method()} ${request.url()}: ${reason}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.failedRequests.push(`${response.request().method()} ${response.url()}: ${response.status()}`);
    }
  });
  return problems;
}

/** What a clean page shows: no console error, page error or failed request. */
export const noProblems: PageProblems = { consoleErrors: [], pageErrors: [], failedRequests: [] };

/** How long to wait for something that happens by itself (expect.poll's default is 1 s). */
export const settle = { timeout: 15_000 };

/** The widget's frame on a host page. */
export const chat = (page: Page): FrameLocator => page.frameLocator('iframe[title="Chat"]');

/** A message in the widget's conversation, by its whole text (the live region repeats it with a name). */
export const bubble = (page: Page, text: string) => chat(page).getByText(text, { exact: true });

/** Keeps a screenshot when `PARLEY_SCREENSHOTS` names a folder, for a human to look at. */
export async function snapshot(page: Page, name: string): Promise<void> {
  const dir = process.env.PARLEY_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), animations: 'disabled' });
}

/** The rule sets of WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Axe's WCAG 2.2 AA violations in a page or a frame (or only within the element `selector`
 * names), one line each: rule, impact, the elements and why. `evaluate` runs through the DevTools protocol, which a page's CSP does not govern.
 * @example expect(await axeViolations(page)).toEqual([]);
 */
export async function axeViolations(target: Page | Frame, selector?: string): Promise<string[]> {
  await target.evaluate(axe.source);
  const context = selector ? `document.querySelector(${JSON.stringify(selector)})` : 'document';
  return target.evaluate(`axe.run(${context}, { runOnly: ${JSON.stringify(WCAG_AA)} }).then((result) =>
    result.violations.map((v) => v.id + ' (' + v.impact + '): ' +
      v.nodes.map((n) => n.target.join(' ') + ' ' + n.failureSummary).join(' | ')))`);
}
