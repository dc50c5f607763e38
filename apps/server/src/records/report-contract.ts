/**
 * The reports' part of the RecordsStore contract (issue 15, item 6), run inside
 * `describeRecords` against every store: a scripted day of conversations with known times goes
 * into the records, and every figure is checked exactly.
 */
import type { Author } from '@parley/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Chat } from './records-contract.js';
import type { RecordsStore } from './records-store.js';
import type { ReportFilter } from './report-queries.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** The scripted day: Monday 2 March 2026, UTC. */
export const REPORT_DAY = Date.UTC(2026, 2, 2);
const visitor: Author = { role: 'visitor', id: 'v1' };
const ada: Author = { role: 'agent', id: 'ada', name: 'Ada' };
const bob: Author = { role: 'agent', id: 'bob', name: 'Bob' };
const bot: Author = { role: 'bot', id: 'welcome', name: 'Welcome bot' };

/** The sites the day happens on (the browser test renames them after its configuration's). */
export interface ReportSites {
  shop: string;
  boutique: string;
  other: string;
}
const SITES: ReportSites = { shop: 'shop', boutique: 'boutique', other: 'other' };

export type ChatClass = new (init: ConstructorParameters<typeof Chat>[0]) => Chat;

interface Handed {
  at: number;
  siteKey: string;
  queue: string;
  team: string;
  agent: Author;
  /** Minutes from queued to assigned, to the agent's first message, from assigned to closed. */
  wait: number;
  reply: number;
  handle: number;
  score: number;
}

/**
 * The day, as `records.record` is fed it. Times below are minutes after each chat was queued
 * (every step of a `Chat` is a minute after the one before; `wait` adds the rest).
 *
 * | chat | site     | start | path                        | queue wait | 1st reply | handling | rating  |
 * | A    | shop     | 08:00 | bot only                    |            |           |          |         |
 * | B    | shop     | 09:00 | support/billing, Ada        | 2          | 3         | 6        | stars 5 |
 * | C    | shop     | 09:30 | support/billing, Bob        | 4          | 5         | 10       | stars 3 |
 * | D    | boutique | 10:00 | sales/advice, Ada           | 1          | 2         | 5        | nps 10  |
 * | E    | boutique | 10:15 | sales/advice, Bob           | 3          | 4         | 8        | nps 6   |
 * | F    | shop     | 11:00 | support, went offline, form |            |           |          |         |
 * | G    | boutique | 12:00 | bot to offline, no form     |            |           |          |         |
 * | H    | shop     | 13:00 | bot only                    |            |           |          | stars 4 |
 * and, outside the figures: X (shop, the day before at 23:00), Y (other site, 10:00).
 */
export function scriptedDay(ChatOf: ChatClass, sites: ReportSites = SITES): Chat[] {
  const handed = (h: Handed) =>
    new ChatOf({ siteKey: h.siteKey, at: h.at, visitorId: `v-${h.at}` })
      .say(visitor, 'I would like to talk to someone')
      .route(h.queue, h.team)
      .wait((h.wait - 1) * MIN)
      .assign(h.agent)
      .wait((h.reply - h.wait - 1) * MIN)
      .say(h.agent, 'Hello, I can help')
      .rate(h.score)
      .wait((h.wait + h.handle - h.reply - 2) * MIN)
      .close();
  const botOnly = (siteKey: string, at: number) =>
    new ChatOf({ siteKey, at, visitorId: `v-${at}` }).say(visitor, 'Opening hours?').say(bot, '9 to 5');
  const at = (hours: number, minutes = 0) => REPORT_DAY + hours * HOUR + minutes * MIN;
  const support = { siteKey: sites.shop, queue: 'support', team: 'billing' };
  const sales = { siteKey: sites.boutique, queue: 'sales', team: 'advice' };
  return [
    botOnly(sites.shop, at(8)).close(),
    handed({ ...support, at: at(9), agent: ada, wait: 2, reply: 3, handle: 6, score: 5 }),
    handed({ ...support, at: at(9, 30), agent: bob, wait: 4, reply: 5, handle: 10, score: 3 }),
    handed({ ...sales, at: at(10), agent: ada, wait: 1, reply: 2, handle: 5, score: 10 }),
    handed({ ...sales, at: at(10, 15), agent: bob, wait: 3, reply: 4, handle: 8, score: 6 }),
    new ChatOf({ siteKey: sites.shop, at: at(11) })
      .say(visitor, 'Anyone there?')
      .route('support', 'billing')
      .change('offline')
      .leaveMessage({ email: 'v1@example.com', message: 'Call me back' })
      .close(),
    new ChatOf({ siteKey: sites.boutique, at: at(12) }).say(visitor, 'Hello?').change('offline').close(),
    botOnly(sites.shop, at(13)).rate(4).close(),
    botOnly(sites.shop, at(-1)).close(),
    botOnly(sites.other, at(10)).close(),
  ];
}

const rating = (
  by: string,
  key: string,
  siteKey: string,
  scale: string,
  count: number,
  average: number,
  promoters: number,
  detractors: number,
  score: number,
) => ({ by, key, siteKey, scale, count, average, promoters, detractors, score });

export function describeReportFigures(records: () => RecordsStore, ChatOf: ChatClass): void {
  describe('report', () => {
    const day: ReportFilter = {
      scope: { siteKeys: ['shop', 'boutique'] },
      from: REPORT_DAY,
      to: REPORT_DAY + DAY,
      scales: { shop: 'stars', boutique: 'nps' },
    };
    let chats: ReturnType<typeof scriptedDay> = [];
    beforeEach(async () => {
      chats = scriptedDay(ChatOf);
      await records().recordBatch(chats.map((chat) => ({ session: chat.summary, events: chat.events })));
    });

    it("leaves a silently monitored session out of the agents' own figures, not out of the volumes", async () => {
      const before = await records().report({ ...day, agentId: 'ada' });
      const watched = chats.find(
        (chat) =>
          chat.summary.siteKey === 'shop' &&
          chat.events.some((e) => e.type === 'message' && e.author.id === 'ada'),
      );
      if (!watched) throw new Error('the scripted day has no chat of Ada on the shop');
      await records().markMonitored({
        sessionId: watched.summary.id,
        siteKey: 'shop',
        at: REPORT_DAY,
        by: 'sue',
      });
      const after = await records().report({ ...day, agentId: 'ada' });
      expect(after.handling).toEqual(before.handling);
      expect(after.firstResponse.count).toBe(before.firstResponse.count - 1);
      expect(after.handlingTime.count).toBe(before.handlingTime.count - 1);
      expect(after.ratings.filter((r) => r.by === 'agent').map((r) => `${r.key}:${r.siteKey}`)).toEqual([
        'ada:boutique',
      ]);
    });

    it('counts a scripted day exactly: volume per hour, bots and humans, times, missed chats, ratings per scale', async () => {
      const report = await records().report(day);
      const hourly = Array.from({ length: 24 }, (_, hour) => ({
        at: REPORT_DAY + hour * HOUR,
        count: [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 1, 1, 1][hour] ?? 0,
      }));
      expect(report.volume).toEqual({ bucket: 'hour', points: hourly });
      expect(report.directions).toEqual([
        { direction: 'inbound', count: 8 },
        { direction: 'outbound', count: 0 },
        { direction: 'agent-initiated', count: 0 },
      ]);
      expect(report.handling).toEqual({ total: 8, botsOnly: 2, toHumans: 6 });
      // Percentiles interpolate (percentile_cont): queue waits of 1, 2, 3 and 4 minutes have a
      // median of 2.5 and a p90 of 3 + 0.7 = 3.7 minutes.
      expect(report.queueWait).toEqual({ count: 4, median: 2.5 * MIN, p90: 3.7 * MIN });
      expect(report.firstResponse).toEqual({ count: 4, median: 3.5 * MIN, p90: 4.7 * MIN });
      expect(report.handlingTime).toEqual({ count: 4, median: 7 * MIN, p90: 9.4 * MIN });
      expect(report.missed).toEqual({ total: 2, withForm: 1, withoutForm: 1 });
      // Each site on its own scale: Ada's stars on the shop and her NPS on the boutique never mix.
      expect(report.ratings).toEqual([
        rating('site', 'boutique', 'boutique', 'nps', 2, 8, 1, 1, 0),
        rating('site', 'shop', 'shop', 'stars', 3, 4, 0, 3, 4),
        rating('agent', 'ada', 'boutique', 'nps', 1, 10, 1, 0, 100),
        rating('agent', 'bob', 'boutique', 'nps', 1, 6, 0, 1, -100),
        rating('agent', 'ada', 'shop', 'stars', 1, 5, 0, 1, 5),
        rating('agent', 'bob', 'shop', 'stars', 1, 3, 0, 1, 3),
        rating('team', 'advice', 'boutique', 'nps', 2, 8, 1, 1, 0),
        rating('team', 'billing', 'shop', 'stars', 2, 4, 0, 2, 4),
        rating('queue', 'sales', 'boutique', 'nps', 2, 8, 1, 1, 0),
        rating('queue', 'support', 'shop', 'stars', 2, 4, 0, 2, 4),
      ]);
    });

    it('counts conversations by who started them (issue 15, item 5), and narrows by it', async () => {
      const at = REPORT_DAY + 14 * HOUR;
      // I (shop, 14:00): Ada starts it, the visitor answers, it closes. J (boutique, 15:00): a bot does.
      const byAda = new ChatOf({
        siteKey: 'shop',
        at,
        visitorId: 'v-ada',
        opened: { reason: 'agent-start', status: 'assigned', handler: { kind: 'agent', id: 'ada' } },
      })
        .say(ada, 'Your order has shipped. Any questions?')
        .say(visitor, 'No, thanks!')
        .close();
      const byBot = new ChatOf({
        siteKey: 'boutique',
        at: at + HOUR,
        visitorId: 'v-bot',
        opened: { reason: 'bot-start', status: 'bot', handler: { kind: 'bot', id: 'welcome' } },
      })
        .say(bot, 'Your parcel is on its way')
        .close();
      await records().recordBatch(
        [byAda, byBot].map((chat) => ({ session: chat.summary, events: chat.events })),
      );

      const report = await records().report(day);
      expect(report.directions).toEqual([
        { direction: 'inbound', count: 8 },
        { direction: 'outbound', count: 1 },
        { direction: 'agent-initiated', count: 1 },
      ]);
      expect(report.handling).toEqual({ total: 10, botsOnly: 3, toHumans: 7 });
      // Ada's own opening answers nobody: the first responses are the four of before; her chat's
      // handling (assigned at 14:01, closed at 14:04) counts.
      expect(report.firstResponse).toEqual({ count: 4, median: 3.5 * MIN, p90: 4.7 * MIN });
      expect(report.handlingTime.count).toBe(5);

      const agentInitiated = await records().report({ ...day, direction: 'agent-initiated' });
      expect(agentInitiated.handling).toEqual({ total: 1, botsOnly: 0, toHumans: 1 });
      expect(agentInitiated.handlingTime).toEqual({ count: 1, median: 3 * MIN, p90: 3 * MIN });
      expect(agentInitiated.volume.points.filter((p) => p.count > 0)).toEqual([{ at, count: 1 }]);
      expect(agentInitiated.directions.map((d) => d.count)).toEqual([0, 0, 1]);
      const outbound = await records().report({ ...day, direction: 'outbound', siteKey: 'boutique' });
      expect(outbound.handling).toEqual({ total: 1, botsOnly: 1, toHumans: 0 });
      const inbound = await records().report({ ...day, direction: 'inbound' });
      expect(inbound.handling).toEqual({ total: 8, botsOnly: 2, toHumans: 6 });
    });

    it('counts per day over a longer range, empty days as 0', async () => {
      const report = await records().report({ ...day, from: REPORT_DAY - DAY, to: REPORT_DAY + 2 * DAY });
      expect(report.volume).toEqual({
        bucket: 'day',
        points: [
          { at: REPORT_DAY - DAY, count: 1 },
          { at: REPORT_DAY, count: 8 },
          { at: REPORT_DAY + DAY, count: 0 },
        ],
      });
      expect(report.handling).toEqual({ total: 9, botsOnly: 3, toHumans: 6 });
    });

    it('narrows every figure by site, queue, team and agent, and never beyond the scope', async () => {
      const boutique = await records().report({ ...day, siteKey: 'boutique' });
      expect(boutique.handling).toEqual({ total: 3, botsOnly: 0, toHumans: 3 });
      expect(boutique.missed).toEqual({ total: 1, withForm: 0, withoutForm: 1 });
      expect(boutique.queueWait).toEqual({ count: 2, median: 2 * MIN, p90: 2.8 * MIN });
      expect(boutique.ratings.map((r) => `${r.by}:${r.key}:${r.siteKey}`)).toEqual([
        'site:boutique:boutique',
        'agent:ada:boutique',
        'agent:bob:boutique',
        'team:advice:boutique',
        'queue:sales:boutique',
      ]);

      const ada = await records().report({ ...day, agentId: 'ada' });
      expect(ada.handling).toEqual({ total: 2, botsOnly: 0, toHumans: 2 });
      expect(ada.firstResponse).toEqual({ count: 2, median: 2.5 * MIN, p90: 2.9 * MIN });
      expect(ada.handlingTime).toEqual({ count: 2, median: 5.5 * MIN, p90: 5.9 * MIN });
      expect(ada.ratings.filter((r) => r.by === 'agent').map((r) => `${r.key}:${r.siteKey}`)).toEqual([
        'ada:boutique',
        'ada:shop',
      ]);

      const support = await records().report({ ...day, queue: 'support' });
      expect(support.handling).toEqual({ total: 3, botsOnly: 0, toHumans: 3 });
      expect(support.missed).toEqual({ total: 1, withForm: 1, withoutForm: 0 });
      const advice = await records().report({ ...day, team: 'advice' });
      expect(advice.queueWait).toEqual({ count: 2, median: 2 * MIN, p90: 2.8 * MIN });

      // A site outside the scope stays out, even when asked for by name.
      const other = await records().report({ ...day, siteKey: 'other' });
      expect(other.handling).toEqual({ total: 0, botsOnly: 0, toHumans: 0 });
      expect(other.firstResponse).toEqual({ count: 0, median: null, p90: null });
      expect(other.ratings).toEqual([]);
    });
  });
}
