import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isPrivateAddress, PrivateAddressError } from './private-address.js';
import { signatureHeader } from './signature.js';

export interface WebhookRequest {
  url: string;
  /** The `webhook-id` header: the delivery's id, the same on every retry. */
  id: string;
  body: string;
  secrets: readonly string[];
  /** Seconds since the epoch, signed with the body. */
  timestamp: number;
  timeoutMs: number;
  /** Lets the request reach private addresses (the endpoint's or the config's choice). */
  allowPrivate: boolean;
  /** Aborts the request (the dispatcher stopping); the outcome is then an error `aborted`. */
  signal?: AbortSignal;
}

/**
 * What came back: a status and the body (up to `MAX_ANSWER_BYTES`; `truncated` past it, the rest
 * not read), or the error that stopped it.
 */
export type WebhookResponse =
  | { status: number; body: string; truncated: boolean; latencyMs: number; error?: undefined }
  | { status: null; body: null; truncated?: undefined; latencyMs: number; error: string };

/**
 * The most of a response body read (an HTTP bot's answer, docs/http-bots.md): room for the
 * largest valid answer (20 actions of 5,000 characters, each written `\uXXXX` in JSON) and more.
 */
export const MAX_ANSWER_BYTES = 1024 * 1024;

const USER_AGENT = 'Parley-Webhooks/1';

/**
 * POSTs one signed webhook (Standard Webhooks headers) with a timeout. Private addresses are
 * refused at connect time unless allowed (`guardedLookup`; an IP in the URL is checked here, as
 * no lookup runs for it). Redirects are not followed. Never throws: an error is an outcome.
 * @example const response = await postWebhook({ url, id: 'msg_1', body, secrets, timestamp, timeoutMs: 10_000, allowPrivate: false });
 */
export function postWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const started = performance.now();
  const failed = (error: string): WebhookResponse => ({
    status: null,
    body: null,
    latencyMs: performance.now() - started,
    error,
  });
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return Promise.resolve(failed(`invalid URL ${request.url}`));
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!request.allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) {
    return Promise.resolve(
      failed(new PrivateAddressError(`${host} is a private address (allowPrivate is off)`).message),
    );
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'webhook-id': request.id,
          'webhook-timestamp': String(request.timestamp),
          'webhook-signature': signatureHeader(request.secrets, request.id, request.timestamp, request.body),
        },
        signal: request.signal
          ? AbortSignal.any([AbortSignal.timeout(request.timeoutMs), request.signal])
          : AbortSignal.timeout(request.timeoutMs),
        // A fresh connection each time: a pooled one would skip the connect-time check.
        agent: false,
        ...(request.allowPrivate ? {} : { lookup: guardedLookup() }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const answered = (truncated: boolean): WebhookResponse => ({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8'),
          truncated,
          latencyMs: performance.now() - started,
        });
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size <= MAX_ANSWER_BYTES) return;
          // Past the most an answer may be: the rest is not read (nor waited for).
          resolve(answered(true));
          res.destroy();
        });
        res.on('end', () => resolve(answered(false)));
        res.on('error', (err) => resolve(failed(err.message)));
      },
    );
    req.on('error', (err) => {
      if (request.signal?.aborted) return resolve(failed('aborted'));
      const timedOut = err.name === 'AbortError' || err.name === 'TimeoutError';
      resolve(failed(timedOut ? `no answer within ${request.timeoutMs} ms` : err.message));
    });
    req.end(request.body);
  });
}
