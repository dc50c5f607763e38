/**
 * The repo's two load-balancer configurations (deploy/haproxy.cfg, deploy/nginx.conf) behind one
 * interface, so that src/deploy/load-balancer.test.ts runs the same cases against each: how to
 * start one in front of the Parley processes, which process served a client address, and the
 * variant of its file without stickiness.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHaproxy } from './haproxy.js';
import { startNginx } from './nginx.js';
import type { SelfSignedCert } from './self-signed-cert.js';

const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** A balancer in front of the two Parley processes, whichever it is. */
export interface Balancer {
  /** `https://localhost:<port>`: the one origin of the widget, the desk, the API and the sockets. */
  url: string;
  /** Its plain-HTTP port's URL, which only redirects. */
  plainUrl: string;
  output(): string;
  /** The Parley processes (1, 2) that requests from `source` went to, as the balancer noted. */
  processesOf(source: string): Promise<number[]>;
  /** Resolves once the balancer has taken process `n` (1, 2) out, as far as it tells. */
  untilTakenOut(n: number): Promise<void>;
  stop(): Promise<void>;
}

export interface BalancerStart {
  /** The repo's configuration file, or a variant of it. */
  config: string;
  /** A folder of this balancer's own. */
  dir: string;
  ports: { http: number; https: number };
  processes: string[];
  cert: SelfSignedCert;
}

export interface BalancerKind {
  name: string;
  daemon: 'haproxy' | 'nginx';
  config: string;
  /** The configuration without its stickiness (and anything else round robin needs). */
  roundRobin(config: string): string;
  /** The lines `roundRobin` takes out. */
  stickyLines: number;
  /** Where plain HTTP for `/desk` is sent. */
  redirect(balancer: Balancer): string;
  start(options: BalancerStart): Promise<Balancer>;
}

export const haproxyKind: BalancerKind = {
  name: 'HAProxy (deploy/haproxy.cfg)',
  daemon: 'haproxy',
  config: repo('deploy/haproxy.cfg'),
  roundRobin: (config) => config.replace(/^\s*stick(-table)? .*\n/gm, ''),
  stickyLines: 2,
  // HAProxy keeps the Host header's port: on 80 and 443 there is none.
  redirect: (lb) => `https://localhost:${new URL(lb.plainUrl).port}/desk`,
  async start({ config, dir, ports, processes, cert }) {
    const stats = join(dir, 'stats.sock');
    const haproxy = await startHaproxy(config, stats, {
      PARLEY_LB_HTTP: `127.0.0.1:${ports.http}`,
      PARLEY_LB_HTTPS: `127.0.0.1:${ports.https}`,
      PARLEY_LB_CERT: cert.pemPath,
      PARLEY_LB_STATS: stats,
      PARLEY_1: processes[0] ?? '',
      PARLEY_2: processes[1] ?? '',
    });
    await haproxy.untilStatuses('parley', ['UP', 'UP']);
    return {
      url: `https://localhost:${ports.https}`,
      plainUrl: `http://localhost:${ports.http}`,
      output: haproxy.output,
      // Each address is kept to one process by the stick table.
      processesOf: async (source) =>
        (await haproxy.stickTable('parley'))
          .filter((e) => e.key.endsWith(`:${source}`))
          .map((e) => e.serverId),
      untilTakenOut: (n) => haproxy.untilStatuses('parley', n === 1 ? ['DOWN', 'UP'] : ['UP', 'DOWN']),
      stop: haproxy.stop,
    };
  },
};

export const nginxKind: BalancerKind = {
  name: 'nginx (deploy/nginx.conf)',
  daemon: 'nginx',
  config: repo('deploy/nginx.conf'),
  // One worker: several would each keep a round robin of their own, and a client's requests
  // could meet the same process by chance.
  roundRobin: (config) =>
    config
      .replace(/^\s*hash \$remote_addr.*\n/m, '')
      .replace('worker_processes auto;', 'worker_processes 1;'),
  stickyLines: 1,
  redirect: () => 'https://localhost/desk',
  async start({ config, dir, ports, processes, cert }) {
    const accessLog = join(dir, 'access.log');
    const vars = {
      PARLEY_LB_HTTP: `127.0.0.1:${ports.http}`,
      PARLEY_LB_HTTPS: `127.0.0.1:${ports.https}`,
      PARLEY_LB_CERT: cert.certPath,
      PARLEY_LB_KEY: cert.keyPath,
      PARLEY_LB_ACCESS_LOG: accessLog,
      PARLEY_1: processes[0] ?? '',
      PARLEY_2: processes[1] ?? '',
    };
    const nginx = await startNginx(config, dir, vars, ports.https);
    return {
      url: `https://localhost:${ports.https}`,
      plainUrl: `http://localhost:${ports.http}`,
      output: () => `${nginx.output()}${existsSync(accessLog) ? readFileSync(accessLog, 'utf8') : ''}`,
      // From the access log: `<client> "<request>" <status> upstream=<address>[, <address>...]`,
      // the last address the one that answered.
      async processesOf(source) {
        const log = existsSync(accessLog) ? readFileSync(accessLog, 'utf8') : '';
        const served = log
          .split('\n')
          .filter((line) => line.startsWith(`${source} `))
          .map(
            (line) =>
              processes.indexOf(
                line
                  .split(', ')
                  .at(-1)
                  ?.replace(/.*upstream=/, '') ?? '',
              ) + 1,
          );
        return [...new Set(served)].filter((n) => n > 0).sort();
      },
      // Passive checks only: nginx takes a process out when connecting to it fails.
      untilTakenOut: async () => {},
      stop: nginx.stop,
    };
  },
};
