/**
 * The desk's Reports view (issue 15, item 6) in a real Chromium against the built desk and a
 * server keeping its records (PGlite): the scripted day of the records contract goes into the
 * records, an admin opens Reports, reads the charts and tables (the contract's figures, on each
 * site's scale), filters by site, and downloads a table as CSV; an agent is not offered the view;
 * axe-core finds no WCAG 2.2 AA violation, light and dark. Needs the desk built.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  launchBrowser,
  noProblems,
  settle,
  signInToDesk,
  snapshot,
  watchPage,
} from '../../test/browser.js';
import { type RunningParley, startParley } from '../../test/harness.js';
import { Chat } from '../records/records-contract.js';
import { REPORT_DAY, scriptedDay } from '../records/report-contract.js';

describe('the desk’s reports', { timeout: 120_000 }, () => {
  let parley: RunningParley;
  let browser: Browser;

  beforeAll(async () => {
    parley = await startParley({
      withRecords: true,
      config: (base) => {
        const [demo] = base.sites;
        if (!demo) throw new Error('no demo site');
        return { ...base, sites: [...base.sites, { ...demo, key: 'boutique', feedbackScale: 'nps' }] };
      },
    });
    // The day the records contract checks, on this configuration's sites: 'demo' (stars) and
    // 'boutique' (nps); 'elsewhere' is no site of this server, so it counts nowhere.
    const day = scriptedDay(Chat, { shop: 'demo', boutique: 'boutique', other: 'elsewhere' });
    await parley.records?.recordBatch(day.map((chat) => ({ session: chat.summary, events: chat.events })));
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await parley?.close();
  });

  const rowsOf = (page: Page, table: string) =>
    page.getByRole('table', { name: table, exact: true }).locator('tbody tr').allInnerTexts();
  const cells = (...values: Array<string | number>) => values.join('\t');

  it('shows an admin the figures of a day, filters them, and downloads a table as CSV', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const problems = watchPage(page);
    await signInToDesk(page, parley.url, 'alice@parley.demo');
    await page.getByRole('button', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 2 }).waitFor();

    const day = new Date(REPORT_DAY).toISOString().slice(0, 10);
    await page.getByLabel('From (UTC)').fill(day);
    await page.getByLabel('To (UTC)').fill(day);
    await page.getByRole('button', { name: 'Show' }).click();

    const summary = page.getByRole('table', { name: 'Bots and humans', exact: true });
    await expect
      .poll(() => summary.locator('tbody tr').first().innerText(), settle)
      .toBe(cells('Conversations', 8));
    expect(await rowsOf(page, 'Bots and humans')).toEqual([
      cells('Conversations', 8),
      cells('Handled by bots alone', 2),
      cells('Handed to humans', 6),
      cells('Missed (went offline)', 2),
      cells('Missed, offline form left', 1),
      cells('Missed, no offline form', 1),
    ]);
    // Issue 15, item 5: who started them (the scripted day's were all the visitors').
    expect(await rowsOf(page, 'Who started them')).toEqual([
      cells('The visitor (inbound)', 8),
      cells('A bot or the API (outbound)', 0),
      cells('An agent (agent-initiated)', 0),
    ]);
    expect(await rowsOf(page, 'Response times')).toEqual([
      cells('First human response', 4, '3:30', '4:42'),
      cells('Queue wait', 4, '2:30', '3:42'),
      cells('Handling time', 4, '7:00', '9:24'),
    ]);
    const volume = await rowsOf(page, 'Conversations over time');
    expect(volume).toHaveLength(24);
    expect(volume.slice(8, 14)).toEqual([
      cells(`${day} 08:00`, 1),
      cells(`${day} 09:00`, 2),
      cells(`${day} 10:00`, 2),
      cells(`${day} 11:00`, 1),
      cells(`${day} 12:00`, 1),
      cells(`${day} 13:00`, 1),
    ]);
    // Each site on its own scale: the shop's stars and the boutique's NPS side by side, never mixed.
    const ratings = [
      cells('Site', 'boutique', 'boutique', 'NPS 0–10', 2, 'NPS 0'),
      cells('Site', 'demo', 'demo', 'Stars 1–5', 3, '4 of 5'),
      cells('Agent', 'ada', 'boutique', 'NPS 0–10', 1, 'NPS 100'),
      cells('Agent', 'Bob Okafor', 'boutique', 'NPS 0–10', 1, 'NPS -100'),
      cells('Agent', 'ada', 'demo', 'Stars 1–5', 1, '5 of 5'),
      cells('Agent', 'Bob Okafor', 'demo', 'Stars 1–5', 1, '3 of 5'),
      cells('Team', 'advice', 'boutique', 'NPS 0–10', 2, 'NPS 0'),
      cells('Team', 'billing', 'demo', 'Stars 1–5', 2, '4 of 5'),
      cells('Queue', 'sales', 'boutique', 'NPS 0–10', 2, 'NPS 0'),
      cells('Queue', 'support', 'demo', 'Stars 1–5', 2, '4 of 5'),
    ];
    expect(await rowsOf(page, 'Ratings')).toEqual(ratings);

    // The charts: uPlot's canvases, each an image named in words.
    await expect.poll(() => page.locator('.report-chart canvas').count(), settle).toBe(2);
    expect(
      await page
        .getByRole('img', { name: 'Chart of conversations per hour: 8 in all, at most 2 in one hour.' })
        .count(),
    ).toBe(1);
    await snapshot(page, 'reports-light');
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await snapshot(page, 'reports-dark');
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    // The ratings as CSV: what the table says, a row each.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV (Ratings)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('parley-ratings.csv');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n')).toEqual([
      'By,Name,Site,Scale,Ratings,Score',
      ...ratings.map((row) => row.replaceAll('\t', ',')),
      '',
    ]);

    // One site: the boutique's three conversations, its ratings only.
    await page.getByLabel('Site', { exact: true }).selectOption('boutique');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect
      .poll(() => summary.locator('tbody tr').first().innerText(), settle)
      .toBe(cells('Conversations', 3));
    expect(await rowsOf(page, 'Bots and humans')).toEqual([
      cells('Conversations', 3),
      cells('Handled by bots alone', 0),
      cells('Handed to humans', 3),
      cells('Missed (went offline)', 1),
      cells('Missed, offline form left', 0),
      cells('Missed, no offline form', 1),
    ]);
    expect((await rowsOf(page, 'Ratings')).every((row) => row.includes('boutique'))).toBe(true);
    // Narrowed to those an agent started: none that day.
    await page.getByLabel('Started by').selectOption({ label: 'An agent (agent-initiated)' });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect
      .poll(() => summary.locator('tbody tr').first().innerText(), settle)
      .toBe(cells('Conversations', 0));
    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('offers no Reports to an agent', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInToDesk(page, parley.url, 'bob@parley.demo');
    await page.getByRole('button', { name: 'Search' }).waitFor();
    expect(await page.getByRole('button', { name: 'Reports' }).count()).toBe(0);
    await context.close();
  });
});
