import { randomBytes } from 'node:crypto';

/** A new file's id: 18 random bytes in base64url, 24 characters. */
export const newFileId = () => randomBytes(18).toString('base64url');

/** Whether `id` could be a file's id: anything else (a path, say) names no file. */
export const isFileId = (id: string) => /^[A-Za-z0-9_-]{1,64}$/.test(id);

/** Every object key the file store uses, in one place (like `redis-keys.ts` for the live store). */
export const fileKeys = {
  /** The file's record (`StoredFile` as JSON). */
  meta: (id: string) => `files/${id}/meta.json`,
  /** The file's bytes. */
  bytes: (id: string) => `files/${id}/bytes`,
  /** A marker per upload not yet sent in a message; the sweeper lists these. */
  pendingPrefix: 'pending/',
  pending: (id: string) => `pending/${id}`,
  /** A marker per file of a visitor, so erasing the visitor finds them all. */
  visitorPrefix: (siteKey: string, visitorId: string) => `visitors/${siteKey}/${visitorId}/`,
  visitor: (siteKey: string, visitorId: string, id: string) => `visitors/${siteKey}/${visitorId}/${id}`,
};
