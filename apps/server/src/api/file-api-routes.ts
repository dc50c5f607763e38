import { AttachmentSchema, fail } from '@parley/protocol';
import * as v from 'valibot';
import type { FileService } from '../files/file-service.js';
import { type ApiServices, asAgent, asBot, IdParamsSchema, writeAs } from './api-context.js';
import { defineRoute } from './api-route.js';

const TAG = 'Files';

const fileFields = {
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(255), v.description('The name the visitor sees')),
  data: v.pipe(
    v.string(),
    v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'data is base64'),
    v.description(
      "The file's bytes, base64 (within the API's 1 MiB body; larger files go to the file routes, docs/visitor-protocol.md)",
    ),
  ),
};

export const UploadFileSchema = v.variant('as', [
  v.strictObject({ ...asBot, ...fileFields }),
  v.strictObject({ ...asAgent, ...fileFields }),
]);

const UploadedSchema = v.strictObject({ attachment: AttachmentSchema });
const FileLinkSchema = v.strictObject({ url: v.string(), expiresAt: v.number() });

const noFiles = () => fail('not_configured', 'This server keeps no files');

/**
 * Files over the REST API (issue 14): an upload for a session, as the bot or agent who may write
 * in it, then `postMessage` with its `attachmentId`; and a short-lived link to any file of the
 * key's site.
 */
export function fileApiRoutes(services: ApiServices & { files?: FileService | undefined }) {
  const { files } = services;
  return [
    defineRoute({
      method: 'POST',
      path: '/sessions/{id}/files',
      operationId: 'uploadFile',
      summary:
        "Uploads a file for a session, as the bot handling it or the agent who has it: pending until a message names it (`postMessage` with `attachmentId`). The type is sniffed from the bytes and the site's limits apply.",
      tag: TAG,
      scope: 'write',
      status: 201,
      params: IdParamsSchema,
      body: UploadFileSchema,
      response: UploadedSchema,
      errors: ['payload_too_large', 'not_configured'],
      handle: async ({ caller, params, body }) => {
        if (!files) return noFiles();
        const input = {
          sessionId: params.id,
          name: body.name,
          bytes: new Uint8Array(Buffer.from(body.data, 'base64')),
        };
        const uploaded = await writeAs(services, caller, params.id, body, {
          bot: (bot) => files.upload({ role: 'bot', bot }, input),
          agent: (agent) => files.upload({ role: 'agent', agent }, input),
        });
        return uploaded.ok ? { ok: true, value: { attachment: uploaded.value } } : uploaded;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/files/{id}/link',
      operationId: 'getFileLink',
      summary: "A short-lived signed link to a file of the key's site (an attachment's `id`).",
      tag: TAG,
      scope: 'read',
      params: IdParamsSchema,
      response: FileLinkSchema,
      errors: ['not_configured'],
      handle: async ({ caller, params }) => (files ? files.siteLink(caller.site.key, params.id) : noFiles()),
    }),
  ];
}
