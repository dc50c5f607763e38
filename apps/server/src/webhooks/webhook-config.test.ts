import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { configEndpoints } from './config-endpoints.js';
import { newSecret } from './signature.js';

const secret = newSecret();
const site = (webhooks: unknown[] = []) => ({
  key: 'shop',
  allowedOrigins: ['https://shop.example'],
  entry: { bot: 'helper' },
  webhooks,
});
const hook = { id: 'crm', url: 'https://crm.example/hooks', secret, events: ['session.created'] };

describe('webhooks and HTTP bots in the config', () => {
  it('takes an HTTP bot with a url and a secret, and no token', () => {
    const config = parseConfig({
      sites: [site([hook])],
      bots: [{ id: 'helper', url: 'https://bots.example/helper', secrets: [secret, newSecret()] }],
    });
    expect(configEndpoints(config)).toEqual([
      expect.objectContaining({
        id: 'crm',
        kind: 'webhook',
        siteKey: 'shop',
        secrets: [secret],
        allowPrivate: false,
      }),
      expect.objectContaining({ id: 'bot:helper', kind: 'bot', botId: 'helper', events: [] }),
    ]);
    expect(config.webhookSettings).toEqual({
      retrySchedule: [5, 30, 120, 600, 1800, 3600],
      maxAgeHours: 24,
      timeoutSeconds: 10,
      circuitFailures: 10,
      circuitCooldownSeconds: 60,
      pollMs: 1000,
      logDays: 30,
      allowPrivate: false,
    });
  });

  it.each([
    ['a socket bot without a token', { bots: [{ id: 'helper' }] }, /socket bot has a token/],
    [
      'an HTTP bot without a secret',
      { bots: [{ id: 'helper', url: 'https://b.example/' }] },
      /one of secret or secrets/,
    ],
    [
      'three secrets',
      { bots: [{ id: 'helper', url: 'https://b.example/', secrets: [secret, secret, secret] }] },
      /at most two secrets/,
    ],
    ['a secret not in whsec_ form', { webhooks: [{ ...hook, secret: 'hunter2' }] }, /whsec_/],
    ['an unknown event', { webhooks: [{ ...hook, events: ['session.exploded'] }] }, /events/],
    ['a URL that is not http', { webhooks: [{ ...hook, url: 'ftp://crm.example/' }] }, /http or https/],
    ['two webhooks with one id', { webhooks: [hook, hook] }, /webhook id "crm" is used twice/],
  ])('refuses %s', (_name, change, message) => {
    const { webhooks, bots } = change as { webhooks?: unknown[]; bots?: unknown[] };
    expect(() =>
      parseConfig({
        sites: [site(webhooks)],
        bots: bots ?? [{ id: 'helper', token: 'a-token-of-sixteen-chars' }],
      }),
    ).toThrow(message);
  });
});
