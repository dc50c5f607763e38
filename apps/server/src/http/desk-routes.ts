import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The desk's page policy: only Parley's own scripts, styles, sounds and socket, and no framing
 * at all (a desk inside someone else's frame could be clickjacked into sending messages).
 */
export const DESK_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `/desk` (the agent console's page) and `/desk/*` (its assets), from the desk's build output. */
export async function registerDeskRoutes(
  app: FastifyInstance,
  { deskDir }: { deskDir: string },
): Promise<void> {
  await app.register(fastifyStatic, {
    root: deskDir,
    prefix: '/desk/',
    index: false,
    decorateReply: false,
    maxAge: 60_000,
  });

  // Read on first request (then kept): the server starts even before the desk is built.
  let page: Promise<string> | undefined;
  const sendPage = async (_request: unknown, reply: import('fastify').FastifyReply) => {
    page ??= readFile(join(deskDir, 'index.html'), 'utf8');
    const html = await page.catch((error: unknown) => {
      page = undefined;
      throw error;
    });
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', DESK_CSP)
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .send(html);
  };
  app.get('/desk', sendPage);
  app.get('/desk/', sendPage);
}
