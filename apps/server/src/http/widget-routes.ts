import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ParleyConfig } from '../config/config-schema.js';

/**
 * The strict policy of the widget's own page: only Parley's own scripts, styles and socket (and
 * https images: bots' cards, agents' avatars), and
 * `frame-ancestors` limited to the site's allowed origins, so the browser itself refuses to embed
 * the widget on any other site.
 */
export function frameCsp(frameAncestors: string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    // Bots' cards show images from their own hosts, https only (issue 14; the protocol refuses
    // any other scheme), never http or the page's own scheme.
    "img-src 'self' data: https:",
    "font-src 'self'",
    "media-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');
}

/** `/widget.js` (the loader) and `/widget/*` (the iframe app), from the widget's build output. */
export async function registerWidgetRoutes(
  app: FastifyInstance,
  { config, widgetDir }: { config: ParleyConfig; widgetDir: string },
): Promise<void> {
  await app.register(fastifyStatic, { root: widgetDir, prefix: '/widget/', index: false, maxAge: 300_000 });

  app.get('/widget.js', (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=300')
      .header('cross-origin-resource-policy', 'cross-origin')
      .sendFile('loader.js', widgetDir),
  );

  // Read on first request (then kept): the server starts even before the widget is built.
  let frameHtml: Promise<string> | undefined;
  app.get<{ Querystring: { site?: string } }>('/widget/frame.html', async (request, reply) => {
    const site = config.sites.find((s) => s.key === request.query.site);
    frameHtml ??= readFile(join(widgetDir, 'frame.html'), 'utf8');
    const html = await frameHtml.catch((error: unknown) => {
      frameHtml = undefined;
      throw error;
    });
    return (
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', frameCsp(site?.allowedOrigins ?? []))
        // Asks for an agent cluster keyed to Parley's origin, not its site. Chromium then runs the
        // frame in a process of its own even on a host page of the same site (chat.example.com in
        // www.example.com), so the widget's work never blocks the host page's thread.
        .header('origin-agent-cluster', '?1')
        .header('referrer-policy', 'no-referrer')
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-cache')
        .send(html)
    );
  });
}
