import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newTokenSecret } from '../store/visitor-token.js';

/**
 * The visitor token secret of an embedded deployment (no Redis), kept in the data directory so a
 * restart keeps every visitor's token, and so their history (issue 12). Created on first use,
 * readable by this user only.
 * The file links' secret (issue 14) is kept the same way, under another name (`file-url-secret`).
 * @example const secret = await tokenSecretIn('./data');
 */
export async function tokenSecretIn(dataDir: string, name = 'token-secret'): Promise<string> {
  const file = join(dataDir, name);
  try {
    const kept = (await readFile(file, 'utf8')).trim();
    if (kept.length >= 32) return kept;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = newTokenSecret();
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
