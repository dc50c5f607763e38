import { createBot } from '@parley/bot';
import { it } from 'vitest';
import { launchBrowser } from '../../test/browser.js';
import { demoBotToken, startParley } from '../../test/harness.js';

it('shots', async () => {
  const parley = await startParley();
  const bot = createBot({ url: parley.url, token: demoBotToken });
  bot.on('session.created', async (s) => { await s.say('Welcome! Ask me about opening hours, shipping or returns.'); });
  bot.on('message', async (s, m) => { await s.say(`You said: ${m.text}`); });
  await bot.ready;
  const browser = await launchBrowser();
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(parley.demoUrl);
    const chat = page.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('button', { name: 'Open chat' }).click();
    await chat.getByText('You said', { exact: false }).or(chat.getByRole('textbox')).first().waitFor();
    const input = chat.getByRole('textbox', { name: 'Message' });
    await input.fill('Hello there, I have a question about a long order\nsecond line');
    await input.press('Enter');
    await chat.getByText('You said: Hello there', { exact: false }).first().waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: `/tmp/widget-shots/scratch-${scheme}.png` });
    const png = (await page.screenshot()).toString('base64');
    const probe = await context.newPage();
    const px = await probe.evaluate(`(async () => { const img = new Image(); img.src = 'data:image/png;base64,${png}'; await img.decode(); const c = document.createElement('canvas'); c.width = img.width; c.height = img.height; const g = c.getContext('2d'); g.drawImage(img, 0, 0); return [[700,500],[852,500],[1270,500],[852,790],[1000,790]].map(([x,y]) => [x,y,Array.from(g.getImageData(x,y,1,1).data).join(',')]); })()`);
    console.log(scheme, JSON.stringify(px));
    await context.close();
  }
  await browser.close(); await bot.close(); await parley.close();
}, 60000);
