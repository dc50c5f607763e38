import type { AckResult, Report } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentClient, connectAgent } from '../../test/agent.js';
import { callApi, createApiKey } from '../../test/api.js';
import { type RunningParley, startParley } from '../../test/harness.js';
import { connectVisitor, type VisitorClient } from '../../test/visitor.js';
import { canReadReports } from './report-service.js';

const DAY = 24 * 60 * 60 * 1000;

describe('reports: who may read them', { timeout: 60_000 }, () => {
  let parley: RunningParley;
  const sockets: Array<AgentClient | VisitorClient> = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await parley?.close();
  });

  const ask = (socket: AgentClient, payload: object) =>
    (socket.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<AckResult<Report>>)(
      'reports.get',
      payload,
    );
  const agent = async (email: string) => {
    const { socket } = await connectAgent(parley.url, email);
    sockets.push(socket);
    return socket;
  };

  it('lets supervisors and admins read them, never agents', () => {
    expect(canReadReports({ role: 'admin' })).toBe(true);
    // The supervisor role joins the config with issue 15, item 3; it is accepted here already.
    expect(canReadReports({ role: 'supervisor' } as never)).toBe(true);
    expect(canReadReports({ role: 'agent' })).toBe(false);
  });

  it("answers an admin's desk with the records' figures, an agent's with forbidden, and bad input with invalid_payload", async () => {
    parley = await startParley({ withRecords: true });
    const visitor = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    sockets.push(visitor.socket);
    const opened = await visitor.socket.timeout(5000).emitWithAck('session.open', { info: {} });
    expect(opened.ok).toBe(true);

    const alice = await agent('alice@parley.demo');
    const bob = await agent('bob@parley.demo');
    const today = { from: Date.now() - DAY, to: Date.now() + DAY };
    await expect
      .poll(async () => {
        const answer = await ask(alice, today);
        return answer.ok ? answer.handling.total : answer.error.code;
      })
      .toBe(1);
    const report = await ask(alice, { ...today, siteKey: 'demo' });
    expect(report).toMatchObject({
      ok: true,
      query: { ...today, siteKey: 'demo' },
      volume: { bucket: 'day' },
    });

    expect(await ask(bob, today)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const bad of [
      { from: today.to, to: today.from },
      { from: 0, to: 2 * 366 * DAY },
      { ...today, sites: ['demo'] },
      { from: 'yesterday', to: today.to },
      { ...today, queue: '' },
    ]) {
      expect(await ask(alice, bad), JSON.stringify(bad)).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload' },
      });
    }
    expect(await ask(alice, { ...today, siteKey: 'nowhere' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    // Still up, and nothing changed by the refusals.
    expect(await ask(alice, today)).toMatchObject({ ok: true, handling: { total: 1 } });
  });

  it("answers GET /api/v1/reports for a read key, with its own site's figures, and refuses bad ranges", async () => {
    parley = await startParley({ withRecords: true });
    if (!parley.records) throw new Error('no records');
    const key = await createApiKey(parley.records, 'demo', 'read');
    const visitor = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    sockets.push(visitor.socket);
    await visitor.socket.timeout(5000).emitWithAck('session.open', { info: {} });
    await expect
      .poll(async () => (await callApi(parley.url, key, 'GET', '/reports')).body.report?.handling.total)
      .toBe(1);
    const now = Date.now();
    const oneDay = `from=${new Date(now - DAY).toISOString()}&to=${now}`;
    const answer = await callApi(parley.url, key, 'GET', `/reports?${oneDay}`);
    expect(answer.status).toBe(200);
    expect(answer.body.report.volume.bucket).toBe('hour');
    expect(answer.body.report.query.siteKey).toBeUndefined();
    const backwards = await callApi(
      parley.url,
      key,
      'GET',
      `/reports?from=${Date.now()}&to=${Date.now() - DAY}`,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.code).toBe('invalid_payload');
    expect((await callApi(parley.url, undefined, 'GET', '/reports')).status).toBe(401);
  });
});
