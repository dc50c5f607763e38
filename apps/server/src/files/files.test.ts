/**
 * Issue 14, files over the real server: uploads to the pending area, messages that name them,
 * signed links for the session's participants only, the headers that keep an upload from ever
 * running as a page, cancel, sweep and erasure; the bot SDK sends and reads files.
 */
import { createBot, type MessageEvent } from '@parley/bot';
import type { AckResult, Attachment, SessionEvent } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent } from '../../test/agent.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { makePng } from '../../test/png.js';
import { connectVisitor, next, type VisitorClient } from '../../test/visitor.js';

let parley: RunningParley;
let now = Date.now();

beforeAll(async () => {
  parley = await startParley({
    withFiles: true,
    withRecords: true,
    clock: () => now,
    config: (base) => ({
      ...base,
      sites: base.sites.map((site) => ({ ...site, files: { ...site.files, maxBytes: 64 * 1024 } })),
    }),
  });
  // PGlite's start (the records) takes a while on a busy machine.
}, 60_000);
afterAll(() => parley?.close(), 30_000);

interface Visitor {
  socket: VisitorClient;
  visitorId: string;
  token: string;
}

const visitor = () => connectVisitor(parley.url, { origin: parley.demoOrigin });
const asVisitor = (v: Visitor) => ({
  authorization: `Bearer ${v.token}`,
  'x-parley-role': 'visitor',
  'x-parley-site': 'demo',
});

async function upload(headers: Record<string, string>, bytes: Uint8Array, name: string, query = '') {
  const response = await fetch(`${parley.url}/files/v1/uploads?name=${encodeURIComponent(name)}${query}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  return {
    status: response.status,
    body: (await response.json()) as { ok: boolean; attachment: Attachment; error?: { code: string } },
  };
}

async function linkFor(headers: Record<string, string>, id: string) {
  const response = await fetch(`${parley.url}/files/v1/${id}/link`, { headers });
  return {
    status: response.status,
    body: (await response.json()) as { ok: boolean; url: string; expiresAt: number },
  };
}

const send = (v: Visitor, payload: { clientId: string; text?: string; attachmentId?: string }) =>
  v.socket.timeout(5000).emitWithAck('message.send', payload) as Promise<
    AckResult<{ sessionId: string; seq: number; event: SessionEvent }>
  >;

describe('files', { timeout: 30_000 }, () => {
  it('a visitor sends an image: sniffed, sized, delivered, and served inline only through a signed link', async () => {
    const ada = await visitor();
    const png = makePng(40, 30, [200, 40, 40]);
    // The client claims a PDF; the bytes say PNG.
    const uploaded = await upload(asVisitor(ada), png, 'screenshot.pdf');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.attachment).toMatchObject({
      name: 'screenshot.pdf',
      size: png.length,
      type: 'image/png',
      width: 40,
      height: 30,
    });

    const sent = await send(ada, { clientId: 'c-image-1', attachmentId: uploaded.body.attachment.id });
    if (!sent.ok) throw new Error(sent.error.message);
    // The visitor's own message comes back in the ack (issue 16), not as a `session.event`.
    const event = sent.event as MessageEvent;
    expect(event.text).toBe('');
    expect(event.attachment).toEqual(uploaded.body.attachment);
    // A retry is the same message; the file cannot go into a second message.
    expect(await send(ada, { clientId: 'c-image-1', attachmentId: uploaded.body.attachment.id })).toEqual(
      sent,
    );

    const link = await linkFor(asVisitor(ada), uploaded.body.attachment.id);
    expect(link.status).toBe(200);
    const served = await fetch(link.body.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('content-disposition')).toBe(
      `inline; filename="screenshot.pdf"; filename*=UTF-8''screenshot.pdf`,
    );
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toBe('sandbox');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);

    // Tampered, expired, or asked for by someone outside the session: refused.
    expect((await fetch(link.body.url.replace(/signature=./, 'signature=x'))).status).toBe(403);
    expect(
      (await fetch(link.body.url.replace(/expires=\d+/, `expires=${link.body.expiresAt + 1000}`))).status,
    ).toBe(403);
    const bea = await visitor();
    expect((await linkFor(asVisitor(bea), uploaded.body.attachment.id)).status).toBe(404);
    expect((await linkFor({}, uploaded.body.attachment.id)).status).toBe(401);
    expect(
      (await linkFor({ ...asVisitor(ada), authorization: 'Bearer nope' }, uploaded.body.attachment.id))
        .status,
    ).toBe(401);
    // Another visitor cannot send it either.
    expect(
      await send(bea, { clientId: 'c-steal-1', attachmentId: uploaded.body.attachment.id }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    now += parley.config.files.linkSeconds * 1000 + 1;
    expect((await fetch(link.body.url)).status).toBe(403);
    ada.socket.close();
    bea.socket.close();
  });

  it('a disguised page (HTML named .png) is text, served as a download that cannot run', async () => {
    const ada = await visitor();
    const html = new TextEncoder().encode(
      '<html><body><script>document.title="pwned"</script></body></html>',
    );
    const uploaded = await upload(asVisitor(ada), html, 'cat.png');
    expect(uploaded.body.attachment).toMatchObject({ type: 'text/plain', name: 'cat.png' });
    expect(uploaded.body.attachment.width).toBeUndefined();
    const link = await linkFor(asVisitor(ada), uploaded.body.attachment.id);
    const served = await fetch(link.body.url);
    expect(served.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(served.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toBe('sandbox');
    ada.socket.close();
  });

  it('refuses past the limit, an unaccepted type, and a message without text or file; nothing is sent', async () => {
    const ada = await visitor();
    const big = await upload(asVisitor(ada), makePng(10, 10, [0, 0, 0], 70 * 1024), 'big.png');
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large', message: 'Files are limited to 0.1 MB' },
    });
    const binary = await upload(asVisitor(ada), new Uint8Array([0, 1, 2, 3, 4]), 'x.bin');
    expect(binary.status).toBe(400);
    expect(await send(ada, { clientId: 'c-empty-1' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(
      await send(ada, { clientId: 'c-unknown-1', attachmentId: 'AAAAAAAAAAAAAAAAAAAAAAAA' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    // An id that is a path names no file: not found, typed, the storage's layout untold.
    for (const id of ['..%2F..%2Fx', '..%2Fmeta.json', 'x%2F..%2F..%2Fy']) {
      const link = await fetch(`${parley.url}/files/v1/${id}/link`, { headers: asVisitor(ada) });
      expect(link.status, id).toBe(404);
      expect(await link.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const cancel = await fetch(`${parley.url}/files/v1/uploads/${id}`, {
        method: 'DELETE',
        headers: asVisitor(ada),
      });
      expect(cancel.status, id).toBe(404);
    }
    expect(await send(ada, { clientId: 'c-traversal-1', attachmentId: '../../x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    // Bytes not sent as octet-stream are refused with a typed error.
    const json = await fetch(`${parley.url}/files/v1/uploads?name=a`, {
      method: 'POST',
      headers: { ...asVisitor(ada), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    ada.socket.close();
  });

  it('a cancelled upload cannot be sent; one never sent is swept', async () => {
    const ada = await visitor();
    const first = await upload(asVisitor(ada), makePng(2, 2, [1, 1, 1]), 'a.png');
    const cancelled = await fetch(`${parley.url}/files/v1/uploads/${first.body.attachment.id}`, {
      method: 'DELETE',
      headers: asVisitor(ada),
    });
    expect(cancelled.status).toBe(200);
    expect(
      await send(ada, { clientId: 'c-cancelled', attachmentId: first.body.attachment.id }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const files = parley.server.files;
    if (!files) throw new Error('the server keeps files');
    const second = await upload(asVisitor(ada), makePng(2, 2, [1, 1, 1]), 'b.png');
    await files.sweep();
    expect((await linkFor(asVisitor(ada), second.body.attachment.id)).status).toBe(200);
    now += parley.config.files.pendingMinutes * 60_000 + 1;
    expect(await files.sweep()).toBeGreaterThanOrEqual(1);
    expect((await linkFor(asVisitor(ada), second.body.attachment.id)).status).toBe(404);
    ada.socket.close();
  });

  it('a bot sends a file the visitor receives, and reads the file the visitor sent', async () => {
    const bot = createBot({ url: parley.url, token: demoBotToken });
    const got = new Promise<MessageEvent>((resolve) => {
      bot.on('message', async (session, message) => {
        // The bot catches up on the other tests' sessions too: this test's message only.
        if (!message.attachment || message.text !== 'See this') return;
        const bytes = await bot.files.read(message.attachment.id);
        await session.sendFile(
          { data: new TextEncoder().encode(`got ${bytes.length} bytes`), name: 'receipt.txt' },
          { text: 'Here is your receipt' },
        );
        resolve(message);
      });
    });
    await bot.ready;
    const ada = await visitor();
    const png = makePng(3, 3, [9, 9, 9]);
    const uploaded = await upload(asVisitor(ada), png, 'photo.png');
    const reply = next(
      ada.socket,
      'session.event',
      (e) => e.type === 'message' && e.author.role === 'bot' && Boolean(e.attachment),
    );
    await send(ada, { clientId: 'c-to-bot', text: 'See this', attachmentId: uploaded.body.attachment.id });
    expect((await got).text).toBe('See this');
    const answer = (await reply) as MessageEvent;
    expect(answer.text).toBe('Here is your receipt');
    expect(answer.attachment).toMatchObject({ name: 'receipt.txt', type: 'text/plain' });
    const link = await linkFor(asVisitor(ada), answer.attachment?.id ?? '');
    expect(await (await fetch(link.body.url)).text()).toBe(`got ${png.length} bytes`);
    await bot.close();
    ada.socket.close();
  });

  it('erasing a visitor removes their files', async () => {
    const ada = await visitor();
    const uploaded = await upload(asVisitor(ada), makePng(2, 2, [5, 5, 5]), 'gone.png');
    await send(ada, { clientId: 'c-erase-1', attachmentId: uploaded.body.attachment.id });
    // Alice is the demo's admin: she may read every file, until the visitor is erased.
    const { socket: desk, token } = await connectAgent(parley.url, 'alice@parley.demo');
    const asAlice = { authorization: `Bearer ${token}`, 'x-parley-role': 'agent' };
    expect((await linkFor(asAlice, uploaded.body.attachment.id)).status).toBe(200);
    const erased = await desk
      .timeout(10_000)
      .emitWithAck('visitor.erase', { siteKey: 'demo', visitorId: ada.visitorId });
    expect(erased.ok).toBe(true);
    expect((await linkFor(asAlice, uploaded.body.attachment.id)).status).toBe(404);
    desk.close();
    ada.socket.close();
  });
});
