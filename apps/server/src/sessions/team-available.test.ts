import type { SiteInfo, VisitorClientEvents, VisitorServerEvents } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAgent } from '../../test/agent.js';
import { type RunningParley, type StartOptions, startParley } from '../../test/harness.js';

/** What a new visitor's `identity` says of the site. */
async function siteAsConnected(parley: RunningParley): Promise<SiteInfo> {
  const socket: Socket<VisitorServerEvents, VisitorClientEvents> = io(`${parley.url}/visitor`, {
    transports: ['websocket'],
    extraHeaders: { origin: parley.demoOrigin },
    auth: { siteKey: 'demo' },
    forceNew: true,
  });
  try {
    return await new Promise<SiteInfo>((resolve, reject) => {
      socket.once('identity', ({ site }) => resolve(site));
      socket.once('connect_error', reject);
    });
  } finally {
    socket.close();
  }
}

describe("the team's availability in identity (issue 14)", () => {
  const running: RunningParley[] = [];
  const start = async (options: StartOptions = {}) => {
    const parley = await startParley(options);
    running.push(parley);
    return parley;
  };
  afterEach(async () => {
    for (const parley of running.splice(0)) await parley.close();
  });

  it('is away until an agent who could take the chat signs in, then online', async () => {
    const parley = await start();
    expect(await siteAsConnected(parley)).toMatchObject({ available: false, feedback: 'after-human' });
    const { socket } = await connectAgent(parley.url, 'alice@parley.demo');
    try {
      await expect.poll(async () => (await siteAsConnected(parley)).available).toBe(true);
    } finally {
      socket.close();
    }
  });

  it('tells a visitor already connected when the team comes online and leaves, live', async () => {
    const parley = await start();
    const visitor: Socket<VisitorServerEvents, VisitorClientEvents> = io(`${parley.url}/visitor`, {
      transports: ['websocket'],
      extraHeaders: { origin: parley.demoOrigin },
      auth: { siteKey: 'demo' },
      forceNew: true,
    });
    const heard: boolean[] = [];
    visitor.on('availability', ({ available }) => heard.push(available));
    try {
      const site = await new Promise<SiteInfo>((resolve) =>
        visitor.once('identity', ({ site: s }) => resolve(s)),
      );
      expect(site.available).toBe(false);
      const { socket: alice } = await connectAgent(parley.url, 'alice@parley.demo');
      await expect.poll(() => heard, { timeout: 10_000 }).toEqual([true]);
      alice.close();
      // Away again once the agent's grace after a dropped connection ends (15 s by default).
      await expect.poll(() => heard, { timeout: 30_000 }).toEqual([true, false]);
    } finally {
      visitor.close();
    }
  }, 60_000);

  it('is away outside business hours, an agent online or not, and says the reply time and rating policy', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const parley = await start({
      config: (base) => ({
        ...base,
        sites: base.sites.map((site) => ({
          ...site,
          replyTime: 'hour' as const,
          feedback: 'never' as const,
          // Closed today, in a zone whose date is UTC's.
          businessHours: { timezone: 'UTC', days: { mon: ['00:00-24:00'] }, closedDates: [today] },
        })),
      }),
    });
    const { socket } = await connectAgent(parley.url, 'alice@parley.demo');
    try {
      expect(await siteAsConnected(parley)).toMatchObject({
        available: false,
        replyTime: 'hour',
        feedback: 'never',
      });
    } finally {
      socket.close();
    }
  });

  it('is away for a site without a human queue', async () => {
    const parley = await start({
      config: (base) => ({
        ...base,
        sites: base.sites.map(({ defaultQueue: _d, fallbackQueue: _f, ...site }) => site),
      }),
    });
    const { socket } = await connectAgent(parley.url, 'alice@parley.demo');
    try {
      expect((await siteAsConnected(parley)).available).toBe(false);
    } finally {
      socket.close();
    }
  });
});
