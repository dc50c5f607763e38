import type { RecordsStore } from '../records/records-store.js';

/**
 * The records store with each call timed (the database latency metric, issue 13), failed calls
 * included; everything else passes through. The records are off the hot path, so one closure per
 * method is all it costs.
 * @example const records = timeRecords(await createPgliteRecords({ dataDir }), metrics.databaseCall);
 */
/** The store's own methods (not its parts, such as `apiKeys`). */
type RecordsMethod = {
  [K in keyof RecordsStore]: RecordsStore[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof RecordsStore];

export function timeRecords(
  records: RecordsStore,
  observe: (operation: RecordsMethod, seconds: number) => void,
): RecordsStore {
  const timed =
    <K extends RecordsMethod>(operation: K) =>
    async (...args: Parameters<RecordsStore[K]>): Promise<Awaited<ReturnType<RecordsStore[K]>>> => {
      const call = records[operation] as (...a: typeof args) => Promise<Awaited<ReturnType<RecordsStore[K]>>>;
      const startedAt = performance.now();
      try {
        return await call.apply(records, args);
      } finally {
        observe(operation, (performance.now() - startedAt) / 1000);
      }
    };
  // Listed one by one, as in `guardStore`: a method added to the interface and not here fails to compile.
  return {
    record: timed('record'),
    recordBatch: timed('recordBatch'),
    visitorHistory: timed('visitorHistory'),
    visitor: timed('visitor'),
    transcript: timed('transcript'),
    search: timed('search'),
    exportVisitor: timed('exportVisitor'),
    eraseVisitor: timed('eraseVisitor'),
    deleteClosedBefore: timed('deleteClosedBefore'),
    closeLeftOpen: timed('closeLeftOpen'),
    appendAudit: timed('appendAudit'),
    listAudit: timed('listAudit'),
    report: timed('report'),
    markMonitored: timed('markMonitored'),
    monitored: timed('monitored'),
    appendNote: timed('appendNote'),
    sessionNotes: timed('sessionNotes'),
    offlineMessages: timed('offlineMessages'),
    // Parts of their own, off the timed path (a key's lookup is one indexed row; the webhooks'
    // dispatcher has its delivery metrics).
    apiKeys: records.apiKeys,
    webhooks: records.webhooks,
    ready: timed('ready'),
    close: timed('close'),
  };
}
