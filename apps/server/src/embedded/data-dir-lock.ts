import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Another live process holds the data directory's records. */
export class DataDirBusyError extends Error {
  override readonly name = 'DataDirBusyError';
  constructor(readonly pid: number) {
    super(`Process ${pid} has the records of this data directory open`);
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes a PGlite data folder (the records under the data directory) for this process, with a
 * lock file beside it (`records.lock`), or throws `DataDirBusyError` while
 * another live process has them. PGlite takes no lock of its own, and two processes writing one
 * data directory would corrupt it: the server and the `api-key` script both take this one. A lock
 * left by a dead process is taken over. Resolves with the release.
 * @example const release = await lockDataDir(join(env.dataDir, 'records'));
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  // Beside the folder, not in it: PostgreSQL creates its data folder only when it is empty.
  await mkdir(dirname(dir), { recursive: true });
  const file = `${dir}.lock`;
  for (;;) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new DataDirBusyError(holder);
    }
    // A dead process's lock (or an empty one, half written): take it over.
    await rm(file, { force: true });
  }
}
