import type { AuditActor } from '@parley/protocol';
import type { Logger } from 'pino';
import type { RecordsStore } from '../records/records-store.js';

/** One sensitive action, as the audit log keeps it (the time is added here). */
export interface AuditInput {
  actor: AuditActor;
  /** `noun.verb`: `agent.login`, `presence.set`, `session.transfer`, `visitor.erase`. */
  action: string;
  target?: { kind: string; id: string };
  siteKey?: string;
  details?: Record<string, unknown>;
}

/**
 * Where sensitive actions go (DESIGN.md "Security model"; issue 12): the records' audit log.
 * An entry that cannot be written is logged with everything it held, never thrown at the action
 * it describes (the action already happened). Without records, entries go to the log only.
 * @example await audit.record({ actor: { kind: 'agent', id: 'ada' }, action: 'session.close', target: { kind: 'session', id } });
 */
export function createAuditTrail(records: RecordsStore | undefined, logger: Logger, clock: () => number) {
  return {
    async record(entry: AuditInput): Promise<void> {
      const at = clock();
      if (!records) {
        logger.info({ audit: { ...entry, at } }, 'audit');
        return;
      }
      try {
        await records.appendAudit({ ...entry, at });
      } catch (error) {
        logger.error({ err: error, audit: { ...entry, at } }, 'cannot write an audit entry');
      }
    },
  };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;
