import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore } from './file-store.js';
import { describeFileStore } from './file-store-contract.js';
import { createFolderBucket } from './folder-bucket.js';
import { createS3Bucket } from './s3-bucket.js';

describeFileStore('folder', async () => {
  const root = await mkdtemp(join(tmpdir(), 'parley-files-'));
  return {
    store: createFileStore(createFolderBucket(root)),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

// The S3 path against a real S3-compatible server (s3rver) on a free port, started by the test.
let s3: S3rver;
let s3Dir: string;
let endpoint = '';
beforeAll(async () => {
  s3Dir = await mkdtemp(join(tmpdir(), 'parley-s3rver-'));
  s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: s3Dir,
    configureBuckets: [{ name: 'parley' }],
  });
  const { port } = await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3.close();
  await rm(s3Dir, { recursive: true, force: true });
});

describeFileStore('S3 (s3rver)', async () => {
  // Each test under its own key prefix, removed after it.
  const bucket = createS3Bucket({
    bucket: 'parley',
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    prefix: `test-${randomUUID()}/`,
  });
  return {
    store: createFileStore(bucket),
    async cleanup() {
      for (const key of await bucket.list('')) await bucket.delete(key);
      bucket.close();
    },
  };
});

describe('folder bucket', () => {
  it('refuses a key that would leave its folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'parley-files-'));
    const bucket = createFolderBucket(root);
    await expect(bucket.put('../escape', new Uint8Array([1]))).rejects.toThrow(/Bad object key/);
    await bucket.put('a/%2e%2e/b', new Uint8Array([1]));
    expect(await bucket.list('a/')).toEqual(['a/%2e%2e/b']);
    await rm(root, { recursive: true, force: true });
  });
});
