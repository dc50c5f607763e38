import { fail, type Report, type ReportQuery, type Result } from '@parley/protocol';
import { sitesOf } from '../agents/agent-access.js';
import type { AgentConfig, ParleyConfig } from '../config/config-schema.js';
import type { RecordsScope, RecordsStore } from '../records/records-store.js';

/** The roles that may read the reports: supervisors (issue 15, item 3) and admins. */
const REPORT_READERS: readonly string[] = ['admin', 'supervisor'];

/**
 * Whether an agent may read the reports.
 * @example canReadReports({ ...agent, role: 'admin' }) // true
 */
export function canReadReports(agent: Pick<AgentConfig, 'role'>): boolean {
  return REPORT_READERS.includes(agent.role);
}

export interface ReportServiceDeps {
  config: ParleyConfig;
  /** Undefined when the server keeps no records: every report answers `unavailable`. */
  records: RecordsStore | undefined;
}

/**
 * The reports (issue 15, item 6): the records' figures for a range and filters, each site's
 * ratings on its own scale. The desk's `reports.get` asks as an agent (supervisors and admins
 * only); the REST API's `GET /reports` as a key of one site.
 */
export function createReportService({ config, records }: ReportServiceDeps) {
  const scales = Object.fromEntries(config.sites.map((site) => [site.key, site.feedbackScale]));

  const report = async (scope: RecordsScope, query: ReportQuery): Promise<Result<Report>> => {
    if (!records) return fail('unavailable', 'This server keeps no conversation records');
    if (query.siteKey !== undefined && !scope.siteKeys.includes(query.siteKey))
      return fail('not_found', `No site ${query.siteKey}`);
    const figures = await records.report({ ...query, scope, scales });
    return { ok: true, value: { query, ...figures } };
  };

  return {
    /**
     * An agent's report: `forbidden` unless a supervisor or an admin; the sites they serve, by
     * default (no `siteKey` asked) their active site when they set one (issue 15, item 4).
     */
    forAgent(agent: AgentConfig, query: ReportQuery, activeSite?: string): Promise<Result<Report>> {
      if (!canReadReports(agent))
        return Promise.resolve(fail('forbidden', 'Only supervisors and admins may read the reports'));
      const asked =
        query.siteKey === undefined && activeSite !== undefined ? { ...query, siteKey: activeSite } : query;
      return report({ siteKeys: sitesOf(agent, config) }, asked);
    },
    /** An API key's report: its own site only. */
    forSite(siteKey: string, query: ReportQuery): Promise<Result<Report>> {
      return report({ siteKeys: [siteKey] }, query);
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
