import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from './default-config.js';
import { ConfigError, loadConfigFile, parseConfig } from './load-config.js';

const good = {
  sites: [{ key: 'shop', allowedOrigins: ['https://shop.example'], entry: { bot: 'faq' } }],
  bots: [{ id: 'faq', token: 'a-long-enough-bot-token' }],
};

describe('configuration', () => {
  it('fills in defaults', () => {
    const config = parseConfig(good);
    expect(config.sites[0]).toMatchObject({ idleTimeoutSeconds: 1800, retentionDays: 30, name: 'Support' });
    expect(config.limits).toEqual({
      eventsPer10Seconds: 50,
      botEventsPer10Seconds: 5000,
      connectionsPerMinutePerIp: 120,
      botConnectionsPerMinute: 600,
      agentConnectionsPerMinute: 300,
      failedAuthsPerMinutePerIp: 30,
      loginsPerMinutePerIp: 10,
      apiRequestsPerMinute: 600,
    });
    expect(config.trustedProxies).toEqual([]);
  });

  it('takes trusted proxies as addresses, ranges and named sets', () => {
    const proxies = ['127.0.0.1', '10.0.0.0/8', '192.168.0.0/255.255.0.0', '::1', 'fd00::/8', 'loopback'];
    expect(parseConfig({ ...good, trustedProxies: proxies }).trustedProxies).toEqual(proxies);
  });

  it('builds a valid zero-setup default', () => {
    expect(defaultConfig(['http://localhost:3001']).sites[0]?.key).toBe('demo');
  });

  it.each([
    [
      'an origin with a path',
      { ...good, sites: [{ ...good.sites[0], allowedOrigins: ['https://shop.example/'] }] },
      'sites.0.allowedOrigins.0',
    ],
    [
      'an entry bot that does not exist',
      { ...good, sites: [{ ...good.sites[0], entry: { bot: 'nobody' } }] },
      'not in bots',
    ],
    ['a short bot token', { ...good, bots: [{ id: 'faq', token: 'short' }] }, 'bots.0.token'],
    ['no sites', { sites: [] }, 'at least one site'],
    ['an unknown key', { ...good, colour: 'red' }, 'colour'],
    ['two sites with one key', { ...good, sites: [good.sites[0], good.sites[0]] }, 'used twice'],
    ['a trusted proxy that is no address', { ...good, trustedProxies: ['lb.internal'] }, 'trustedProxies.0'],
    ['a range with a bad prefix', { ...good, trustedProxies: ['10.0.0.0/33'] }, 'trustedProxies.0'],
  ])('rejects %s with a message naming it', (_, input, fragment) => {
    expect(() => parseConfig(input)).toThrow(ConfigError);
    expect(() => parseConfig(input)).toThrow(fragment);
  });

  it("takes an agent's sites as keys or with their teams and skills there (issue 15, item 4)", () => {
    const agent = { id: 'max', name: 'Max', email: 'max@shop.example' };
    const two = { ...good, sites: [good.sites[0], { ...good.sites[0], key: 'north' }] };
    const sites = ['shop', { key: 'north', teams: ['billing'], skills: ['de'] }];
    expect(parseConfig({ ...two, agents: [{ ...agent, sites }] }).agents[0]?.sites).toEqual(sites);
    for (const [bad, fragment] of [
      [['shop', { key: 'south', teams: ['billing'] }], 'works on site "south", which is not in sites'],
      [['shop', { key: 'shop' }], 'lists site "shop" twice'],
      [[{ key: 'north', team: 'billing' }], 'sites.0'],
    ] as const) {
      expect(() => parseConfig({ ...two, agents: [{ ...agent, sites: bad }] })).toThrow(fragment);
    }
  });

  it('reads a file and reports bad JSON clearly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-config-'));
    await writeFile(join(dir, 'ok.json'), JSON.stringify(good));
    await writeFile(join(dir, 'bad.json'), '{ sites: ');
    expect((await loadConfigFile(join(dir, 'ok.json'))).sites[0]?.key).toBe('shop');
    await expect(loadConfigFile(join(dir, 'bad.json'))).rejects.toThrow('not valid JSON');
    await expect(loadConfigFile(join(dir, 'missing.json'))).rejects.toThrow('Cannot read');
  });
});

describe('queues', () => {
  const withQueues = {
    ...good,
    queues: [{ id: 'faq', bot: 'faq' }, { id: 'support' }],
    sites: [{ ...good.sites[0], fallbackQueue: 'support', defaultQueue: 'support' }],
  };

  it('accepts bot and human queues and a site fallback', () => {
    const config = parseConfig(withQueues);
    expect(config.queues).toHaveLength(2);
    expect(config.sites[0]).toMatchObject({
      fallbackQueue: 'support',
      botGraceSeconds: 30,
      feedbackScale: 'stars',
    });
  });

  it('refuses a queue handled by an unknown bot, and a fallback that is not a human queue', () => {
    expect(() =>
      parseConfig({ ...withQueues, queues: [{ id: 'x', bot: 'ghost' }, { id: 'support' }] }),
    ).toThrow('not in bots');
    expect(() => parseConfig({ ...withQueues, sites: [{ ...good.sites[0], fallbackQueue: 'faq' }] })).toThrow(
      'not a human queue',
    );
  });
});

describe('agents', () => {
  const agent = {
    id: 'alice',
    name: 'Alice',
    email: 'Alice@Shop.Example',
    password: 'scrypt$16384$8$1$oaLI0Bl3ELfzWt9_joBwAQ$7nxEgJA0_UaaQnqsAULII53e2tG2gwJTknKdDGeGG98',
  };

  it('takes agents with hashed passwords, normalising the email', () => {
    const config = parseConfig({ ...good, agents: [agent] });
    expect(config.agents[0]).toMatchObject({
      email: 'alice@shop.example',
      capacity: 3,
      teams: [],
      skills: [],
    });
    expect(config.agentSettings).toEqual({
      notReadyReasons: ['break', 'lunch', 'training', 'meeting'],
      graceSeconds: 15,
      tokenHours: 12,
    });
  });

  it('refuses a plain-text password and a shared email', () => {
    expect(() => parseConfig({ ...good, agents: [{ ...agent, password: 'hunter2' }] })).toThrow(
      'hash-password',
    );
    expect(() => parseConfig({ ...good, agents: [agent, { ...agent, id: 'alice2' }] })).toThrow('used twice');
  });
});

describe('appearance', () => {
  const withAppearance = (appearance: unknown) => ({
    ...good,
    sites: [{ ...good.sites[0], appearance }],
  });

  it('is empty unless set, and keeps what a site sets', () => {
    expect(parseConfig(good).sites[0]?.appearance).toEqual({});
    const appearance = {
      color: '#0a7',
      position: 'left',
      theme: 'dark',
      launcherLabel: ' Chat with us ',
      locale: 'de-AT',
    };
    expect(parseConfig(withAppearance(appearance)).sites[0]?.appearance).toEqual({
      ...appearance,
      launcherLabel: 'Chat with us',
    });
  });

  it.each([
    ['a colour that is not hex', { color: 'red' }, 'sites.0.appearance.color'],
    ['a position other than left or right', { position: 'top' }, 'sites.0.appearance.position'],
    ['an unknown theme', { theme: 'sepia' }, 'sites.0.appearance.theme'],
    ['a blank launcher label', { launcherLabel: '  ' }, 'sites.0.appearance.launcherLabel'],
    ['a launcher label over 40 characters', { launcherLabel: 'x'.repeat(41) }, 'launcherLabel'],
    ['a locale that is no language tag', { locale: 'German' }, 'sites.0.appearance.locale'],
    ['an unknown field', { font: 'Comic Sans' }, 'font'],
  ])('rejects %s', (_, appearance, fragment) => {
    expect(() => parseConfig(withAppearance(appearance))).toThrow(fragment);
  });
});
