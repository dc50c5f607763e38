import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { ObjectBucket } from './object-bucket.js';

/** A key's path under `root`; each segment is encoded, so no key can leave the folder. */
function pathOf(root: string, key: string): string {
  const segments = key.split('/').map((segment) => {
    if (segment === '' || segment === '.' || segment === '..') throw new Error(`Bad object key: ${key}`);
    return encodeURIComponent(segment);
  });
  return join(root, ...segments);
}

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Objects as files in a folder (the default: `files/` under `PARLEY_DATA_DIR`). A write goes to a
 * temporary name first and is renamed into place, so a reader never sees half a file.
 * @example const files = createFileStore(createFolderBucket(join(dataDir, 'files')));
 */
export function createFolderBucket(root: string): ObjectBucket {
  return {
    async put(key, body) {
      const path = pathOf(root, key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomUUID()}.tmp`;
      await writeFile(temporary, body, { mode: 0o600 });
      await rename(temporary, path);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(root, key)));
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(root, key), { force: true });
    },
    async list(prefix) {
      const folder = pathOf(root, prefix.replace(/\/$/, ''));
      try {
        const entries = await readdir(folder, { recursive: true, withFileTypes: true });
        return entries
          .filter((entry) => entry.isFile() && !entry.name.endsWith('.tmp'))
          .map((entry) => {
            const path = relative(root, join(entry.parentPath, entry.name));
            return path.split(sep).map(decodeURIComponent).join('/');
          });
      } catch (error) {
        if (missing(error)) return [];
        throw error;
      }
    },
  };
}
