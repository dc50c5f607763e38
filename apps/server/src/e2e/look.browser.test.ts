/**
 * How the widget looks, in a real Chromium: its languages (Arabic right to left, German), a phone
 * screen, the dark theme, the launcher's label and a site config's appearance. A host site of its
 * own embeds the built widget with the attributes each test needs. Needs the widget built
 * (`npm run build` in apps/widget).
 */
import { type Bot, createBot } from '@parley/bot';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bubble, chat, noProblems, settle, snapshot, watchPage } from '../../test/browser.js';
import { demoBotToken } from '../../test/harness.js';
import { type EmbeddedParley, startEmbedded } from '../../test/host-site.js';

/** The widget's frame on the page (cross-origin: evaluated through Playwright, not the page). */
function widgetFrame(page: Page) {
  const frame = page.frames().find((f) => new URL(f.url()).pathname === '/widget/frame.html');
  if (!frame) throw new Error('No widget frame in the page');
  return frame;
}

/** Runs a script inside the widget's frame. (A string: this package has no DOM types.) */
const inFrame = (page: Page, script: string): Promise<unknown> => widgetFrame(page).evaluate(script);

async function frameBox(page: Page) {
  const box = await page.locator('iframe[title="Chat"]').boundingBox();
  if (!box) throw new Error('The chat iframe is not laid out');
  return box;
}

/** A computed style of the first element matching `selector` inside the frame. */
const styleOf = (page: Page, selector: string, property: string) =>
  inFrame(page, `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`);

describe('the widget’s look in a real browser', { timeout: 60_000 }, () => {
  let rig: EmbeddedParley;
  let bot: Bot;

  beforeAll(async () => {
    rig = await startEmbedded((demo) => [
      {
        ...demo,
        key: 'styled',
        texts: {},
        appearance: { position: 'left', launcherLabel: 'Ask us', locale: 'es', theme: 'dark' },
      },
    ]);
    bot = createBot({ url: rig.parley.url, token: demoBotToken });
    bot.on('session.created', async (session) => {
      await session.say('Welcome!');
    });
    bot.on('message', async (session, message) => {
      await session.say(`You said: ${message.text}`);
    });
    await bot.ready;
  }, 60_000);

  afterAll(async () => {
    await bot?.close();
    await rig?.close();
  });

  /** The host page with these script tag attributes, in a fresh context, watched for errors. */
  const openHost = async (attributes: Record<string, string>, options: BrowserContextOptions = {}) => {
    const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${rig.host.origin}/?${new URLSearchParams(attributes)}`);
    return { context, page, problems };
  };

  it('lays Arabic out right to left, the visitor’s messages on the left, in Arabic', async () => {
    const { context, page, problems } = await openHost({ locale: 'ar' }, { locale: 'en-US' });
    await chat(page).getByRole('button', { name: 'فتح المحادثة' }).click();
    await bubble(page, 'Welcome!').waitFor();
    expect(await inFrame(page, '[document.documentElement.lang, document.documentElement.dir]')).toEqual([
      'ar',
      'rtl',
    ]);

    const input = chat(page).getByRole('textbox', { name: 'الرسالة' });
    expect(await input.getAttribute('placeholder')).toBe('اكتب رسالتك…');
    await input.fill('مرحبا');
    await input.press('Enter');
    await bubble(page, 'You said: مرحبا').waitFor();
    await chat(page).getByRole('button', { name: 'التحدث مع أحد الموظفين' }).waitFor();
    // The site's own texts still win over the dictionary (the demo site names its title).
    await chat(page).getByRole('heading', { name: 'Chat with us' }).waitFor();

    const panel = await chat(page).getByRole('dialog').boundingBox();
    const own = await bubble(page, 'مرحبا').boundingBox();
    const theirs = await bubble(page, 'Welcome!').boundingBox();
    if (!panel || !own || !theirs) throw new Error('The panel and bubbles are not laid out');
    // The visitor's bubble starts within the list's padding of the panel's left edge; the bot's
    // ends within it of the right edge.
    expect(own.x - panel.x).toBeLessThan(24);
    expect(panel.x + panel.width - (theirs.x + theirs.width)).toBeLessThan(24);
    expect(theirs.x).toBeGreaterThan(own.x + own.width);
    await snapshot(page, 'look-arabic');

    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('speaks German when the script tag says de-AT, whatever the browser’s language', async () => {
    const { context, page, problems } = await openHost({ locale: 'de-AT' }, { locale: 'ar-EG' });
    await chat(page).getByRole('button', { name: 'Chat öffnen' }).click();
    await bubble(page, 'Welcome!').waitFor();
    expect(await inFrame(page, '[document.documentElement.lang, document.documentElement.dir]')).toEqual([
      'de',
      'ltr',
    ]);
    const input = chat(page).getByRole('textbox', { name: 'Nachricht' });
    expect(await input.getAttribute('placeholder')).toBe('Nachricht schreiben…');
    await chat(page).getByRole('button', { name: 'Mit einem Menschen sprechen' }).waitFor();
    await chat(page).getByRole('button', { name: 'Chatfenster schließen' }).click();
    await chat(page).getByRole('button', { name: 'Chat öffnen' }).waitFor();

    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('speaks the browser’s language when nothing else is set, and English when it has none', async () => {
    const spanish = await openHost({}, { locale: 'es-MX' });
    await chat(spanish.page).getByRole('button', { name: 'Abrir chat' }).waitFor();
    expect(spanish.problems).toEqual(noProblems);
    await spanish.context.close();

    const french = await openHost({}, { locale: 'fr-FR' });
    await chat(french.page).getByRole('button', { name: 'Open chat' }).waitFor();
    expect(await inFrame(french.page, 'document.documentElement.lang')).toBe('en');
    expect(french.problems).toEqual(noProblems);
    await french.context.close();
  });

  it('fits a 375×667 phone: the host page scrolls while closed, the open panel fills the screen', async () => {
    const { context, page, problems } = await openHost(
      {},
      { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true },
    );
    const launcher = chat(page).getByRole('button', { name: 'Open chat' });
    await launcher.waitFor();
    await page.mouse.wheel(0, 600);
    await expect.poll(() => page.evaluate('window.scrollY'), settle).toBeGreaterThan(0);
    await page.evaluate('window.scrollTo(0, 0)');

    await launcher.click();
    await bubble(page, 'Welcome!').waitFor();
    await expect.poll(() => frameBox(page), settle).toEqual({ x: 0, y: 0, width: 375, height: 667 });
    // Once it has slid in.
    const panel = () => chat(page).getByRole('dialog').boundingBox();
    await expect.poll(panel, settle).toEqual({ x: 0, y: 0, width: 375, height: 667 });

    // No field small enough for a phone to zoom into as it takes focus: the message box, and the
    // offline form's fields (nobody is signed in to take the chat).
    await chat(page).getByRole('button', { name: 'Talk to a person' }).click();
    await chat(page).getByRole('textbox', { name: /Email/ }).waitFor();
    const sizes = (await inFrame(
      page,
      `[...document.querySelectorAll('input, textarea, select')].map((e) => parseFloat(getComputedStyle(e).fontSize))`,
    )) as number[];
    expect(sizes.length).toBeGreaterThan(2);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(16);
    await snapshot(page, 'look-phone');

    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('shows the dark colours for data-theme="dark", and for auto on a dark system', async () => {
    const dark = 'rgb(27, 28, 33)';
    const light = 'rgb(255, 255, 255)';
    const panelBackground = async (attributes: Record<string, string>, colorScheme: 'light' | 'dark') => {
      const { context, page, problems } = await openHost(attributes, { colorScheme });
      await chat(page).getByRole('button', { name: 'Open chat' }).click();
      await bubble(page, 'Welcome!').waitFor();
      const colors = [
        await styleOf(page, '.panel', 'backgroundColor'),
        await styleOf(page, '.msg__bubble', 'color'),
      ];
      await snapshot(page, `look-theme-${attributes.theme ?? 'none'}-${colorScheme}`);
      expect(problems).toEqual(noProblems);
      return { colors, page, context };
    };

    const forced = await panelBackground({ theme: 'dark' }, 'light');
    expect(forced.colors).toEqual([dark, 'rgb(241, 242, 245)']);
    await forced.context.close();

    const auto = await panelBackground({ theme: 'auto' }, 'dark');
    expect(auto.colors[0]).toBe(dark);
    // The system turns light while the widget is open: auto follows it.
    await auto.page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => styleOf(auto.page, '.panel', 'backgroundColor'), settle).toBe(light);
    await auto.context.close();

    const pinned = await panelBackground({ theme: 'light' }, 'dark');
    expect(pinned.colors[0]).toBe(light);
    await pinned.context.close();
  });

  it('shows the launcher’s label beside its icon, wholly visible and clickable', async () => {
    const { context, page, problems } = await openHost({ 'launcher-label': 'Chat with us' });
    const launcher = chat(page).getByRole('button', { name: 'Chat with us' });
    await launcher.waitFor();
    // The loader widens the closed frame to the labelled launcher it measured.
    await expect.poll(async () => (await frameBox(page)).width, settle).toBeGreaterThan(120);
    const frame = await frameBox(page);
    const button = await launcher.boundingBox();
    if (!button) throw new Error('The launcher is not laid out');
    expect(button.x).toBeGreaterThanOrEqual(frame.x);
    expect(button.x + button.width).toBeLessThanOrEqual(frame.x + frame.width);
    expect(frame.x + frame.width).toBe(1280);
    await snapshot(page, 'look-label');

    await launcher.click();
    await bubble(page, 'Welcome!').waitFor();
    await chat(page).getByRole('button', { name: 'Close chat window' }).click();
    await launcher.waitFor();

    expect(problems).toEqual(noProblems);
    await context.close();
  });

  it('takes the site config’s appearance, and lets the script tag’s attributes win over it', async () => {
    // The `styled` site's config: left, labelled "Ask us", Spanish, dark.
    const configured = await openHost({ site: 'styled' }, { locale: 'de-DE' });
    const launcher = chat(configured.page).getByRole('button', { name: 'Ask us' });
    await launcher.waitFor();
    await expect.poll(async () => (await frameBox(configured.page)).x, settle).toBe(0);
    await launcher.click();
    await chat(configured.page).getByRole('textbox', { name: 'Mensaje' }).waitFor();
    expect(await styleOf(configured.page, '.panel', 'backgroundColor')).toBe('rgb(27, 28, 33)');
    expect(configured.problems).toEqual(noProblems);
    await configured.context.close();

    const tagged = await openHost({ site: 'styled', position: 'right', locale: 'de', theme: 'light' });
    await chat(tagged.page).getByRole('button', { name: 'Ask us' }).click();
    await chat(tagged.page).getByRole('textbox', { name: 'Nachricht' }).waitFor();
    const box = await frameBox(tagged.page);
    expect(box.x + box.width).toBe(1280);
    expect(await styleOf(tagged.page, '.panel', 'backgroundColor')).toBe('rgb(255, 255, 255)');
    expect(tagged.problems).toEqual(noProblems);
    await tagged.context.close();
  });
});
