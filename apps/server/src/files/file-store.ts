import { type Attachment, fail, type Result } from '@parley/protocol';
import { fileKeys, isFileId } from './file-keys.js';
import type { ObjectBucket } from './object-bucket.js';

/** A file as the server keeps it: the attachment, whose it is, and where it was sent. */
export interface StoredFile extends Attachment {
  siteKey: string;
  /** The visitor of the conversation it belongs to (erasing them removes it). */
  visitorId: string;
  /** Who uploaded it; only they may send it in a message. */
  uploader: { role: 'visitor' | 'agent' | 'bot'; id: string };
  /** The session it was sent in; unset while it is pending. */
  sessionId?: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

/**
 * Uploaded files and images (issue 14): pending after the upload, attached once a message names
 * them, swept when never sent, erased with their visitor. One contract suite
 * (`file-store-contract.ts`) runs against every implementation.
 */
export interface FileStore {
  /** Keeps an upload's bytes and record, pending until a message attaches it. */
  savePending(file: StoredFile, bytes: Uint8Array): Promise<void>;
  find(id: string): Promise<StoredFile | undefined>;
  read(id: string): Promise<Uint8Array | undefined>;
  /**
   * Attaches a pending file to a session: `not_found` when there is no such file, `conflict` when
   * it was sent in another session. Attaching again to the same session is a success (a retry).
   */
  attach(id: string, sessionId: string): Promise<Result<StoredFile>>;
  /** Removes a file still pending (a cancelled upload); false when absent or already sent. */
  removePending(id: string): Promise<boolean>;
  /** Removes every file of a visitor; answers how many. */
  eraseVisitor(siteKey: string, visitorId: string): Promise<number>;
  /** Removes the pending files created before `before` (ms epoch); answers how many. */
  sweepPending(before: number): Promise<number>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The file store over any object bucket (a folder, S3). Records are JSON objects beside the bytes;
 * the markers under `pending/` and `visitors/` index them for the sweeper and for erasure.
 * Attaching is a read then a write, not atomic across processes: only the uploader may attach a
 * file, so two attaches of one file race only against that uploader's own retries.
 * @example const files = createFileStore(createFolderBucket('./data/files'));
 */
export function createFileStore(bucket: ObjectBucket): FileStore {
  const find = async (id: string): Promise<StoredFile | undefined> => {
    if (!isFileId(id)) return undefined;
    const meta = await bucket.get(fileKeys.meta(id));
    return meta ? (JSON.parse(decoder.decode(meta)) as StoredFile) : undefined;
  };
  const remove = async (file: StoredFile) => {
    // The markers go last: a removal cut short is found again by the sweeper or the next erasure.
    await bucket.delete(fileKeys.bytes(file.id));
    await bucket.delete(fileKeys.meta(file.id));
    await bucket.delete(fileKeys.pending(file.id));
    await bucket.delete(fileKeys.visitor(file.siteKey, file.visitorId, file.id));
  };
  const lastSegment = (key: string) => key.slice(key.lastIndexOf('/') + 1);

  return {
    async savePending(file, bytes) {
      const { sessionId: _, ...pending } = file;
      await bucket.put(fileKeys.bytes(file.id), bytes);
      await bucket.put(fileKeys.visitor(file.siteKey, file.visitorId, file.id), new Uint8Array());
      await bucket.put(fileKeys.pending(file.id), new Uint8Array());
      // The record last: a file is findable only once all of it is stored.
      await bucket.put(fileKeys.meta(file.id), encoder.encode(JSON.stringify(pending)));
    },
    find,
    read: async (id) => (isFileId(id) ? bucket.get(fileKeys.bytes(id)) : undefined),
    async attach(id, sessionId) {
      const file = await find(id);
      if (!file) return fail('not_found', 'No such file (an upload is kept for a limited time)');
      if (file.sessionId === sessionId) return { ok: true, value: file };
      if (file.sessionId) return fail('conflict', 'That file was sent in another conversation');
      const attached = { ...file, sessionId };
      await bucket.put(fileKeys.meta(id), encoder.encode(JSON.stringify(attached)));
      await bucket.delete(fileKeys.pending(id));
      return { ok: true, value: attached };
    },
    async removePending(id) {
      const file = await find(id);
      if (!file || file.sessionId) return false;
      await remove(file);
      return true;
    },
    async eraseVisitor(siteKey, visitorId) {
      const keys = await bucket.list(fileKeys.visitorPrefix(siteKey, visitorId));
      let removed = 0;
      for (const key of keys) {
        const id = lastSegment(key);
        const file = await find(id);
        if (file) {
          await remove(file);
          removed += 1;
        } else {
          await bucket.delete(fileKeys.bytes(id));
          await bucket.delete(key);
        }
      }
      return removed;
    },
    async sweepPending(before) {
      const keys = await bucket.list(fileKeys.pendingPrefix);
      let removed = 0;
      for (const key of keys) {
        const file = await find(lastSegment(key));
        if (!file) {
          // A marker whose upload never finished storing its record: nothing to keep.
          await bucket.delete(fileKeys.bytes(lastSegment(key)));
          await bucket.delete(key);
        } else if (!file.sessionId && file.createdAt < before) {
          await remove(file);
          removed += 1;
        }
      }
      return removed;
    },
  };
}
