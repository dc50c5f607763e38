import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileStore, StoredFile } from './file-store.js';

/** A fresh store per test, and what to do after it (remove its folder, its keys). */
export interface FileStoreFixture {
  store: FileStore;
  cleanup(): Promise<void>;
}

const bytesOf = (text: string) => new TextEncoder().encode(text);

/**
 * The `FileStore` contract, written once and run against every implementation (the folder under
 * the data directory and an S3-compatible bucket), as the session store's is.
 * @example describeFileStore('folder', async () => ({ store, cleanup }));
 */
export function describeFileStore(name: string, create: () => Promise<FileStoreFixture>): void {
  describe(`FileStore contract: ${name}`, () => {
    let fixture: FileStoreFixture;
    let files: FileStore;
    beforeEach(async () => {
      fixture = await create();
      files = fixture.store;
    });
    afterEach(() => fixture.cleanup());

    const file = (overrides: Partial<StoredFile> = {}): StoredFile => ({
      id: randomBytes(18).toString('base64url'),
      name: 'notes.txt',
      size: 5,
      type: 'text/plain',
      siteKey: 'site',
      visitorId: 'v1',
      uploader: { role: 'visitor', id: 'v1' },
      createdAt: 1000,
      ...overrides,
    });

    it('keeps an upload pending, with its bytes and record', async () => {
      const upload = file();
      await files.savePending(upload, bytesOf('hello'));
      expect(await files.find(upload.id)).toEqual(upload);
      expect(new TextDecoder().decode(await files.read(upload.id))).toBe('hello');
      expect(await files.find('unknown-file-id-0000')).toBeUndefined();
      expect(await files.read('unknown-file-id-0000')).toBeUndefined();
    });

    it('attaches a file once: again to the same session is a retry, to another a conflict', async () => {
      const upload = file();
      await files.savePending(upload, bytesOf('hello'));
      const attached = await files.attach(upload.id, 's1');
      expect(attached).toEqual({ ok: true, value: { ...upload, sessionId: 's1' } });
      expect(await files.attach(upload.id, 's1')).toEqual(attached);
      expect(await files.attach(upload.id, 's2')).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(await files.attach('unknown-file-id-0000', 's1')).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      expect((await files.find(upload.id))?.sessionId).toBe('s1');
    });

    it('cancels only a pending upload', async () => {
      const pending = file();
      const sent = file();
      await files.savePending(pending, bytesOf('a'));
      await files.savePending(sent, bytesOf('b'));
      await files.attach(sent.id, 's1');
      expect(await files.removePending(pending.id)).toBe(true);
      expect(await files.removePending(sent.id)).toBe(false);
      expect(await files.find(pending.id)).toBeUndefined();
      expect(await files.read(pending.id)).toBeUndefined();
      expect(await files.find(sent.id)).toBeDefined();
    });

    it('sweeps the pending uploads older than a time, never a sent one', async () => {
      const old = file({ createdAt: 1000 });
      const fresh = file({ createdAt: 5000 });
      const sent = file({ createdAt: 1000 });
      for (const f of [old, fresh, sent]) await files.savePending(f, bytesOf('x'));
      await files.attach(sent.id, 's1');
      expect(await files.sweepPending(2000)).toBe(1);
      expect(await files.find(old.id)).toBeUndefined();
      expect(await files.read(old.id)).toBeUndefined();
      expect(await files.find(fresh.id)).toBeDefined();
      expect(await files.find(sent.id)).toBeDefined();
      expect(await files.sweepPending(2000)).toBe(0);
    });

    it('erases every file of a visitor, and only theirs', async () => {
      const mine = [file(), file(), file({ uploader: { role: 'agent', id: 'ann' } })];
      const theirs = file({ visitorId: 'v2', uploader: { role: 'visitor', id: 'v2' } });
      const otherSite = file({ siteKey: 'other' });
      for (const f of [...mine, theirs, otherSite]) await files.savePending(f, bytesOf('x'));
      await files.attach(mine[0]?.id ?? '', 's1');
      expect(await files.eraseVisitor('site', 'v1')).toBe(3);
      for (const f of mine) {
        expect(await files.find(f.id)).toBeUndefined();
        expect(await files.read(f.id)).toBeUndefined();
      }
      expect(await files.find(theirs.id)).toBeDefined();
      expect(await files.find(otherSite.id)).toBeDefined();
      expect(await files.eraseVisitor('site', 'v1')).toBe(0);
      // Erased files are no longer pending either: nothing left to sweep.
      expect(await files.sweepPending(Number.MAX_SAFE_INTEGER)).toBe(2);
    });
  });
}
