import type { Socket } from 'node:net';
import { fail } from '@parley/protocol';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Fastify's `frameworkErrors`: a request its router refuses before any route or error handler
 * sees it (a path that is no valid URL component, `FST_ERR_BAD_URL`) gets a typed error, as
 * every answer of ours has, rather than Fastify's own shape naming its internal code.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  if (status >= 500) void reply.code(500).send(fail('internal', 'The server could not route this request'));
  else void reply.code(status).send(fail('invalid_payload', error.message));
}

/** What a malformed request gets, by Node's parser's error code. */
const CLIENT_ERRORS: Record<
  string,
  { status: number; reason: string; code: 'invalid_payload' | 'payload_too_large'; message: string }
> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'invalid_payload',
    message: 'The request did not arrive in time',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'payload_too_large',
    message: 'The request headers are too large',
  },
};
const MALFORMED = {
  status: 400,
  reason: 'Bad Request',
  code: 'invalid_payload' as const,
  message: 'The request is not well-formed HTTP',
};

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses (headers too large, a body
 * framed two ways) is answered on the socket with a typed error, not Fastify's own shape, and the
 * connection closed. A connection reset needs no answer.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify(fail(answer.code, answer.message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${answer.status} ${answer.reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
