import { type ErrorCode, fail, isInlineImage, type Result } from '@parley/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { ParleyConfig } from '../config/config-schema.js';
import type { SessionStore } from '../store/session-store.js';
import { fileCaller } from './file-caller.js';
import type { FileService } from './file-service.js';
import { megabytes } from './sniff-upload.js';

export interface FileRoutesDeps {
  config: ParleyConfig;
  store: SessionStore;
  files: FileService;
  /** Uploads per caller per minute. */
  uploadLimiter: RateLimiterMemory;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_payload: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
};

const answer = <T extends object>(reply: FastifyReply, result: Result<T>, okStatus = 200) =>
  result.ok
    ? reply.code(okStatus).send({ ok: true, ...result.value })
    : reply.code(STATUS[result.error.code] ?? 500).send(result);

/** `Content-Disposition` with the name both plain (ASCII only) and encoded (RFC 6266). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The file routes (issue 14, docs/visitor-protocol.md "Files"):
 * - `POST /files/v1/uploads?name=…[&sessionId=…]`, the bytes as `application/octet-stream`:
 *   a pending upload, `201 { ok, attachment }`;
 * - `DELETE /files/v1/uploads/{id}`: cancels an upload not sent yet;
 * - `GET /files/v1/{id}/link`: a short-lived signed link, for the session's participants;
 * - `GET /files/v1/{id}?expires=…&signature=…`: the file, never as a page that can run.
 */
export async function registerFileRoutes(app: FastifyInstance, deps: FileRoutesDeps): Promise<void> {
  const { config, store, files } = deps;
  const largest = Math.max(...config.sites.map((site) => site.files.maxBytes));

  await app.register(async (scope) => {
    // Just past the largest site's limit, so the service answers with that site's own limit.
    scope.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: largest + 1 },
      (_request, body, done) => done(null, body),
    );
    scope.setErrorHandler(async (error, _request, reply) => {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 413) {
        return reply.code(413).send(fail('payload_too_large', `Files are limited to ${megabytes(largest)}`));
      }
      if (status === 415)
        return reply.code(415).send(fail('invalid_payload', 'Send the bytes as application/octet-stream'));
      throw error;
    });

    scope.post('/files/v1/uploads', async (request, reply) => {
      const caller = await fileCaller(request, config, store);
      if (!caller.ok) return answer(reply, caller);
      const who = caller.value;
      const key =
        who.role === 'visitor'
          ? `v:${who.visitorId}`
          : who.role === 'agent'
            ? `a:${who.agent.id}`
            : `b:${who.bot.id}`;
      try {
        await deps.uploadLimiter.consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        return answer(reply, fail('rate_limited', 'Too many uploads; wait a minute'));
      }
      if (!Buffer.isBuffer(request.body)) {
        return answer(reply, fail('invalid_payload', 'Send the bytes as application/octet-stream'));
      }
      const query = request.query as Record<string, string | undefined>;
      const uploaded = await files.upload(who, {
        name: query.name,
        sessionId: query.sessionId,
        bytes: new Uint8Array(request.body.buffer, request.body.byteOffset, request.body.byteLength),
      });
      return answer(reply, uploaded.ok ? { ok: true, value: { attachment: uploaded.value } } : uploaded, 201);
    });

    scope.delete<{ Params: { id: string } }>('/files/v1/uploads/:id', async (request, reply) => {
      const caller = await fileCaller(request, config, store);
      if (!caller.ok) return answer(reply, caller);
      return answer(reply, await files.cancel(caller.value, request.params.id));
    });

    scope.get<{ Params: { id: string } }>('/files/v1/:id/link', async (request, reply) => {
      const caller = await fileCaller(request, config, store);
      if (!caller.ok) return answer(reply, caller);
      return answer(reply, await files.link(caller.value, request.params.id));
    });

    scope.get<{ Params: { id: string }; Querystring: { expires?: string; signature?: string } }>(
      '/files/v1/:id',
      async (request, reply) => {
        const { expires, signature } = request.query;
        const opened = await files.open(request.params.id, Number(expires), signature ?? '');
        if (!opened) {
          return reply
            .code(403)
            .send(fail('forbidden', 'This link is not valid or has expired; ask for a new one'));
        }
        const { file, bytes } = opened;
        const inline = isInlineImage(file.type);
        const remaining = Math.max(0, Math.floor((Number(expires) - Date.now()) / 1000));
        return reply
          .header('Content-Type', file.type === 'text/plain' ? 'text/plain; charset=utf-8' : file.type)
          .header('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', file.name))
          .header('X-Content-Type-Options', 'nosniff')
          .header('Content-Security-Policy', 'sandbox')
          .header('Cache-Control', `private, max-age=${remaining}`)
          .header('Cross-Origin-Resource-Policy', 'same-site')
          .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      },
    );
  });
}
