import type { Directory, DurationFigure, RatingRow, Report } from '@parley/protocol';
import { formatDuration } from '../../format/format-duration.js';
import type { Translate } from '../../i18n/translate.js';
import type { ReportTable } from './report-csv.js';

/** A bucket's start as the table (and its CSV) shows it, UTC: `2026-03-02 09:00` or `2026-03-02`. */
export function bucketText(at: number, bucket: 'hour' | 'day'): string {
  const iso = new Date(at).toISOString();
  return bucket === 'hour' ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

const duration = (ms: number | null, t: Translate) => (ms === null ? t('reports.none') : formatDuration(ms));

/** A rating row's headline on its own scale: `4.5 of 5`, `50% up`, `NPS 20`. */
export function scoreText(row: RatingRow, t: Translate): string {
  return t(`reports.score.${row.scale}`, { value: row.score });
}

/**
 * The report's five tables, each shown and exported (CSV) from the same rows, so a download says
 * what the screen says.
 */
export function reportTables(report: Report, directory: Directory, t: Translate) {
  const agentName = (id: string) => directory.agents.find((agent) => agent.id === id)?.name ?? id;
  const times: Array<[string, DurationFigure]> = [
    [t('reports.firstResponse'), report.firstResponse],
    [t('reports.queueWait'), report.queueWait],
    [t('reports.handlingTime'), report.handlingTime],
  ];
  const volume: ReportTable = {
    name: 'conversations',
    head: [t('reports.at'), t('reports.count')],
    rows: report.volume.points.map((p) => [bucketText(p.at, report.volume.bucket), p.count]),
  };
  const summary: ReportTable = {
    name: 'bots-and-humans',
    head: [t('reports.figure'), t('reports.value')],
    rows: [
      [t('reports.total'), report.handling.total],
      [t('reports.botsOnly'), report.handling.botsOnly],
      [t('reports.toHumans'), report.handling.toHumans],
      [t('reports.missed'), report.missed.total],
      [t('reports.missedForm'), report.missed.withForm],
      [t('reports.missedNoForm'), report.missed.withoutForm],
    ],
  };
  const directions: ReportTable = {
    name: 'directions',
    head: [t('reports.startedBy'), t('reports.count')],
    rows: report.directions.map((d) => [t(`reports.direction.${d.direction}`), d.count]),
  };
  const timesTable: ReportTable = {
    name: 'response-times',
    head: [t('reports.figure'), t('reports.measured'), t('reports.median'), t('reports.p90')],
    rows: times.map(([name, figure]) => [
      name,
      figure.count,
      duration(figure.median, t),
      duration(figure.p90, t),
    ]),
  };
  const ratings: ReportTable = {
    name: 'ratings',
    head: [
      t('reports.by'),
      t('reports.name'),
      t('reports.site'),
      t('reports.scale'),
      t('reports.ratingCount'),
      t('reports.score'),
    ],
    rows: report.ratings.map((row) => [
      t(`reports.by.${row.by}`),
      row.by === 'agent' ? agentName(row.key) : row.key,
      row.siteKey,
      t(`reports.scale.${row.scale}`),
      row.count,
      scoreText(row, t),
    ]),
  };
  return { volume, summary, directions, times: timesTable, ratings };
}
