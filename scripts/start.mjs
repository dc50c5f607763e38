#!/usr/bin/env node
// `npm start`: runs the built server (with the demo host page) and the example welcome bot, and
// prints where to go. Environment variables pass through (PORT, REDIS_URL, PARLEY_CONFIG, ...).
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const port = Number(process.env.PORT || 3000);
const demoPort = process.env.DEMO_PORT === 'off' ? null : Number(process.env.DEMO_PORT || port + 1);
const url = `http://localhost:${port}`;
const env = { ...process.env, PORT: String(port), LOG_LEVEL: process.env.LOG_LEVEL || 'warn' };

const children = [];
/** Runs a child; when a `required` one stops, everything stops. */
const run = (name, entry, { extraEnv = {}, required = true, stdout = 'inherit' } = {}) => {
  const child = spawn(process.execPath, [entry], {
    env: { ...env, ...extraEnv },
    stdio: ['ignore', stdout, 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (stopping || !required) return;
    console.error(`\n${name} stopped (${signal ?? `exit code ${code}`}); stopping everything.`);
    stop(code || 1);
  });
  children.push(child);
  return child;
};

let stopping = false;
const stop = (code = 0) => {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

run('The server', 'apps/server/dist/index.js');

/**
 * How long the server may take to answer. Its first start makes the embedded records' database
 * (PGlite's initdb), several seconds on a busy machine; a server that stops meanwhile ends the
 * wait at once (`run` reports it).
 */
const STARTUP_MS = 120_000;
const waitingSince = Date.now();
let said = false;
for (;;) {
  try {
    if ((await fetch(`${url}/healthz`)).ok) break;
  } catch {
    // not up yet
  }
  if (stopping) await new Promise(() => {}); // the server stopped: `stop` exits
  if (!said && Date.now() - waitingSince > 5000) {
    said = true;
    console.log('Starting Parley (a first start creates its records database, which takes a few seconds)...');
  }
  if (Date.now() - waitingSince > STARTUP_MS) {
    console.error(`The server did not answer at ${url}/healthz within ${STARTUP_MS / 1000} s.`);
    stop(1);
    await new Promise(() => {});
  }
  await sleep(100);
}

/**
 * The example bot, when it has a token to use: the demo configuration's, or PARLEY_BOT_TOKEN.
 * Resolves with what the banner says of it, once the bot said whether the server took its token.
 */
const startBot = async () => {
  if (process.env.PARLEY_CONFIG && !process.env.PARLEY_BOT_TOKEN) {
    return 'not started (a custom PARLEY_CONFIG: set PARLEY_BOT_TOKEN to one of its bot tokens)';
  }
  const bot = run('The example bot', 'examples/welcome-bot/dist/index.js', {
    extraEnv: { PARLEY_URL: url },
    required: false,
    stdout: 'pipe',
  });
  bot.stdout.pipe(process.stdout);
  return new Promise((resolve) => {
    let seen = '';
    bot.stdout.on('data', (chunk) => {
      seen += chunk.toString();
      if (/\[welcome-bot\] connected/.test(seen)) resolve('examples/welcome-bot, connected');
    });
    bot.on('exit', () => resolve('NOT connected: the server refused its token (see the error above)'));
    setTimeout(() => resolve('examples/welcome-bot, still connecting'), 15_000).unref();
  });
};
const botState = await startBot();

// The example HTTP bot (docs/http-bots.md): the demo configuration's `helper` template and queue.
const httpBotPort = Number(process.env.HTTP_BOT_PORT || port + 2);
let httpBotState = 'not started (a custom PARLEY_CONFIG)';
if (!process.env.PARLEY_CONFIG) {
  run('The example HTTP bot', 'examples/http-bot/dist/index.js', {
    extraEnv: { HTTP_BOT_PORT: String(httpBotPort) },
    required: false,
  });
  httpBotState = `examples/http-bot on http://127.0.0.1:${httpBotPort}/ (the "helper" template and queue)`;
}

console.log(`
  Parley is running${process.env.REDIS_URL ? ' (Redis store)' : ' (in-memory store: set REDIS_URL to keep sessions)'}.

  ${demoPort === null ? 'Demo page disabled (DEMO_PORT=off)' : `Demo page, a customer's site with the widget:  http://localhost:${demoPort}/`}
  Parley server (widget, Socket.IO, health):      ${url}  (${url}/healthz)
  Agent desk:                                     ${url}/desk
  Example bot:                                    ${botState}
  Example HTTP bot:                               ${httpBotState}
${
  process.env.PARLEY_CONFIG
    ? ''
    : `
  Demo desk logins (password "parley-demo"): alice@parley.demo, bob@parley.demo
`
}
  Open the desk, log in and set your status to Ready; then click the chat button on the demo page and
  ask the bot for a human. With nobody signed in, the visitor can leave a message instead.
  Ctrl+C stops everything.
`);
