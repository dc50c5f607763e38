import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/default-config.js';
import { createPgliteRecords } from '../records/pglite-records.js';
import type { RecordsStore } from '../records/records-store.js';
import { auditConfigChange, configDigest } from './config-audit.js';

describe('config changes in the audit log', { timeout: 30_000 }, () => {
  let records: RecordsStore;
  beforeAll(async () => {
    records = await createPgliteRecords();
  });
  afterAll(() => records.close());

  it('records a start with a configuration unlike the last one, and nothing for the same one', async () => {
    const config = defaultConfig(['https://shop.example']);
    expect(await auditConfigChange(records, config, 1000)).toBe(true);
    expect(await auditConfigChange(records, config, 2000)).toBe(false);
    const changed = { ...config, sites: config.sites.map((s) => ({ ...s, retentionDays: 7 })) };
    expect(await auditConfigChange(records, changed, 3000)).toBe(true);
    const { entries } = await records.listAudit({ action: 'config.change' });
    expect(entries.map((e) => [e.at, e.actor, e.details.digest, e.details.previous])).toEqual([
      [3000, { kind: 'system', id: 'parley' }, configDigest(changed), configDigest(config)],
      [1000, { kind: 'system', id: 'parley' }, configDigest(config), null],
    ]);
  });
});
