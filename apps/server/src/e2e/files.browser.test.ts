/**
 * Issue 14, files and images in a real Chromium: the widget's attach button uploads over HTTP
 * first and then sends the message; images preview and open in a keyboard-usable viewer; limits,
 * disguised files, links opened from outside the session, cancel and a reload mid-upload.
 * Needs the widget built (`npx turbo run build`).
 */
import { type Bot, createBot, type MessageEvent } from '@parley/bot';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  bubble,
  chat,
  launchBrowser,
  noProblems,
  settle,
  signInToDesk,
  watchPage,
} from '../../test/browser.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { makePng } from '../../test/png.js';

const MAX_BYTES = 1024 * 1024;

describe('files and images in the widget', { timeout: 90_000 }, () => {
  let parley: RunningParley;
  let bot: Bot;
  let browser: Browser;
  /** Moves the server's clock forward (links expire by it). */
  let skew = 0;
  /** Every visitor message the bot got, by session. */
  const received: MessageEvent[] = [];

  beforeAll(async () => {
    parley = await startParley({
      withFiles: true,
      clock: () => Date.now() + skew,
      config: (base) => ({
        ...base,
        sites: base.sites.map((site) => ({ ...site, files: { ...site.files, maxBytes: MAX_BYTES } })),
      }),
    });
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', (session) => session.say('Welcome!'));
    bot.on('message', async (session, message) => {
      received.push(message);
      if (message.text === 'A file please') {
        await session.sendFile({ data: makePng(30, 20, [20, 120, 20]), name: 'from-bot.png' });
      } else if (message.text === 'Human please') {
        await session.route.to.queue('support');
      }
    });
    await bot.ready;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await parley?.close();
  });

  const openChat = async (colorScheme: 'light' | 'dark' = 'light') => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(parley.demoUrl);
    await chat(page).getByRole('button', { name: 'Open chat' }).click();
    await bubble(page, 'Welcome!').waitFor(settle);
    return { context, page, problems };
  };
  const frameOf = (page: Page): Frame => {
    const frame = page.frames().find((f) => new URL(f.url()).pathname === '/widget/frame.html');
    if (!frame) throw new Error('No widget frame');
    return frame;
  };
  /** The natural width of the image in `within`, once loaded (0 before). */
  const imageWidth = (within: Locator) =>
    within.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
  const pick = (page: Page, name: string, buffer: Buffer, mimeType = 'image/png') =>
    chat(page).locator('input[type=file]').first().setInputFiles({ name, mimeType, buffer });
  const sessionOf = async (page: Page) =>
    String((await frameOf(page).evaluate("localStorage.getItem('parley:demo:token')")) ?? '');
  /** The visitor's messages with a file, in the server's log of every session of theirs. */
  const filesSent = async (visitorId: string) => {
    const sessions = await parley.store.visitorSessions(visitorId, 10);
    const logs = await Promise.all(sessions.map((s) => parley.store.eventsSince(s.id, 0, 500)));
    return logs.flat().filter((e) => e.type === 'message' && e.author.role === 'visitor' && e.attachment);
  };
  /** The visitor's id: their token is `<visitorId>.<mac>`. */
  const visitorIdOf = async (page: Page) => (await sessionOf(page)).split('.')[0] ?? '';

  it('sends an image: a preview shows, the viewer opens, Esc closes it; the bot has the file', async () => {
    const { context, page, problems } = await openChat();
    const attach = chat(page).getByRole('button', { name: 'Attach a file' });
    await attach.waitFor(settle);
    await pick(page, 'screenshot.png', makePng(120, 80, [200, 40, 40]));

    const preview = chat(page).getByRole('button', { name: 'Open image screenshot.png' });
    await preview.waitFor(settle);
    await expect.poll(() => imageWidth(preview), settle).toBe(120);
    await expect.poll(() => received.some((m) => m.attachment?.name === 'screenshot.png'), settle).toBe(true);
    expect(received.find((m) => m.attachment?.name === 'screenshot.png')?.attachment).toMatchObject({
      type: 'image/png',
      width: 120,
      height: 80,
    });

    // Keyboard: the preview opens the viewer, whose close button has focus; Esc closes it.
    await preview.focus();
    await page.keyboard.press('Enter');
    const viewer = chat(page).getByRole('dialog', { name: 'screenshot.png' });
    await viewer.waitFor(settle);
    await chat(page).getByRole('button', { name: 'Close' }).and(chat(page).locator(':focus')).waitFor(settle);
    await expect.poll(() => imageWidth(viewer), settle).toBe(120);
    expect(await axeViolations(frameOf(page))).toEqual([]);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached', ...settle });
    await preview.and(chat(page).locator(':focus')).waitFor(settle);
    expect(await axeViolations(frameOf(page))).toEqual([]);

    // A file from the bot arrives too, as an image.
    const input = chat(page).getByRole('textbox', { name: 'Message' });
    await input.fill('A file please');
    await input.press('Enter');
    await chat(page).getByRole('button', { name: 'Open image from-bot.png' }).waitFor(settle);
    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('a pasted screenshot and a dropped file are sent too', async () => {
    const { context, page, problems } = await openChat();
    await chat(page).getByRole('button', { name: 'Attach a file' }).waitFor(settle);
    /** Dispatches `event` in the widget's frame with a PNG named `name` in its data transfer. */
    const withFile = (name: string, event: string) => {
      const base64 = makePng(24, 16, [250, 200, 0]).toString('base64');
      return frameOf(page).evaluate(`(() => {
        const bytes = Uint8Array.from(atob('${base64}'), (c) => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], '${name}', { type: 'image/png' }));
        ${event}
      })()`);
    };
    await withFile(
      'pasted.png',
      "document.querySelector('textarea').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));",
    );
    await chat(page).getByRole('button', { name: 'Open image pasted.png' }).waitFor(settle);
    await withFile(
      'dropped.png',
      "for (const type of ['dragover', 'drop']) document.body.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));",
    );
    await chat(page).getByRole('button', { name: 'Open image dropped.png' }).waitFor(settle);
    await expect
      .poll(
        () => received.filter((m) => ['pasted.png', 'dropped.png'].includes(m.attachment?.name ?? '')).length,
        settle,
      )
      .toBe(2);
    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('refuses a file past the limit with a clear error, and sends nothing', async () => {
    const { context, page, problems } = await openChat();
    await chat(page).getByRole('button', { name: 'Attach a file' }).waitFor(settle);
    const before = received.length;
    await pick(page, 'huge.png', makePng(4, 4, [0, 0, 0], MAX_BYTES + 10));
    await chat(page)
      .getByRole('alert')
      .getByText('huge.png is too large: files can be up to 1 MB.')
      .waitFor(settle);
    expect(await chat(page).locator('.file').count()).toBe(0);
    expect(await filesSent(await visitorIdOf(page))).toEqual([]);
    expect(received.length).toBe(before);
    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('a disguised page (HTML named .png) is a download, never rendered; outsiders get no link', async () => {
    // In the dark theme: axe checks the file's line there (the image test checks the light one).
    const { context, page, problems } = await openChat('dark');
    await chat(page).getByRole('button', { name: 'Attach a file' }).waitFor(settle);
    const html = Buffer.from(
      '<html><head><title>pwned</title></head><body><script>parent.pwned=1</script></body></html>',
    );
    await pick(page, 'cat.png', html);
    const download = chat(page).getByRole('link', { name: /^Download: cat\.png/ });
    await download.waitFor(settle);
    expect(await chat(page).getByRole('button', { name: 'Open image cat.png' }).count()).toBe(0);
    // The signed link comes from the server once the file shows.
    await expect.poll(() => download.getAttribute('href'), settle).toMatch(/\/files\/v1\/.+signature=/);
    const href = (await download.getAttribute('href')) ?? '';
    expect(await axeViolations(frameOf(page))).toEqual([]);

    // Opened as a page, it downloads; nothing in it runs.
    const opened = await context.newPage();
    const downloaded = opened.waitForEvent('download');
    await opened.goto(href).catch(() => undefined);
    expect((await downloaded).suggestedFilename()).toBe('cat.png');
    expect(await opened.title()).not.toBe('pwned');
    const served = await fetch(href);
    expect(served.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toBe('sandbox');

    // Someone outside the session: another visitor's browser, no token, an expired link.
    const fileId = new URL(href).pathname.split('/')[3] ?? '';
    const other = await openChat();
    const asked = await frameOf(other.page).evaluate(`(async () => {
      const token = localStorage.getItem('parley:demo:token') ?? '';
      const headers = { authorization: 'Bearer ' + token, 'x-parley-role': 'visitor', 'x-parley-site': 'demo' };
      return (await fetch('/files/v1/${fileId}/link', { headers })).status;
    })()`);
    expect(asked).toBe(404);
    expect((await fetch(`${parley.url}/files/v1/${fileId}/link`)).status).toBe(401);
    expect((await fetch(`${parley.url}/files/v1/${fileId}`)).status).toBe(403);
    skew += parley.config.files.linkSeconds * 1000 + 1000;
    expect((await fetch(href)).status).toBe(403);
    const expired = await other.context.newPage();
    const answer = await expired.goto(href);
    expect(answer?.status()).toBe(403);
    await other.context.close();
    // The 404 the other visitor's frame asked for was the point of it, not a problem of this page.
    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it("an agent attaches a file in the desk, the visitor receives it; the desk shows the visitor's image", async () => {
    const desk = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const agent = await desk.newPage();
    const deskProblems = watchPage(agent);
    await signInToDesk(agent, parley.url, 'bob@parley.demo');
    const status = agent.getByLabel('Your status');
    await expect.poll(() => status.inputValue(), settle).toMatch(/^(ready|notready:)/);
    await status.selectOption('ready');
    await expect.poll(() => status.inputValue(), settle).toBe('ready');

    const { context, page, problems } = await openChat();
    const input = chat(page).getByRole('textbox', { name: 'Message' });
    await input.fill('Human please');
    await input.press('Enter');
    await agent
      .getByRole('navigation', { name: 'Desk' })
      .getByRole('button', { name: /^Visitor/ })
      .click();
    const log = agent.getByRole('list', { name: 'Conversation with Visitor' });
    await log.getByText('Human please', { exact: true }).waitFor(settle);

    // Bob attaches a PDF (typed text goes with it).
    await agent.getByRole('textbox', { name: 'Reply to Visitor' }).fill('Our guide');
    await agent.getByRole('button', { name: 'Attach a file' }).waitFor();
    const pdf = Buffer.from(
      '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n',
      'latin1',
    );
    await agent
      .locator('input[type=file]')
      .setInputFiles({ name: 'guide.pdf', mimeType: 'application/pdf', buffer: pdf });
    const link = chat(page).getByRole('link', { name: /^Download:? guide\.pdf/ });
    await link.waitFor(settle);
    expect(await link.textContent()).toContain('application/pdf');
    await bubble(page, 'Our guide').waitFor(settle);
    await log.getByRole('link', { name: /^Download:? guide\.pdf/ }).waitFor(settle);

    // The visitor answers with a picture: the desk previews it.
    await pick(page, 'photo.png', makePng(50, 40, [10, 10, 200]));
    const shown = log.getByRole('link', { name: /^Open image photo\.png/ });
    await shown.waitFor(settle);
    await expect.poll(() => imageWidth(shown), settle).toBe(50);
    // The log and the composer, where the files are (the rest of the desk has tests of its own).
    expect(await axeViolations(agent, ['.log', '.composer'])).toEqual([]);
    expect(deskProblems).toEqual(noProblems);
    expect(problems).toEqual(noProblems);
    await context.close();
    await desk.close();
  });

  it('a cancelled upload, and one cut by a reload, leave no message', async () => {
    const { context, page, problems } = await openChat();
    await chat(page).getByRole('button', { name: 'Attach a file' }).waitFor(settle);
    // The uploads are held on their way (as on a stalled uplink), so they are still going when
    // the visitor cancels or reloads.
    await page.route('**/files/v1/uploads**', () => undefined);
    const big = makePng(8, 8, [1, 2, 3], 900 * 1024);
    await pick(page, 'slow.png', big);
    const progress = chat(page).getByRole('progressbar', { name: 'Sending slow.png' });
    await progress.waitFor(settle);
    await chat(page).getByRole('button', { name: 'Cancel' }).click();
    await progress.waitFor({ state: 'detached', ...settle });
    expect(await chat(page).locator('[role=alert]').count()).toBe(0);

    await pick(page, 'reloaded.png', big);
    await chat(page).getByRole('progressbar', { name: 'Sending reloaded.png' }).waitFor(settle);
    await page.reload();
    await bubble(page, 'Welcome!').waitFor(settle);
    // After the reload the conversation carries on, with no file in it, here or on the server.
    const input = chat(page).getByRole('textbox', { name: 'Message' });
    await input.fill('Still here');
    await input.press('Enter');
    await expect.poll(() => received.some((m) => m.text === 'Still here'), settle).toBe(true);
    expect(await chat(page).locator('.file').count()).toBe(0);
    expect(await filesSent(await visitorIdOf(page))).toEqual([]);
    expect(
      received.some((m) => m.attachment?.name === 'slow.png' || m.attachment?.name === 'reloaded.png'),
    ).toBe(false);
    expect(problems).toEqual(noProblems);
    await context.close();
  });
});
