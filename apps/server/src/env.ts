/** The environment `index.ts` reads; everything else is configured in the config file. */
export interface Env {
  port: number;
  host: string;
  /**
   * Base URL browsers reach Parley at: the demo page's script tag, and the origin the widget's
   * frame connects from (the handshake's Origin is compared with it, never with its Host).
   */
  publicUrl: string;
  /** Port of the demo host page, or null when disabled (`DEMO_PORT=off`). */
  demoPort: number | null;
  /**
   * More origins the demo configuration's site allows (`PARLEY_DEMO_ORIGINS`, comma-separated):
   * your own page, to try the widget on it without a config file. Ignored with `PARLEY_CONFIG`.
   */
  demoOrigins: string[];
  redisUrl: string | undefined;
  redisPrefix: string;
  configPath: string | undefined;
  logLevel: string;
  /** Where the embedded stores keep their files (`PARLEY_DATA_DIR`, default `./data`). */
  dataDir: string;
  /** A PostgreSQL server for the records (`DATABASE_URL`); unset: PGlite under `dataDir`. */
  databaseUrl: string | undefined;
}

/** `PARLEY_DEMO_ORIGINS`: each an origin (`http://localhost:8080`), nothing more. */
function origins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      let origin: string;
      try {
        origin = new URL(item).origin;
      } catch {
        origin = 'null';
      }
      if (origin === 'null' || origin !== item.replace(/\/$/, '')) {
        throw new Error(`PARLEY_DEMO_ORIGINS must list origins such as http://localhost:8080, not "${item}"`);
      }
      return origin;
    });
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new Error(`${name} must be a port number (0-65535), not "${value}"`);
  }
  return parsed;
}

/**
 * Reads `PORT` (3000), `HOST` (localhost), `PUBLIC_URL`, `DEMO_PORT` (PORT+1, or `off`),
 * `REDIS_URL` (unset: in-memory store), `REDIS_PREFIX` (`parley:`), `PARLEY_CONFIG` (a JSON file;
 * unset: the zero-setup demo config), `LOG_LEVEL` (info), `PARLEY_DATA_DIR` (`./data`) and
 * `DATABASE_URL` (unset: the records in PGlite under the data directory), and `PARLEY_DEMO_ORIGINS`
 * (more origins for the demo configuration's site).
 */
export function readEnv(env: NodeJS.ProcessEnv): Env {
  const listenPort = port(env.PORT, 3000, 'PORT');
  const host = env.HOST || 'localhost';
  return {
    port: listenPort,
    host,
    publicUrl: (env.PUBLIC_URL || `http://localhost:${listenPort}`).replace(/\/$/, ''),
    demoPort: env.DEMO_PORT === 'off' ? null : port(env.DEMO_PORT, listenPort + 1, 'DEMO_PORT'),
    demoOrigins: origins(env.PARLEY_DEMO_ORIGINS),
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX || 'parley:',
    configPath: env.PARLEY_CONFIG || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    dataDir: env.PARLEY_DATA_DIR || 'data',
    databaseUrl: env.DATABASE_URL || undefined,
  };
}
