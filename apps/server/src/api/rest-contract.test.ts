/**
 * Issue 13: the REST API's contract, driven from its own OpenAPI document. For every operation the
 * document lists: a good request answers a documented status with a body valid against the
 * documented schema (ajv, JSON Schema 2020-12); no key, an unknown key and a revoked key get 401;
 * a key of a lower scope gets 403; bad input gets 400 `invalid_payload`. Every answer, errors
 * included, validates. An operation added without a case here fails the test.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentClient, connectAgent } from '../../test/agent.js';
import { type ApiAnswer, callApi, createApiKey } from '../../test/api.js';
import { type RunningParley, startParley } from '../../test/harness.js';
import { startReceiver, type WebhookReceiver } from '../../test/webhook-receiver.js';
import type { ApiScope } from '../records/api-key-store.js';
import { createPgliteRecords } from '../records/pglite-records.js';
import { newSecret } from '../webhooks/signature.js';
import { parseApiKey } from './api-key.js';
import type { OpenApiDocument, OpenApiOperation } from './openapi.js';

const settle = { timeout: 15_000 };

interface Call {
  path: string;
  body?: unknown;
}

let parley: RunningParley;
let document: OpenApiDocument;
const keys = {} as Record<ApiScope | 'otherSite' | 'revoked', string>;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);

/** Every session this file made (all through the API): the records hold them all, in time. */
const made = new Set<string>();

const api = async (key: string | undefined, method: string, path: string, body?: unknown) => {
  const answer = await callApi(parley.url, key, method, path, body);
  if (answer.status === 201 && answer.body.sessionId) made.add(answer.body.sessionId);
  return answer;
};

/** A fresh session of the demo site with its entry bot, made through the API. */
async function freshSession(): Promise<string> {
  const made = await api(keys.write, 'POST', '/sessions', { template: 'order' });
  if (made.status !== 201) throw new Error(`cannot make a session: ${JSON.stringify(made.body)}`);
  return made.body.sessionId;
}

let visitorId = '';

/** Alice's desk, signed in (not ready) once a case needs an agent who is there. */
let alice: AgentClient | undefined;

/** A real receiver the webhooks made here deliver to (it answers 200). */
let receiver: WebhookReceiver;
/** A webhook made through the API, and a delivery of it that the records writer put in its outbox. */
const hook = { id: '', deliveryId: '' };
const webhookBody = () => ({
  url: receiver.url,
  events: ['session.created'],
  allowPrivate: true,
  description: 'CRM',
});
/** A fresh webhook of the demo site, made through the API; resolves with its id. */
async function freshWebhook(): Promise<string> {
  const made = await api(keys.admin, 'POST', '/webhooks', { ...webhookBody(), enabled: false });
  if (made.status !== 201) throw new Error(`cannot make a webhook: ${JSON.stringify(made.body)}`);
  return made.body.webhook.id;
}

/** A good request for each operation, by operationId (made when the case runs). */
const good: Record<string, () => Promise<Call>> = {
  listSessions: async () => ({ path: '/sessions?limit=5&status=bot,closed&from=0' }),
  getSession: async () => ({ path: `/sessions/${await freshSession()}` }),
  createSession: async () => ({
    path: '/sessions',
    body: { template: 'order', params: { order: 'B-2' }, correlationId: `c-${randomUUID()}` },
  }),
  postMessage: async () => ({
    path: `/sessions/${await freshSession()}/messages`,
    body: { as: 'bot', botId: 'welcome', clientId: `c-${randomUUID()}`, text: 'Hello from the CRM' },
  }),
  routeSession: async () => ({
    path: `/sessions/${await freshSession()}/route`,
    body: { as: 'bot', botId: 'welcome', queue: 'support' },
  }),
  closeSession: async () => ({
    path: `/sessions/${await freshSession()}/close`,
    body: { as: 'bot', botId: 'welcome' },
  }),
  labelSession: async () => ({
    path: `/sessions/${await freshSession()}/labels`,
    body: { add: ['vip', 'Refund'], remove: ['new'] },
  }),
  sessionFeedback: async () => ({
    path: `/sessions/${await freshSession()}/feedback`,
    body: { as: 'bot', botId: 'welcome', clientId: `c-${randomUUID()}`, score: 5 },
  }),
  uploadFile: async () => ({
    path: `/sessions/${await freshSession()}/files`,
    body: {
      as: 'bot',
      botId: 'welcome',
      name: 'notes.txt',
      data: Buffer.from('Order B-2: shipped').toString('base64'),
    },
  }),
  getFileLink: async () => {
    const sessionId = await freshSession();
    const body = {
      as: 'bot',
      botId: 'welcome',
      name: 'notes.txt',
      data: Buffer.from('hello').toString('base64'),
    };
    const uploaded = await api(keys.write, 'POST', `/sessions/${sessionId}/files`, body);
    return { path: `/files/${uploaded.body.attachment.id}/link` };
  },
  getVisitor: async () => ({ path: `/visitors/${visitorId}` }),
  exportVisitor: async () => ({ path: `/visitors/${visitorId}/export` }),
  // A visitor of the site's own, made for this (an unknown one is not found), whose session then
  // leaves the session list: it is not one of those the list must show.
  eraseVisitor: async () => {
    const sessionId = await freshSession();
    made.delete(sessionId);
    const session = await api(keys.read, 'GET', `/sessions/${sessionId}`);
    return { path: `/visitors/${session.body.session.visitorId}` };
  },
  listOfflineMessages: async () => ({ path: '/offline-messages?limit=10' }),
  listPresence: async () => ({ path: '/agents/presence' }),
  getReport: async () => ({ path: `/reports?from=${Date.now() - 86_400_000}&queue=support&agent=ada` }),
  getTeam: async () => ({ path: '/team' }),
  // Nobody is signed in here: an agent may only be set offline.
  assignPresence: async () => ({ path: '/agents/bob/presence', body: { status: 'offline' } }),
  reassignSession: async () => {
    alice ??= (await connectAgent(parley.url, 'alice@parley.demo')).socket;
    // Alice is signed in but not ready: the routed chat waits in the queue, to be given to her.
    const sessionId = await freshSession();
    await api(keys.write, 'POST', `/sessions/${sessionId}/route`, {
      as: 'bot',
      botId: 'welcome',
      queue: 'support',
    });
    return { path: `/sessions/${sessionId}/reassign`, body: { agent: 'alice' } };
  },
  createApiKey: async () => ({ path: '/api-keys', body: { name: 'reporting', scope: 'read' } }),
  listApiKeys: async () => ({ path: '/api-keys' }),
  revokeApiKey: async () => {
    const made = await api(keys.admin, 'POST', '/api-keys', { name: 'short-lived', scope: 'read' });
    return { path: `/api-keys/${made.body.apiKey.id}` };
  },
  listWebhooks: async () => ({ path: '/webhooks' }),
  createWebhook: async () => ({ path: '/webhooks', body: webhookBody() }),
  getWebhook: async () => ({ path: `/webhooks/${hook.id}` }),
  updateWebhook: async () => ({
    path: `/webhooks/${await freshWebhook()}`,
    body: { description: 'CRM (staging)', events: ['session.created', 'session.changed'] },
  }),
  deleteWebhook: async () => ({ path: `/webhooks/${await freshWebhook()}` }),
  listWebhookDeliveries: async () => ({
    path: `/webhooks/${hook.id}/deliveries?limit=5&eventType=session.created`,
  }),
  getWebhookDelivery: async () => ({ path: `/webhooks/${hook.id}/deliveries/${hook.deliveryId}` }),
  redeliverWebhookDelivery: async () => ({
    path: `/webhooks/${hook.id}/deliveries/${hook.deliveryId}/redeliver`,
  }),
};

const operations = () =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

/** Checks an answer against what the operation documents for its status. */
function expectDocumented(op: OpenApiOperation, answer: ApiAnswer): void {
  const documented = op.responses[String(answer.status)];
  expect(
    documented,
    `${op.operationId} answered an undocumented ${answer.status}: ${JSON.stringify(answer.body)}`,
  ).toBeDefined();
  const schema = documented?.content['application/json'].schema as { $ref?: string };
  const resolved = schema.$ref ? document.components.schemas.Error : schema;
  const validate = ajv.compile(resolved as object);
  expect(
    validate(answer.body),
    `${op.operationId} ${answer.status}: ${ajv.errorsText(validate.errors)}`,
  ).toBe(true);
}

/** The same path with every `{param}` filled from a good call's path (same shape). */
const withBadInput = (op: OpenApiOperation, call: Call): Call | undefined => {
  if (op.requestBody) return { path: call.path, body: { bogus: true } };
  if (op.parameters.some((p) => p.in === 'query')) return { path: `${call.path.split('?')[0]}?bogus=1` };
  if (op.parameters.some((p) => p.in === 'path')) {
    return { path: call.path.replace(/\/[^/]+(\/[a-z]+)?$/, '/not%20an%20id!$1') };
  }
  return undefined;
};

beforeAll(async () => {
  receiver = await startReceiver();
  parley = await startParley({
    withRecords: true,
    withFiles: true,
    config: (base) => {
      const demo = base.sites[0];
      if (!demo) throw new Error('no demo site');
      // This file sends some 60 bad keys from one address; the limit on those has a test of its own.
      return {
        ...base,
        sites: [
          // A webhook from the config file: read-only through the API.
          {
            ...demo,
            webhooks: [
              {
                id: 'from_file',
                url: receiver.url,
                secret: newSecret(),
                events: ['session.created'],
                allowPrivate: true,
              },
            ],
          },
          ...base.sites.slice(1),
          { ...demo, key: 'other' },
        ],
        limits: { ...base.limits, failedAuthsPerMinutePerIp: 10_000 },
        // The receiver is on 127.0.0.1: webhooks made over the API may reach it only so.
        webhookSettings: { ...base.webhookSettings, pollMs: 20, allowPrivate: true },
      };
    },
  });
  const records = parley.records;
  if (!records) throw new Error('the server keeps records');
  for (const scope of ['read', 'write', 'admin'] as const)
    keys[scope] = await createApiKey(records, 'demo', scope);
  keys.otherSite = await createApiKey(records, 'other', 'admin');
  keys.revoked = await createApiKey(records, 'demo', 'admin');
  await records.apiKeys.revoke(keys.revoked.slice(3, 19), Date.now());

  const response = await fetch(`${parley.url}/api/v1/openapi.json`);
  if (response.status !== 200) throw new Error(`openapi.json answered ${response.status}`);
  document = (await response.json()) as OpenApiDocument;

  const made = await api(keys.write, 'POST', '/sessions', {
    template: 'order',
    visitor: { userId: 'ada', name: 'Ada' },
  });
  const session = await api(keys.read, 'GET', `/sessions/${made.body.sessionId}`);
  visitorId = session.body.session.visitorId;
  // The records are written behind the live store.
  while ((await api(keys.read, 'GET', `/visitors/${visitorId}`)).status !== 200) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  // A webhook of the site, and a session whose creation it is told of: a delivery in its log.
  const webhook = await api(keys.admin, 'POST', '/webhooks', webhookBody());
  hook.id = webhook.body.webhook.id;
  await freshSession();
  for (;;) {
    const page = await api(keys.read, 'GET', `/webhooks/${hook.id}/deliveries`);
    hook.deliveryId = page.body.deliveries?.[0]?.id ?? '';
    if (hook.deliveryId) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}, 60_000);

afterAll(async () => {
  alice?.close();
  await parley?.close();
  await receiver?.close();
});

describe('the REST API contract, from its OpenAPI document', () => {
  it('is an OpenAPI 3.1 document whose every operation has a case here', () => {
    expect(document.openapi).toBe('3.1.0');
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.length).toBeGreaterThanOrEqual(15);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !(id in good))).toEqual([]);
  });

  it('answers every operation as documented, and refuses missing, unknown, revoked and too-weak keys', async () => {
    const unknownKey = `pk_${'0'.repeat(16)}_${'A'.repeat(43)}`;
    for (const { method, op } of operations()) {
      const scope = op['x-scope'] as ApiScope;
      const call = await good[op.operationId]?.();
      if (!call) throw new Error(`no case for ${op.operationId}`);

      for (const key of [undefined, 'not-a-key', unknownKey, keys.revoked]) {
        const refused = await api(key, method, call.path, call.body);
        expect(refused.status, `${op.operationId} with key ${key}`).toBe(401);
        expect(refused.body.error.code).toBe('unauthorized');
        expectDocumented(op, refused);
      }
      const weaker = scope === 'admin' ? keys.write : scope === 'write' ? keys.read : undefined;
      if (weaker) {
        const forbidden = await api(weaker, method, call.path, call.body);
        expect(forbidden.status, op.operationId).toBe(403);
        expect(forbidden.body.error.code).toBe('forbidden');
        expectDocumented(op, forbidden);
      }

      const bad = withBadInput(op, call);
      if (bad) {
        const refused = await api(keys[scope], method, bad.path, bad.body);
        expect(refused.status, `${op.operationId} with bad input ${JSON.stringify(bad)}`).toBe(400);
        expect(refused.body.error.code).toBe('invalid_payload');
        expectDocumented(op, refused);
      }

      const answer = await api(keys[scope], method, call.path, call.body);
      expect(answer.status, `${op.operationId}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
      expect(answer.body.ok).toBe(true);
      expectDocumented(op, answer);
    }
  });

  it("keeps sites apart: another site's key finds none of this site's sessions, visitors or keys", async () => {
    const sessionId = await freshSession();
    for (const [method, path, body] of [
      ['GET', `/sessions/${sessionId}`, undefined],
      ['POST', `/sessions/${sessionId}/close`, { as: 'bot', botId: 'welcome' }],
      ['GET', `/visitors/${visitorId}`, undefined],
      // Another site's admin may neither read everything kept of this site's visitor nor erase them.
      ['GET', `/visitors/${visitorId}/export`, undefined],
      ['DELETE', `/visitors/${visitorId}`, undefined],
      ['DELETE', `/api-keys/${keys.read.slice(3, 19)}`, undefined],
    ] as const) {
      const answer = await api(keys.otherSite, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
    expect((await api(keys.otherSite, 'GET', '/sessions')).body.sessions).toEqual([]);
    expect((await api(keys.read, 'GET', `/sessions/${sessionId}`)).body.session.status).toBe('bot');
    // The visitor is untouched: in the records, and live (their session is still there).
    expect((await api(keys.read, 'GET', `/visitors/${visitorId}`)).body.visitor.erasedAt).toBeNull();
    const [latest] = await parley.store.visitorSessions(visitorId, 1);
    expect(latest?.siteKey).toBe('demo');
  });

  it('answers unknown routes, malformed JSON and bad cursors with typed errors', async () => {
    const unknown = await api(keys.read, 'GET', '/nothing-here');
    expect(unknown).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not_found' } } });
    const response = await fetch(`${parley.url}/api/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
      body: '{"template": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    for (const path of [
      '/sessions?cursor=nope',
      '/offline-messages?cursor=nope',
      '/sessions?from=tomorrow',
      // Past the latest time a Date holds, and before the epoch: no time at all.
      '/sessions?from=8640000000000001',
      '/reports?to=1969-07-20',
      // A cursor of the right shape whose time is no time (tampered).
      `/offline-messages?cursor=${Buffer.from(JSON.stringify([1e20, "' OR '1'='1"])).toString('base64url')}`,
    ]) {
      const answer = await api(keys.read, 'GET', path);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error.code).toBe('invalid_payload');
    }
    const noTemplate = await api(keys.write, 'POST', '/sessions', { template: 'nope' });
    expect(noTemplate.status).toBe(404);
  });

  // Found by a security pass: a NUL reached PostgreSQL (503, and an error logged with its stack);
  // Fastify's router and Node's parser answered in Fastify's own shape, naming its codes.
  it('answers a NUL, a path that is no URL and malformed HTTP with typed errors', async () => {
    for (const path of ['/sessions?q=%00', '/sessions/abc%00', '/webhooks/x/deliveries?sessionId=%00']) {
      const answer = await api(keys.read, 'GET', path);
      expect({ path, status: answer.status, body: answer.body }).toMatchObject({
        path,
        status: 400,
        body: { ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('NUL') } },
      });
    }
    for (const path of ['/api/v1/sessions/%ff%fe', '/files/v1/%ff/link']) {
      const response = await fetch(`${parley.url}${path}`, {
        headers: { authorization: `Bearer ${keys.read}` },
      });
      expect(response.status, path).toBe(400);
      expect(await response.json(), path).toEqual({
        ok: false,
        error: { code: 'invalid_payload', message: expect.not.stringContaining('FST_') },
      });
    }
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(new URL(parley.url).port), '127.0.0.1', () => socket.end(request));
        let answer = '';
        socket.on('data', (chunk) => {
          answer += chunk.toString();
        });
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
      });
    const tooBig = await raw(
      `GET /api/v1/sessions HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(tooBig).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(tooBig.slice(tooBig.indexOf('\r\n\r\n') + 4))).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large' },
    });
    const twoWays = await raw(
      'POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n{}',
    );
    expect(twoWays).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(twoWays.slice(twoWays.indexOf('\r\n\r\n') + 4))).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    // And the server is still there.
    expect((await api(keys.read, 'GET', '/agents/presence')).status).toBe(200);
  });

  it('pages the session list with its cursor, each session once', async () => {
    for (let i = 0; i < 3; i++) await freshSession();
    // Once the records writer caught up with every session made, the list stands still.
    await expect
      .poll(async () => (await api(keys.read, 'GET', '/sessions')).body.total, settle)
      .toBe(made.size);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiAnswer = await api(
        keys.read,
        'GET',
        `/sessions?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.sessions.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.sessions.map((s: { id: string }) => s.id));
      cursor = page.body.next;
    } while (cursor);
    const { total } = (await api(keys.read, 'GET', '/sessions')).body;
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('creates a key shown once, lists it without its secret, and refuses it once revoked', async () => {
    const made = await api(keys.admin, 'POST', '/api-keys', { name: 'bi export', scope: 'read' });
    expect(made.status).toBe(201);
    const { key, apiKey } = made.body;
    expect(key).toMatch(/^pk_[0-9a-f]{16}_/);
    expect((await api(key, 'GET', '/agents/presence')).status).toBe(200);
    const listed = await api(keys.admin, 'GET', '/api-keys');
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(20));
    expect(listed.body.keys.find((k: { id: string }) => k.id === apiKey.id)).toMatchObject({
      name: 'bi export',
      scope: 'read',
    });
    expect((await api(keys.admin, 'DELETE', `/api-keys/${apiKey.id}`)).body.apiKey.revokedAt).toEqual(
      expect.any(Number),
    );
    expect((await api(key, 'GET', '/agents/presence')).status).toBe(401);
  });

  it("shows a webhook's secrets only when it is made, keeps the config file's read-only and sites apart", async () => {
    const made = await api(keys.admin, 'POST', '/webhooks', webhookBody());
    expect(made.status).toBe(201);
    const { id, secrets } = made.body.webhook;
    expect(secrets).toEqual([expect.stringMatching(/^whsec_/)]);
    const secret = secrets[0].slice('whsec_'.length);
    const shown = await api(keys.read, 'GET', `/webhooks/${id}`);
    expect(shown.body.webhook).toMatchObject({ id, source: 'api', secretCount: 1, enabled: true });
    expect(JSON.stringify(shown.body)).not.toContain(secret);
    const listed = await api(keys.read, 'GET', '/webhooks');
    expect(listed.body.webhooks.map((w: { id: string }) => w.id)).toEqual(
      expect.arrayContaining([id, hook.id, 'from_file']),
    );
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    // Nor a password in its URL (found by a security pass: every read key saw it).
    const guarded = new URL(receiver.url);
    guarded.username = 'crm';
    guarded.password = 's3cret-pass';
    const withPassword = await api(keys.admin, 'POST', '/webhooks', {
      ...webhookBody(),
      url: guarded.href,
      enabled: false,
    });
    expect(withPassword.status).toBe(201);
    const masked = guarded.href.replace('s3cret-pass', '****');
    expect(withPassword.body.webhook.url).toBe(masked);
    const read = await api(keys.read, 'GET', `/webhooks/${withPassword.body.webhook.id}`);
    expect(read.body.webhook.url).toBe(masked);
    expect(JSON.stringify((await api(keys.read, 'GET', '/webhooks')).body)).not.toContain('s3cret-pass');
    await api(keys.admin, 'DELETE', `/webhooks/${withPassword.body.webhook.id}`);
    // A rotation: two secrets sign every request; still neither is shown.
    const rotated = await api(keys.admin, 'PATCH', `/webhooks/${id}`, {
      secrets: [`whsec_${Buffer.alloc(24, 7).toString('base64')}`, secrets[0]],
    });
    expect(rotated.body.webhook.secretCount).toBe(2);
    expect(JSON.stringify(rotated.body)).not.toContain(secret);
    const nothing = await api(keys.admin, 'PATCH', `/webhooks/${id}`, {});
    expect(nothing).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });

    expect((await api(keys.read, 'GET', '/webhooks/from_file')).body.webhook.source).toBe('config');
    for (const [method, body] of [
      ['PATCH', { enabled: false }],
      ['DELETE', undefined],
    ] as const) {
      const refused = await api(keys.admin, method, '/webhooks/from_file', body);
      expect(refused, method).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    }
    expect((await api(keys.read, 'GET', '/webhooks/from_file')).body.webhook.enabled).toBe(true);

    for (const [method, path] of [
      ['GET', `/webhooks/${id}`],
      ['DELETE', `/webhooks/${id}`],
      ['GET', `/webhooks/${hook.id}/deliveries`],
      ['GET', `/webhooks/${hook.id}/deliveries/${hook.deliveryId}`],
      ['POST', `/webhooks/${hook.id}/deliveries/${hook.deliveryId}/redeliver`],
    ] as const) {
      const answer = await api(keys.otherSite, method, path);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
    expect((await api(keys.otherSite, 'GET', '/webhooks')).body.webhooks).toEqual([]);

    expect((await api(keys.admin, 'DELETE', `/webhooks/${id}`)).body).toEqual({ ok: true, deleted: true });
    expect((await api(keys.read, 'GET', `/webhooks/${id}`)).status).toBe(404);
  });

  it('redelivers a delivery to the receiver under its webhook-id, one more attempt in its log', async () => {
    const path = `/webhooks/${hook.id}/deliveries/${hook.deliveryId}`;
    await expect
      .poll(async () => (await api(keys.read, 'GET', path)).body.delivery.state, settle)
      .toBe('delivered');
    const before = (await api(keys.read, 'GET', path)).body.delivery;
    const sent = receiver.received.filter((r) => r.headers['webhook-id'] === hook.deliveryId).length;
    const again = await api(keys.admin, 'POST', `${path}/redeliver`);
    expect(again.status).toBe(200);
    expect(again.body.delivery.log).toHaveLength(before.log.length + 1);
    expect(again.body.delivery.log.at(-1)).toMatchObject({ status: 200, redelivery: true });
    expect(receiver.received.filter((r) => r.headers['webhook-id'] === hook.deliveryId)).toHaveLength(
      sent + 1,
    );
    const filtered = await api(keys.read, 'GET', `/webhooks/${hook.id}/deliveries?state=failed`);
    expect(filtered.body.deliveries.map((d: { id: string }) => d.id)).not.toContain(hook.deliveryId);
    for (const query of ['limit=1000', 'before=nope', 'state=lost']) {
      const bad = await api(keys.read, 'GET', `/webhooks/${hook.id}/deliveries?${query}`);
      expect(bad, query).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
    }
    // Pages: `next` passed back as `before`, each delivery once.
    const first = await api(keys.read, 'GET', `/webhooks/${hook.id}/deliveries?limit=2`);
    expect(first.body.deliveries).toHaveLength(2);
    const second = await api(
      keys.read,
      'GET',
      `/webhooks/${hook.id}/deliveries?limit=2&before=${first.body.next}`,
    );
    const ids = [...first.body.deliveries, ...second.body.deliveries].map((d: { id: string }) => d.id);
    expect(second.body.deliveries.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('serves a readable reference of the same document at /api/docs, with no outside resource', async () => {
    const response = await fetch(`${parley.url}/api/docs`);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    for (const { path, op } of operations()) {
      expect(html).toContain(`/api/v1${path}`);
      expect(html).toContain(`id="${op.operationId}"`);
    }
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
  });
});

// A server of its own (PGlite starts in seconds on a busy machine).
describe('the REST API rate limit', { timeout: 60_000 }, () => {
  it('refuses a key past its requests per minute, and an address past its bad keys, with 429 and Retry-After', async () => {
    const limited = await startParley({
      withRecords: true,
      config: (base) => ({
        ...base,
        limits: { ...base.limits, apiRequestsPerMinute: 3, failedAuthsPerMinutePerIp: 2 },
      }),
    });
    try {
      const records = limited.records;
      if (!records) throw new Error('the server keeps records');
      const busy = await createApiKey(records, 'demo', 'read');
      const calm = await createApiKey(records, 'demo', 'read');
      const fresh = await createApiKey(records, 'demo', 'read');
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await callApi(limited.url, busy, 'GET', '/agents/presence')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await callApi(limited.url, busy, 'GET', '/agents/presence');
      expect(refused.body.error.code).toBe('rate_limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await callApi(limited.url, calm, 'GET', '/agents/presence')).status).toBe(200);

      // Bad keys from one address: refused, then (past its budget) the address is, but for the
      // keys that got in from it this minute (another client behind the same NAT keeps working).
      const unknown = `pk_${'0'.repeat(16)}_${'A'.repeat(43)}`;
      const guesses = [];
      for (let i = 0; i < 3; i++)
        guesses.push((await callApi(limited.url, unknown, 'GET', '/sessions')).status);
      expect(guesses).toEqual([401, 401, 429]);
      const blocked = await callApi(limited.url, fresh, 'GET', '/agents/presence');
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await callApi(limited.url, calm, 'GET', '/agents/presence')).status).toBe(200);
      // Only the whole key it used: its id with another secret is a guess like any other.
      const calmId = parseApiKey(calm)?.id ?? '';
      const forged = calm.replace(parseApiKey(calm)?.secret ?? '', 'B'.repeat(43));
      expect(forged).not.toBe(calm);
      expect((await callApi(limited.url, forged, 'GET', '/agents/presence')).status).toBe(429);
      // Revoked meanwhile, it gets in no more.
      await records.apiKeys.revoke(calmId, Date.now());
      expect((await callApi(limited.url, calm, 'GET', '/agents/presence')).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('the REST API when its storage fails', { timeout: 60_000 }, () => {
  it('answers 503 unavailable, and stays up', async () => {
    // Records of the test's own, which it closes (the harness closes only those it opened).
    const records = await createPgliteRecords();
    const broken = await startParley({ withRecords: true, records });
    try {
      const key = await createApiKey(records, 'demo', 'admin');
      expect((await callApi(broken.url, key, 'GET', '/agents/presence')).status).toBe(200);
      // The records' database goes away under the running server.
      await records.close();
      for (const [method, path] of [
        ['GET', '/agents/presence'],
        ['GET', '/sessions'],
        ['POST', '/api-keys'],
      ] as const) {
        const body = method === 'POST' ? { name: 'x', scope: 'read' } : undefined;
        const answer = await callApi(broken.url, key, method, path, body);
        expect(answer.status, path).toBe(503);
        expect(answer.body).toEqual({
          ok: false,
          error: { code: 'unavailable', message: expect.any(String) },
        });
      }
      expect((await fetch(`${broken.url}/healthz`)).status).toBe(200);
    } finally {
      await broken.close();
    }
  });

  it('answers 503 unavailable without records, where API keys live', async () => {
    const bare = await startParley();
    try {
      const answer = await callApi(bare.url, `pk_${'0'.repeat(16)}_${'A'.repeat(43)}`, 'GET', '/sessions');
      expect(answer).toMatchObject({ status: 503, body: { ok: false, error: { code: 'unavailable' } } });
      expect((await callApi(bare.url, undefined, 'GET', '/sessions')).status).toBe(401);
    } finally {
      await bare.close();
    }
  });
});
