// Measures what the widget costs the host page's main thread, in Chromium: every long task
// (a task over 50 ms, https://w3c.github.io/longtasks/) the host page sees while a visitor loads
// the page, waits for the launcher, opens the chat, gets the bot's welcome, sends three messages
// and reads the replies, and closes the chat; against a baseline, the same page without the
// widget. A real Parley server (in-process, memory store), the example welcome bot (its own
// process) and a plain host site on another port (bench/long-task-host.mjs).
// Page variants: the host on 127.0.0.1 (the widget's frame is same-site: Chromium would run it in
// the host's renderer process, but for the frame's `Origin-Agent-Cluster: ?1`) and on localhost
// (cross-site: a process of its own by site isolation); each at full speed and with the CPU
// slowed down through CDP (`Emulation.setCPUThrottlingRate`, a "slow phone"). Each run is a fresh
// browser context; variants take turns, so drift in the machine's load spreads over all of them.
// The page is driven without Playwright's locators: they inject Playwright's selector engine into
// the page and the frame, whose compilation is itself a long task on a slow CPU and would be
// blamed on the widget. Only plain `evaluate` calls, mouse clicks and key presses; and no init
// script (one would run in the frame's first, blank document, inside the loader's task). What
// automation still costs (Playwright's isolated world in every frame, CDP's reports) is in the
// figures: if anything, they overstate what the widget costs.
// Run: `npm run bench` (builds first), or `node bench/host-long-tasks.mjs` after a build.
// Env: BENCH_LONGTASK_RUNS (runs per variant, default 5), BENCH_LONGTASK_THROTTLE (the slow
// variants' CPU slowdown, default 4; 1 leaves them out), CHROMIUM_PATH (default
// /usr/bin/chromium), LOG_LEVEL (server logs, default warn).
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { defaultConfig } from '../apps/server/dist/config/default-config.js';
import { createServer } from '../apps/server/dist/create-server.js';
import { createLogger } from '../apps/server/dist/logger.js';
import { createMemoryStore } from '../apps/server/dist/store/memory-store.js';
import { startHostSite } from './long-task-host.mjs';
import { spawnChild } from './spawn-child.mjs';
import { median as medianOf } from './stats.mjs';

const RUNS = Number(process.env.BENCH_LONGTASK_RUNS ?? 5);
const THROTTLE = Number(process.env.BENCH_LONGTASK_THROTTLE ?? 4);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WELCOME_BOT = fileURLToPath(new URL('../examples/welcome-bot/dist/index.js', import.meta.url));
/** What the visitor asks; the example bot answers each from its FAQ. */
const QUESTIONS = ['When are you open?', 'Do you ship to Spain?', 'What does Parley cost?'];
const LONG_TASK_MS = 50;
const POLL_MS = 25;
const STEP_TIMEOUT_MS = 30_000;
/** After the last step, time for late tasks to end and their entries to be delivered. */
const SETTLE_MS = 1_000;

const PAGES = [
  { name: 'no widget (baseline)', widget: false, hostName: '127.0.0.1' },
  { name: 'widget, host same-site', widget: true, hostName: '127.0.0.1' },
  { name: 'widget, host cross-site', widget: true, hostName: 'localhost' },
];
const VARIANTS = [1, ...(THROTTLE > 1 ? [THROTTLE] : [])].flatMap((throttle) =>
  PAGES.map((page) => ({ ...page, throttle })),
);

// In-page functions, passed to `evaluate` as they are.
const centerOf = (selector) => {
  const box = document.querySelector(selector)?.getBoundingClientRect();
  return box && box.width > 0 && box.height > 0
    ? { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    : null;
};
const chatFrameBox = () => {
  const frame = document.querySelector('iframe[title="Chat"]');
  const box = frame?.getBoundingClientRect();
  return box ? { x: box.x + frame.clientLeft, y: box.y + frame.clientTop, width: box.width } : null;
};
const botReplies = () => document.querySelectorAll('.msg:not(.msg--own) .msg__bubble').length;
const composerFocused = () => document.activeElement?.matches('textarea') ?? false;
const takeHostRecords = () => window.parleyBench.take();
/** The frame's long tasks, from the buffer Chromium keeps even before anyone observes them. */
const bufferedLongTasks = () => {
  const observer = new PerformanceObserver(() => {});
  observer.observe({ type: 'longtask', buffered: true });
  const entries = observer.takeRecords();
  observer.disconnect();
  return entries.map(({ startTime, duration, name }) => ({ startTime, duration, name }));
};
const pageFigures = () => ({
  readyAt: window.parleyBench.readyAt,
  scriptStart: performance.getEntriesByType('resource').find((e) => e.name.endsWith('/widget.js'))?.startTime,
  now: performance.now(),
});

/** Resolves with `check()`'s first truthy value, polling; rejects after STEP_TIMEOUT_MS. */
async function until(what, check) {
  const deadline = performance.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

const widgetFrame = (page) => page.frames().find((f) => f.url().includes('/widget/frame.html'));

/** Clicks the element `selector` inside the widget's frame, with the mouse, as a visitor would. */
async function clickInFrame(page, frame, selector) {
  const origin = await page.evaluate(chatFrameBox);
  const point = await frame.evaluate(centerOf, selector);
  if (!origin || !point) throw new Error(`nothing to click at ${selector}`);
  await page.mouse.click(origin.x + point.x, origin.y + point.y);
}

/** The example welcome bot as its own process, connected to `url`. */
async function startWelcomeBot(url) {
  const bot = spawnChild(process.execPath, [WELCOME_BOT], {
    env: { ...process.env, PARLEY_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const connected = new Promise((resolve, reject) => {
    bot.child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('[welcome-bot] connected')) resolve();
    });
    bot.child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    bot.child.once('exit', (code) => reject(new Error(`the welcome bot exited (${code}):\n${output}`)));
  });
  const timeout = sleep(STEP_TIMEOUT_MS).then(() => {
    throw new Error(`the welcome bot did not connect:\n${output}`);
  });
  try {
    await Promise.race([connected, timeout]);
  } catch (err) {
    await bot.stop();
    throw err;
  }
  return bot;
}

/** The frame's own CDP session when it runs in a process of its own, else null. */
async function ownSession(context, frame) {
  try {
    return await context.newCDPSession(frame);
  } catch (err) {
    // Playwright's way of saying the frame runs in its parent's process (and session).
    if (err.message.includes("part of the parent frame's session")) return null;
    throw err;
  }
}

/**
 * One visitor in a fresh context: the scenario, then every long task the host page (and the
 * widget's frame) recorded. The widget's frame is throttled too when it runs in its own process.
 */
async function measureRun(browser, cdp, variant, urls) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    if (variant.throttle > 1) {
      const session = await context.newCDPSession(page);
      await session.send('Emulation.setCPUThrottlingRate', { rate: variant.throttle });
    }
    // A frame in a process of its own is slowed down through its own session, from its first
    // navigation on (the little it runs before that runs at full speed).
    let frameThrottled = Promise.resolve(false);
    let frameThrottleError;
    page.on('framenavigated', (frame) => {
      if (variant.throttle === 1 || !frame.url().includes('/widget/frame.html')) return;
      frameThrottled = ownSession(context, frame).then(
        async (session) => {
          await session?.send('Emulation.setCPUThrottlingRate', { rate: variant.throttle });
          return session !== null;
        },
        (err) => {
          frameThrottleError = err; // thrown once the launcher shows
          return false;
        },
      );
    });
    const host = variant.hostName === 'localhost' ? urls.crossSiteHost : urls.sameSiteHost;
    await page.goto(variant.widget ? host : `${host}?widget=0`, { waitUntil: 'load' });

    let frame;
    let launcherAt;
    let isolated = false;
    if (variant.widget) {
      frame = await until('the widget frame', () => widgetFrame(page));
      await until('the launcher', () => frame.evaluate(centerOf, 'button.launcher'));
      launcherAt = (await page.evaluate(pageFigures)).now;
      const { targetInfos } = await cdp.send('Target.getTargets');
      isolated = targetInfos.some((t) => t.type === 'iframe' && t.url.startsWith(urls.frame));
      const throttledApart = await frameThrottled;
      if (frameThrottleError) throw frameThrottleError;
      if (variant.throttle > 1 && throttledApart !== isolated) {
        throw new Error(
          `the widget frame: out of process for Chromium ${isolated}, for Playwright ${throttledApart}`,
        );
      }
      await clickInFrame(page, frame, 'button.launcher');
      await until("the bot's welcome", () => frame.evaluate(botReplies));
      await until('the message box to have focus', () => frame.evaluate(composerFocused));
      for (const [i, question] of QUESTIONS.entries()) {
        await page.keyboard.type(question);
        await page.keyboard.press('Enter');
        await until(`the answer to "${question}"`, async () => (await frame.evaluate(botReplies)) > i + 1);
      }
      await clickInFrame(page, frame, '.panel__header .icon-button');
      await until('the panel to close', async () => (await page.evaluate(chatFrameBox))?.width < 100);
    }
    await sleep(SETTLE_MS);

    const { longTasks, loaderScripts } = await page.evaluate(takeHostRecords);
    const frameLongTasks = frame ? await frame.evaluate(bufferedLongTasks) : [];
    const figures = await page.evaluate(pageFigures);
    if (variant.widget && (figures.readyAt === null || figures.scriptStart === undefined)) {
      throw new Error('no ready message from the widget, or no widget.js in the resource timings');
    }
    return {
      longTasks,
      loaderScripts,
      frameLongTasks,
      isolated,
      readyMs: variant.widget ? figures.readyAt - figures.scriptStart : null,
      launcherMs: variant.widget ? launcherAt - figures.scriptStart : null,
    };
  } finally {
    await context.close();
  }
}

const round = (ms) => Math.round(ms);
/** The median of the values that are not null; null when none is. */
const median = (values) => medianOf(values.filter((v) => v !== null));
const maxOf = (values) => values.reduce((a, b) => Math.max(a, b), 0);
const blockingMs = (tasks) => tasks.reduce((sum, task) => sum + Math.max(0, task.duration - LONG_TASK_MS), 0);
/**
 * Whether a host long task is the widget's: one run in a frame below the host (the widget's is the
 * only one), or one in which the loader's code ran.
 */
const fromWidget = (task, loaderScripts) =>
  task.name.includes('descendant') ||
  loaderScripts.some((s) => s.startTime >= task.startTime && s.startTime < task.startTime + task.duration);

/** Over runs: how many had any long task, the most in one run, the longest, the blocking time. */
const stats = (taskLists) => {
  const counts = taskLists.map((tasks) => tasks.length);
  const blocking = taskLists.map(blockingMs);
  return {
    runsWithAny: counts.filter((n) => n > 0).length,
    count: { p50: median(counts), max: maxOf(counts) },
    longestMs: round(maxOf(taskLists.flat().map((t) => t.duration))),
    blockingMs: { p50: round(median(blocking)), max: round(maxOf(blocking)) },
  };
};

/** One variant's figures over its runs (the runs themselves are kept for latest.json). */
function summarise(variant, runs) {
  const done = runs.filter((r) => !r.error);
  return {
    name: variant.name,
    widget: variant.widget,
    throttle: variant.throttle,
    runs: runs.length,
    completed: done.length,
    host: stats(done.map((r) => r.longTasks)),
    widgets: variant.widget
      ? stats(done.map((r) => r.longTasks.filter((task) => fromWidget(task, r.loaderScripts))))
      : null,
    frame: variant.widget ? stats(done.map((r) => r.frameLongTasks)) : null,
    isolatedRuns: done.filter((r) => r.isolated).length,
    readyMsMedian: variant.widget ? round(median(done.map((r) => r.readyMs))) : null,
    launcherMsMedian: variant.widget ? round(median(done.map((r) => r.launcherMs))) : null,
    errors: runs.filter((r) => r.error).map((r) => `${variant.throttle}x CPU: ${r.error}`),
    detail: runs,
  };
}

/** Every variant, RUNS times each, against one server, bot, host site and browser. */
export async function run() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  let parleyUrl = '';
  const host = await startHostSite(() => parleyUrl);
  const origins = [`http://127.0.0.1:${host.port}`, `http://localhost:${host.port}`];
  const server = await createServer({
    config: defaultConfig(origins),
    store: createMemoryStore(),
    logger: createLogger(process.env.LOG_LEVEL ?? 'warn'),
  });
  let bot;
  let browser;
  try {
    parleyUrl = await server.listen({ port: 0 });
    bot = await startWelcomeBot(parleyUrl);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const cdp = await browser.newBrowserCDPSession();
    const urls = {
      sameSiteHost: `${origins[0]}/`,
      crossSiteHost: `${origins[1]}/`,
      frame: `${parleyUrl}/widget/frame.html`,
    };
    // One unrecorded visit first, so the server's first-request work (JIT, file reads) is not
    // in the first recorded run. Each recorded run is still a first visit for the browser.
    await measureRun(browser, cdp, VARIANTS[1], urls);
    const runs = VARIANTS.map(() => []);
    for (let i = 0; i < RUNS; i++) {
      for (const [v, variant] of VARIANTS.entries()) {
        runs[v].push(await measureRun(browser, cdp, variant, urls).catch((err) => ({ error: err.message })));
      }
    }
    const results = VARIANTS.map((variant, v) => summarise(variant, runs[v]));
    const broken = results.find((r) => r.completed === 0);
    if (broken)
      throw new Error(`${broken.name} at ${broken.throttle}x: no run completed: ${broken.errors[0]}`);
    return results;
  } finally {
    await browser?.close();
    await bot?.stop();
    await server.close();
    await host.close();
  }
}

const orDash = (value) => value ?? '–';
const spread = (figure) => (figure ? `${figure.p50} / ${figure.max}` : '–');

/**
 * Rows for console.table. Long tasks on the host page: runs with any, total blocking time; then
 * the widget's among them; then those of the widget frame's own thread (on the host's thread too
 * when the frame shares its process). "p50/max": the median run's figure and the worst run's.
 */
export function table(results) {
  return results.map((r) => ({
    page: r.name,
    cpu: `${r.throttle}x`,
    runs: `${r.completed}/${r.runs}`,
    'runs with any': r.host.runsWithAny,
    'TBT p50/max': spread(r.host.blockingMs),
    "runs with widget's": orDash(r.widgets?.runsWithAny),
    "widget's max/run": orDash(r.widgets?.count.max),
    "widget's longest": orDash(r.widgets?.longestMs),
    "widget's TBT p50/max": spread(r.widgets?.blockingMs),
    'frame own process': r.widget ? r.isolatedRuns : '–',
    'frame thread p50/max': spread(r.frame?.count),
    'frame thread longest': orDash(r.frame?.longestMs),
    'ready p50': orDash(r.readyMsMedian),
    'launcher p50': orDash(r.launcherMsMedian),
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const results = await run();
    console.table(table(results));
    for (const r of results)
      for (const error of r.errors) console.error(`${r.name} ${r.throttle}x: ${error}`);
  } catch (err) {
    console.error(err.message);
    process.exitCode = 1;
  }
}
