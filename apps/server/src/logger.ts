import pino, { type Logger } from 'pino';

/** The server's structured logger (JSON lines on stdout). */
export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { service: 'parley' } });
}
