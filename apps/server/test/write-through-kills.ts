import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AckResult } from '@parley/protocol';
import { tempDataDir } from './processes.js';
import type { VisitorClient } from './visitor.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface WriteThroughKillsOptions {
  /** The visitors, connected; each writes `messages` messages, one after another. */
  sockets: VisitorClient[];
  messages: number;
  /** The client id of a visitor's message (unique per run). */
  clientId: (visitor: number, message: number) => string;
  /** The pause between a visitor's messages. */
  pauseMs: number;
  /** How many times the server is killed, every `killEveryMs` while the visitors write. */
  kills: number;
  killEveryMs: number;
  /** Kills the server (-9) and starts it again, resolving once it is up. */
  killAndRestart: () => Promise<void>;
}

/**
 * Visitors write without waiting for anyone while the built server is killed -9 and started
 * again: each write is sent again with its client id until acked, across the kills (the socket
 * reconnects by itself). Resolves, once every write was acked, with the sessions written to.
 * @example const sessions = await writeThroughKills({ sockets, messages: 25, clientId: (v, m) => `k-${v}-${m}`, pauseMs: 15, kills: 2, killEveryMs: 600, killAndRestart });
 */
export async function writeThroughKills(options: WriteThroughKillsOptions): Promise<Set<string>> {
  const sessions = new Set<string>();
  const write = async (socket: VisitorClient, clientId: string, text: string) => {
    let last = 'no answer';
    // A minute of retries: a write the server still refuses then names why, rather than the test
    // hanging until its own limit.
    const giveUpAt = Date.now() + 60_000;
    while (Date.now() < giveUpAt) {
      try {
        const ack: AckResult<{ sessionId: string }> = await socket
          .timeout(2000)
          .emitWithAck('message.send', { clientId, text });
        if (ack.ok) {
          sessions.add(ack.sessionId);
          return;
        }
        last = `${ack.error.code}: ${ack.error.message}`;
      } catch {
        // no answer: the server is down; the same client id again shortly
        last = `no answer (socket ${socket.connected ? 'connected' : 'disconnected'})`;
      }
      await sleep(200);
    }
    throw new Error(`${clientId} was never acked; last: ${last}`);
  };
  const writing = Promise.all(
    options.sockets.map(async (socket, v) => {
      for (let m = 0; m < options.messages; m++) {
        await write(socket, options.clientId(v, m), `message ${m} of visitor ${v}`);
        await sleep(options.pauseMs);
      }
    }),
  );
  for (let kill = 0; kill < options.kills; kill++) {
    await sleep(options.killEveryMs);
    await options.killAndRestart();
  }
  await writing;
  return sessions;
}

/**
 * Writes the configuration a kill test's server runs with, and returns its path: one site of
 * `origin` entering through a bot nobody connects, whose sessions stay with it for an hour (the
 * default grace of 30 s would send them on to a queue, and the visitors' next writes into a new
 * session, on a machine slow enough for a run to last that long), plus `site` and `rest`.
 * @example const path = await writeKillConfig(origin, { webhooks: [...] }, { webhookSettings: { pollMs: 50 } });
 */
export async function writeKillConfig(
  origin: string,
  site: Record<string, unknown> = {},
  rest: Record<string, unknown> = {},
): Promise<string> {
  const path = join(tempDataDir(), 'parley.json');
  const config = {
    sites: [
      { key: 'demo', allowedOrigins: [origin], entry: { bot: 'welcome' }, botGraceSeconds: 3600, ...site },
    ],
    bots: [{ id: 'welcome', token: 'a-token-nobody-connects-with' }],
    ...rest,
  };
  await writeFile(path, JSON.stringify(config));
  return path;
}
