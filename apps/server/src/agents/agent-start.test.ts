/**
 * Issue 15, item 5, agent-initiated conversations: the real server (memory store, PGlite records,
 * the email consumer) with real desks and widgets' sockets, and a real SMTP server. An agent
 * starts a conversation with a visitor seen before: mailed when the visitor has no widget open,
 * live when they have; the widget that connects later syncs it; refusals are typed and change
 * nothing; every start is audited, and the records count it `agent-initiated`.
 */
import { Writable } from 'node:stream';
import type { AckResult, SessionEvent, SessionSync } from '@parley/protocol';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentClient, connectAgent, nextAgentEvent } from '../../test/agent.js';
import { callApi, createApiKey } from '../../test/api.js';
import { type RunningParley, startParley } from '../../test/harness.js';
import { startSmtp, type TestSmtp } from '../../test/smtp-server.js';
import { TEAM, twoSiteTeam } from '../../test/two-site-team.js';
import { connectVisitor, next, syncAll, type VisitorClient } from '../../test/visitor.js';
import type { ParleyConfig } from '../config/config-schema.js';
import { RECORDS_CONSUMER } from '../consumers/records-writer.js';
import { EMAIL_CONSUMER } from '../email/offline-mailer.js';
import { createMemoryStore } from '../store/memory-store.js';

const SITE_URL = 'https://shop.example/account';
const TYPED = 'Your parcel shipped. <b>Any</b> questions?';

/** The two-site team, the demo site mailing through the test's SMTP server, with its address. */
const config =
  (port: number) =>
  (base: ParleyConfig): ParleyConfig => {
    const team = twoSiteTeam(base);
    return {
      ...team,
      email: { smtp: { host: '127.0.0.1', port, secure: false }, from: 'Shop <noreply@shop.example>' },
      sites: team.sites.map((s) =>
        s.key === 'demo'
          ? {
              ...s,
              name: 'Shop',
              email: { team: 'support@shop.example', transcripts: true, siteUrl: SITE_URL },
            }
          : s,
      ),
    };
  };

type Start = { visitorId?: unknown; siteKey?: unknown; message?: unknown; [key: string]: unknown };
const start = (desk: AgentClient, payload: Start): Promise<AckResult<SessionSync>> =>
  (desk.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<AckResult<SessionSync>>)(
    'session.start',
    payload,
  );

const until = async (done: () => Promise<boolean> | boolean) => {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('agent-initiated conversations (issue 15, item 5)', { timeout: 60_000 }, () => {
  let smtp: TestSmtp;
  let parley: RunningParley;
  let bob: AgentClient;
  let nina: AgentClient;
  const sockets: VisitorClient[] = [];
  /** What the email consumer logged, as parsed pino lines. */
  const logged: Array<{ msg: string; sessionId?: string }> = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(JSON.parse(chunk.toString()));
        done();
      },
    }),
  );

  beforeAll(async () => {
    smtp = await startSmtp();
    parley = await startParley({
      config: config(smtp.port),
      store: createMemoryStore({ consumers: [RECORDS_CONSUMER, EMAIL_CONSUMER] }),
      withRecords: true,
      emailIdleMs: 20,
      logger,
    });
    bob = (await connectAgent(parley.url, TEAM.bob.email)).socket;
    nina = (await connectAgent(parley.url, TEAM.nina.email)).socket;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    bob.close();
    nina.close();
    await parley.close();
    await smtp.close();
  });

  /** A visitor of the demo site who chatted once (identified with an email) and whose chat ended. */
  const seenBefore = async (email: string) => {
    const visitor = await connectVisitor(parley.url, { siteKey: 'demo', origin: parley.demoOrigin });
    sockets.push(visitor.socket);
    const said = await visitor.socket
      .timeout(5000)
      .emitWithAck('visitor.identify', { userId: email, name: 'Grace', email });
    expect(said).toMatchObject({ ok: true });
    const opened = await visitor.socket.timeout(5000).emitWithAck('session.open', {});
    if (!opened.ok) throw new Error(opened.error.message);
    const closed = await visitor.socket
      .timeout(5000)
      .emitWithAck('session.close', { sessionId: opened.session.id });
    expect(closed).toMatchObject({ ok: true });
    return visitor;
  };

  /** Whether the visitor has a widget connected to the server. */
  const online = async (visitorId: string) =>
    (await parley.server.io.of('/visitor').in(`visitor:${visitorId}`).fetchSockets()).length > 0;

  const sessionsOf = async (visitorId: string) => parley.store.visitorSessions(visitorId, 50);

  /** The direction the records give a session, once the records writer reached it. */
  const recordedDirection = async (sessionId: string) => {
    await until(async () => (await parley.records?.transcript(sessionId)) !== null);
    return (await parley.records?.transcript(sessionId))?.session.direction;
  };

  it('mails a visitor who is away, and their widget syncs the chat when they come back', async () => {
    const visitor = await seenBefore('grace@example.com');
    visitor.socket.close();
    await until(async () => !(await online(visitor.visitorId)));
    const mailsBefore = smtp.received.length;

    const created = nextAgentEvent(bob, 'session.created');
    const started = await start(bob, { visitorId: visitor.visitorId, message: `  ${TYPED}  ` });
    if (!started.ok) throw new Error(started.error.message);
    const sessionId = started.session.id;
    expect(started.session).toMatchObject({
      siteKey: 'demo',
      visitorId: visitor.visitorId,
      status: 'assigned',
      handler: { kind: 'agent', id: 'bob' },
      visitor: { email: 'grace@example.com' },
    });
    expect(started.events).toMatchObject([
      { type: 'session.changed', from: 'created', to: 'assigned', reason: 'agent-start' },
      { type: 'message', text: TYPED, author: { role: 'agent', id: 'bob', name: 'Bob Okafor' } },
    ]);
    // Every desk of bob's lists the new chat.
    expect((await created).session.id).toBe(sessionId);

    const [mail] = (await smtp.waitFor(mailsBefore + 1)).slice(mailsBefore);
    expect(mail?.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined).toBe(
      'grace@example.com',
    );
    expect(mail?.subject).toBe('A message from Bob Okafor of Shop');
    expect(mail?.text).toContain(TYPED);
    expect(mail?.text).toContain(SITE_URL);
    expect(String(mail?.html)).toContain(`href="${SITE_URL}"`);
    expect(String(mail?.html)).toContain('&lt;b&gt;Any&lt;/b&gt;');

    // Back on the site with their token: the widget's sync has the chat, opening on bob's message.
    const back = await connectVisitor(parley.url, {
      siteKey: 'demo',
      origin: parley.demoOrigin,
      token: visitor.token,
    });
    sockets.push(back.socket);
    expect(back.visitorId).toBe(visitor.visitorId);
    const synced = (await syncAll(back.socket)).find((s) => s.session.id === sessionId);
    expect(synced?.session.status).toBe('assigned');
    expect(synced?.events.find((e) => e.type === 'message')).toMatchObject({ text: TYPED });

    // They answer, and bob hears it.
    const heard = nextAgentEvent(
      bob,
      'session.event',
      (e) => e.type === 'message' && e.sessionId === sessionId,
    );
    const answer = await back.socket
      .timeout(5000)
      .emitWithAck('message.send', { sessionId, clientId: 'answer-000001', text: 'Thanks!' });
    expect(answer).toMatchObject({ ok: true, sessionId });
    expect(await heard).toMatchObject({ text: 'Thanks!', author: { role: 'visitor' } });

    // Audited, and recorded as agent-initiated.
    const audit = await parley.records?.listAudit({});
    expect(audit?.entries).toContainEqual(
      expect.objectContaining({
        actor: expect.objectContaining({ kind: 'agent', id: 'bob' }),
        action: 'session.start',
        target: { kind: 'visitor', id: visitor.visitorId },
        siteKey: 'demo',
        details: { sessionId },
      }),
    );
    expect(await recordedDirection(sessionId)).toBe('agent-initiated');
    const earlier = (await sessionsOf(visitor.visitorId)).find((s) => s.id !== sessionId);
    expect(await recordedDirection(earlier?.id ?? '')).toBe('inbound');
  });

  it('sends no mail to a visitor whose widget is open: the chat reaches it live', async () => {
    const visitor = await seenBefore('lin@example.com');
    const mailsBefore = smtp.received.length;
    const live = next(visitor.socket, 'session.event', (e) => e.type === 'message');
    const started = await start(bob, {
      visitorId: visitor.visitorId,
      siteKey: 'demo',
      message: 'Hello again',
    });
    if (!started.ok) throw new Error(started.error.message);
    const event: SessionEvent = await live;
    expect(event).toMatchObject({ sessionId: started.session.id, text: 'Hello again' });
    // The email consumer reached the message, found the widget open, and sent nothing.
    const decided = (msg: string) =>
      logged.find((line) => line.sessionId === started.session.id && line.msg.startsWith(msg));
    await until(() => decided('agent-started conversation') !== undefined);
    expect(decided('agent-started conversation')?.msg).toBe('agent-started conversation shown live');
    expect(smtp.received.length).toBe(mailsBefore);
  });

  it('records a session the REST API started as outbound', async () => {
    const visitor = await seenBefore('api@example.com');
    if (!parley.records) throw new Error('records expected');
    const key = await createApiKey(parley.records, 'demo', 'write');
    const created = await callApi(parley.url, key, 'POST', '/sessions', {
      template: 'order',
      visitor: { visitorId: visitor.visitorId },
    });
    expect(created.status).toBe(201);
    const { sessionId } = created.body as { sessionId: string };
    expect(await recordedDirection(sessionId)).toBe('outbound');
  });

  it('refuses, typed and changing nothing: unknown visitor, other site, open session, bad input', async () => {
    const visitor = await seenBefore('kim@example.com');
    const before = await sessionsOf(visitor.visitorId);
    const audited = async () =>
      (await parley.records?.listAudit({}))?.entries.filter((e) => e.action === 'session.start').length;
    const auditBefore = await audited();
    const refused = async (desk: AgentClient, payload: Start, code: string) => {
      const answer = await start(desk, payload);
      expect(answer, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code } });
    };

    await refused(bob, { visitorId: 'nobody-ever-seen', message: 'Hi' }, 'not_found');
    await refused(bob, { visitorId: visitor.visitorId, siteKey: 'north', message: 'Hi' }, 'forbidden');
    // Nina works on north only: a demo visitor is not hers to contact, named or not.
    await refused(nina, { visitorId: visitor.visitorId, message: 'Hi' }, 'forbidden');
    await refused(nina, { visitorId: visitor.visitorId, siteKey: 'demo', message: 'Hi' }, 'forbidden');
    await refused(bob, { visitorId: visitor.visitorId, message: '   ' }, 'invalid_payload');
    await refused(bob, { visitorId: visitor.visitorId }, 'invalid_payload');
    await refused(bob, { visitorId: visitor.visitorId, message: 'Hi', extra: 1 }, 'invalid_payload');
    await refused(bob, { message: 'Hi' }, 'invalid_payload');
    expect(await sessionsOf(visitor.visitorId)).toEqual(before);

    // With a chat open, a second start is a conflict, and the open chat stays as it was.
    const first = await start(bob, { visitorId: visitor.visitorId, message: 'First' });
    if (!first.ok) throw new Error(first.error.message);
    const opened = await sessionsOf(visitor.visitorId);
    await refused(bob, { visitorId: visitor.visitorId, message: 'Second' }, 'conflict');
    expect(await sessionsOf(visitor.visitorId)).toEqual(opened);
    expect(await audited()).toBe((auditBefore ?? 0) + 1);
  });
});
