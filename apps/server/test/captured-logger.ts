import { Writable } from 'node:stream';
import pino from 'pino';

/**
 * A logger that keeps every line it writes (at `warn` and above), so a test can wait for one.
 * @example const log = capturedLogger(); startParley({ logger: log.logger }); log.lines.some(...)
 */
export function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines };
}
