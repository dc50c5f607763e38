import { createHash } from 'node:crypto';
import type { ParleyConfig } from '../config/config-schema.js';
import type { RecordsStore } from '../records/records-store.js';

/** A digest of the configuration, secrets and all: equal configurations, equal digests. */
export function configDigest(config: ParleyConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

/**
 * Config changes go to the audit log (issue 12): the configuration is a file read at start, so
 * a change shows as a start with a digest other than the last one recorded. Writes a
 * `config.change` entry (who: the system; with both digests) then, and nothing when the
 * configuration is the one recorded last. Several processes starting at once may each write it.
 * @example await auditConfigChange(records, config, Date.now());
 */
export async function auditConfigChange(
  records: RecordsStore,
  config: ParleyConfig,
  now: number,
): Promise<boolean> {
  const digest = configDigest(config);
  const [last] = (await records.listAudit({ action: 'config.change', limit: 1 })).entries;
  const previous = typeof last?.details.digest === 'string' ? last.details.digest : null;
  if (previous === digest) return false;
  await records.appendAudit({
    at: now,
    actor: { kind: 'system', id: 'parley' },
    action: 'config.change',
    target: { kind: 'config', id: digest.slice(0, 12) },
    details: {
      digest,
      previous,
      sites: config.sites.map((s) => s.key),
      bots: config.bots.map((b) => b.id),
      agents: config.agents.map((a) => a.id),
    },
  });
  return true;
}
