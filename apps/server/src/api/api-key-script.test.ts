/**
 * The `api-key` script (`npm run api-key`), run as its own process over a data directory the way
 * an operator runs it: the key it prints works against a server over the same records; while the
 * server has the PGlite records open, it refuses and says how to create the key instead.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from '../../test/api.js';
import { type RunningParley, startParley } from '../../test/harness.js';
import { tempDataDir } from '../../test/processes.js';
import { lockDataDir } from '../embedded/data-dir-lock.js';
import { createPgliteRecords } from '../records/pglite-records.js';

const script = fileURLToPath(new URL('../../dist/api-key.js', import.meta.url));

function run(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script, ...args],
      { env: { ...process.env, PARLEY_DATA_DIR: dataDir, PARLEY_CONFIG: '', DATABASE_URL: '' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the api-key script', { timeout: 60_000 }, () => {
  let parley: RunningParley | undefined;
  afterEach(async () => {
    await parley?.close();
    parley = undefined;
  });

  it('creates a key shown once that a server over the same records takes; lists and revokes', async () => {
    const dataDir = tempDataDir();
    const created = await run(['create', '--site', 'demo', '--scope', 'write', '--name', 'crm'], dataDir);
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^pk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown this once');

    for (const bad of [
      ['create', '--site', 'nowhere', '--scope', 'write', '--name', 'x'],
      ['create', '--site', 'demo', '--scope', 'root', '--name', 'x'],
      ['create', '--site', 'demo', '--scope', 'read'],
      ['rotate'],
    ]) {
      const refused = await run(bad, dataDir);
      expect(refused.code, bad.join(' ')).toBe(2);
      expect(refused.stdout).toBe('');
    }

    const listed = await run(['list'], dataDir);
    expect(listed.stdout).toMatch(/\tdemo\twrite\tcrm\t/);
    expect(listed.stdout).not.toContain(key.slice(20));

    // A server over the same records takes the key.
    const records = await createPgliteRecords({ dataDir: join(dataDir, 'records') });
    parley = await startParley({ records });
    expect((await callApi(parley.url, key, 'GET', '/agents/presence')).status).toBe(200);
    await parley.close();
    parley = undefined;
    await records.close();

    const id = key.slice(3, 19);
    expect((await run(['revoke', id], dataDir)).code).toBe(0);
    expect((await run(['list', '--site', 'demo'], dataDir)).stdout).not.toMatch(/\t-\n$/);
    expect((await run(['revoke', 'no-such-key'], dataDir)).code).toBe(1);
  });

  it('refuses while another process has the PGlite records open, and says what to do', async () => {
    const dataDir = tempDataDir();
    const release = await lockDataDir(join(dataDir, 'records'));
    try {
      const refused = await run(['create', '--site', 'demo', '--scope', 'write', '--name', 'crm'], dataDir);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(`process ${process.pid}`);
      expect(refused.stderr).toContain('/api/v1/api-keys');
      expect(refused.stderr).toContain('stop the server');
    } finally {
      await release();
    }
    expect((await run(['create', '--site', 'demo', '--scope', 'read', '--name', 'bi'], dataDir)).code).toBe(
      0,
    );
  });
});
