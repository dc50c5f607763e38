/**
 * Agents across sites in a real Chromium (issue 15, item 4): an agent of two sites sees the chats
 * of both with their site badges, filters the list by site, switches the active site, and is then
 * not offered the other site's next chat; an agent of one site sees none of these controls. The
 * desk with the switcher is checked by axe. Needs the desk built (`npx turbo run build`).
 */
import type { RouteTarget } from '@parley/protocol';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  launchBrowser,
  noProblems,
  type PageProblems,
  settle,
  signInToDesk,
  snapshot,
  watchPage,
} from '../../test/browser.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { routedChat } from '../../test/routed-chat.js';
import { TEAM, twoSiteTeam } from '../../test/two-site-team.js';
import type { VisitorClient } from '../../test/visitor.js';
import type { ParleyConfig } from '../config/config-schema.js';
import { parseConfig } from '../config/load-config.js';

/** The two-site team, plus Max, on both sites (billing on north). */
function withMax(base: ParleyConfig): ParleyConfig {
  const team = twoSiteTeam(base);
  const bob = team.agents.find((a) => a.id === 'bob');
  if (!bob) throw new Error('bob is in the two-site team');
  const max = {
    ...bob,
    id: 'max',
    name: 'Max Weber',
    email: 'max@parley.demo',
    sites: ['demo', { key: 'north', teams: ['support', 'billing'] }],
  };
  return parseConfig({ ...team, agents: [...team.agents, max] }, 'sites browser test config');
}

describe('agents across sites in a real browser', { timeout: 120_000 }, () => {
  let browser: Browser;
  let parley: RunningParley;
  let bot: Socket;
  const visitors: VisitorClient[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    parley = await startParley({ config: withMax });
    bot = io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    await new Promise<void>((resolve) => bot.once('connect', () => resolve()));
  }, 60_000);

  afterAll(async () => {
    for (const socket of visitors) socket.close();
    bot?.close();
    await browser?.close();
    await parley?.close();
  });

  const desk = async (email: string): Promise<{ page: Page; problems: PageProblems }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await signInToDesk(page, parley.url, email);
    return { page, problems };
  };

  const chatOn = async (
    siteKey: 'demo' | 'north',
    name: string,
    target: RouteTarget = { queue: 'support' },
  ) => {
    const chat = await routedChat(parley, bot, siteKey, target, name);
    visitors.push(chat.socket);
    return chat;
  };

  it('shows each chat with its site, filters the list, switches the active site; axe-clean', async () => {
    const { page, problems } = await desk('max@parley.demo');
    const nav = page.getByRole('navigation', { name: 'Desk' });
    const chats = nav.getByRole('list').first();
    await page.getByLabel('Your status').selectOption('ready');
    await expect
      .poll(async () => (await parley.store.listPresence()).find((p) => p.agentId === 'max')?.status, settle)
      .toBe('ready');

    await chatOn('demo', 'Dana Demo');
    await chatOn('north', 'Nils North');
    const dana = chats.getByRole('button', { name: /Dana Demo/ });
    const nils = chats.getByRole('button', { name: /Nils North/ });
    await expect.poll(() => dana.textContent(), settle).toContain('Parley demo');
    await expect.poll(() => nils.textContent(), settle).toContain('North shop');
    expect(await dana.getByText('Site: Parley demo').count()).toBe(1);

    // The chat header names the site too.
    await nils.click();
    await expect.poll(() => page.locator('.chat__header').textContent(), settle).toContain('North shop');

    // The list's filter: one site's chats, then every site's again.
    const filter = page.getByLabel('Show chats of');
    await filter.selectOption({ label: 'North shop' });
    await expect.poll(() => dana.count(), settle).toBe(0);
    expect(await nils.count()).toBe(1);
    await filter.selectOption({ label: 'Every site' });
    await expect.poll(() => dana.count(), settle).toBe(1);

    // The switcher: north only from now on; the demo chat stays in the list.
    const active = page.getByLabel('Active site');
    expect(await active.inputValue()).toBe('');
    await active.selectOption({ label: 'North shop' });
    await expect.poll(() => parley.store.activeSites(), settle).toEqual({ max: 'north' });
    const waiting = await chatOn('demo', 'Dora Demo');
    expect(waiting.route).toMatchObject({ outcome: 'queued' });
    const nora = await chatOn('north', 'Nora North');
    await expect.poll(() => chats.getByRole('button', { name: /Nora North/ }).count(), settle).toBe(1);
    // Routing served the older demo chat first had Max been on it: it still waits, unlisted here.
    expect((await parley.store.getSession(waiting.sessionId))?.status).toBe('queued');
    expect((await parley.store.getSession(nora.sessionId))?.handler).toEqual({ kind: 'agent', id: 'max' });
    expect(await chats.getByRole('button', { name: /Dora Demo/ }).count()).toBe(0);
    expect(await dana.count()).toBe(1);
    // Nor in the queue Max's desk lists: it lists the active site's waiting visitors only.
    await nav.getByRole('button', { name: /^Queue/ }).click();
    await page.getByText('Nobody is waiting.').waitFor(settle);
    expect(await page.getByText('Dora Demo').count()).toBe(0);

    await snapshot(page, 'sites-desk');
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual(noProblems);
  });

  it('shows an agent of one site no switcher, filter or badges', async () => {
    const { page, problems } = await desk(TEAM.nina.email);
    await page.getByLabel('Your status').selectOption('ready');
    // For Nina: Max, still ready on north, would otherwise be as good a choice.
    await chatOn('north', 'Nell North', { agent: 'nina' });
    const nell = page.getByRole('navigation', { name: 'Desk' }).getByRole('button', { name: /Nell North/ });
    await nell.waitFor(settle);
    expect(await nell.textContent()).not.toContain('North shop');
    expect(await page.getByLabel('Active site').count()).toBe(0);
    expect(await page.getByLabel('Show chats of').count()).toBe(0);
    expect(problems).toEqual(noProblems);
  });
});
