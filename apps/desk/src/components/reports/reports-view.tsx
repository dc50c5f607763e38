import {
  DIRECTIONS,
  type Direction,
  REPORT_MAX_RANGE,
  type Report,
  type ReportQuery,
} from '@parley/protocol';
import { useCallback, useEffect, useId, useMemo, useState } from 'preact/hooks';
import { useDesk } from '../../app/desk-context.js';
import type { DeskError, DeskState } from '../../app/desk-state.js';
import { errorText } from '../../i18n/error-text.js';
import { Field } from '../field.js';
import { ReportChart } from './report-chart.js';
import { type ReportTable, toCsv } from './report-csv.js';
import { reportTables } from './report-tables.js';

export interface ReportsViewProps {
  state: DeskState;
}

const DAY = 24 * 60 * 60 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The form's fields as typed; days are UTC, like the report's buckets. */
interface Fields {
  from: string;
  to: string;
  siteKey: string;
  queue: string;
  team: string;
  agentId: string;
  /** Who started them (issue 15, item 5); empty, anyone. */
  direction: string;
}

const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/** The last seven days, today included. */
const initialFields = (now: number): Fields => ({
  from: utcDay(now - 6 * DAY),
  to: utcDay(now),
  siteKey: '',
  queue: '',
  team: '',
  agentId: '',
  direction: '',
});

const isDirection = (value: string): value is Direction => (DIRECTIONS as readonly string[]).includes(value);

/** The query the fields ask for (the end day taken in whole), or null when the range is not one. */
export function queryOf(fields: Fields): ReportQuery | null {
  if (!DATE.test(fields.from) || !DATE.test(fields.to)) return null;
  const from = Date.parse(`${fields.from}T00:00:00Z`);
  const to = Date.parse(`${fields.to}T00:00:00Z`) + DAY;
  if (!(from < to) || to - from > REPORT_MAX_RANGE) return null;
  return {
    from,
    to,
    ...(fields.siteKey ? { siteKey: fields.siteKey } : {}),
    ...(fields.queue ? { queue: fields.queue } : {}),
    ...(fields.team ? { team: fields.team } : {}),
    ...(fields.agentId ? { agentId: fields.agentId } : {}),
    ...(isDirection(fields.direction) ? { direction: fields.direction } : {}),
  };
}

/** One table of the report, headed, with its CSV download. */
function DataTable({ id, title, table }: { id: string; title: string; table: ReportTable }) {
  const { t, commands } = useDesk();
  return (
    <section class="report__part" aria-labelledby={id}>
      <div class="page__head">
        <h3 id={id} class="report__title">
          {title}
        </h3>
        <button
          type="button"
          class="button button--small"
          onClick={() => commands.saveCsv(`parley-${table.name}.csv`, toCsv(table))}
        >
          {t('reports.csv')}
          {/* Which table, for a screen reader's list of buttons; the visible words stay in the name. */}
          <span class="sr-only"> {t('reports.csvOf', { table: title })}</span>
        </button>
      </div>
      <table class="table" aria-labelledby={id}>
        <thead>
          <tr>
            {table.head.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.join('\u0000')}>
              {row.map((value, index) => (
                <td key={table.head[index]} class={typeof value === 'number' ? 'num' : undefined}>
                  {value}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The figures: two charts (uPlot) and five tables, each downloadable as CSV. */
function Figures({ report, state }: { report: Report; state: DeskState }) {
  const { t } = useDesk();
  const tables = useMemo(() => reportTables(report, state.directory, t), [report, state.directory, t]);
  const volume = useMemo(() => {
    const { points, bucket } = report.volume;
    const total = points.reduce((sum, p) => sum + p.count, 0);
    const peak = points.reduce((max, p) => Math.max(max, p.count), 0);
    return {
      label: t('reports.volumeChart', { bucket: t(`reports.bucket.${bucket}`), total, peak }),
      x: points.map((p) => p.at),
      series: [{ label: t('reports.count'), values: points.map((p) => p.count), color: '--brand' }],
    };
  }, [report, t]);
  const times = useMemo(() => {
    const figures = [report.firstResponse, report.queueWait, report.handlingTime];
    const minutes = (ms: number | null) => (ms === null ? null : ms / 60_000);
    return {
      categories: [t('reports.firstResponse'), t('reports.queueWait'), t('reports.handlingTime')],
      series: [
        { label: t('reports.median'), values: figures.map((f) => minutes(f.median)), color: '--brand' },
        { label: t('reports.p90'), values: figures.map((f) => minutes(f.p90)), color: '--warn' },
      ],
    };
  }, [report, t]);
  return (
    <div class="report">
      <section class="report__part" aria-labelledby="report-volume-chart">
        <h3 id="report-volume-chart" class="report__title">
          {t('reports.volume')}
        </h3>
        <ReportChart label={volume.label} x={volume.x} series={volume.series} bars />
      </section>
      <DataTable id="report-volume" title={t('reports.volume')} table={tables.volume} />
      <DataTable id="report-summary" title={t('reports.summary')} table={tables.summary} />
      <DataTable id="report-directions" title={t('reports.directions')} table={tables.directions} />
      <section class="report__part" aria-labelledby="report-times-chart">
        <h3 id="report-times-chart" class="report__title">
          {t('reports.times')}
        </h3>
        <ReportChart
          label={t('reports.timesChart')}
          x={[0, 1, 2]}
          categories={times.categories}
          series={times.series}
          bars
          caption={t('reports.inMinutes')}
        />
      </section>
      <DataTable id="report-times" title={t('reports.times')} table={tables.times} />
      {tables.ratings.rows.length > 0 ? (
        <DataTable id="report-ratings" title={t('reports.ratings')} table={tables.ratings} />
      ) : (
        <p class="empty">{t('reports.noRatings')}</p>
      )}
    </div>
  );
}

/**
 * Supervisors and admins: the figures of the conversations started in a range (issue 15, item 6),
 * filtered by site, queue, team and agent. Loaded as a chunk of its own (`lazy-reports.tsx`).
 */
export function ReportsView({ state }: ReportsViewProps) {
  const { t, commands } = useDesk();
  const id = useId();
  const { directory } = state;
  const [fields, setFields] = useState(() => initialFields(Date.now()));
  const [shown, setShown] = useState<{ asking: boolean; report?: Report; error?: DeskError | 'range' }>({
    asking: false,
  });
  const set = (name: keyof Fields) => (event: { currentTarget: { value: string } }) =>
    setFields({ ...fields, [name]: event.currentTarget.value });

  const ask = useCallback(
    (current: Fields) => {
      const query = queryOf(current);
      if (!query) {
        setShown((before) => ({ ...before, asking: false, error: 'range' }));
        return;
      }
      setShown((before) => ({ ...before, asking: true }));
      void commands
        .loadReport(query)
        .then((result) =>
          setShown(
            result.ok ? { asking: false, report: result.value } : { asking: false, error: result.error },
          ),
        );
    },
    [commands],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first report, once; later ones on Show
  useEffect(() => ask(fields), [ask]);

  const select = (name: keyof Fields, label: string, options: Array<{ value: string; label: string }>) => (
    <Field id={`${id}-${name}`} label={label}>
      <select id={`${id}-${name}`} class="field__input" value={fields[name]} onChange={set(name)}>
        <option value="">{t('reports.any')}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );

  return (
    <section class="page" aria-labelledby="desk-reports-title">
      <div class="page__head">
        <h2 id="desk-reports-title" class="page__title">
          {t('reports.title')}
        </h2>
      </div>
      <form
        class="search"
        onSubmit={(event) => {
          event.preventDefault();
          ask(fields);
        }}
      >
        <fieldset class="search__filters">
          <legend class="sr-only">{t('reports.filters')}</legend>
          <Field id={`${id}-from`} label={t('reports.from')}>
            <input
              id={`${id}-from`}
              type="date"
              class="field__input"
              value={fields.from}
              onInput={set('from')}
            />
          </Field>
          <Field id={`${id}-to`} label={t('reports.to')}>
            <input id={`${id}-to`} type="date" class="field__input" value={fields.to} onInput={set('to')} />
          </Field>
          {select(
            'siteKey',
            t('reports.site'),
            (directory.sites ?? []).map((site) => ({ value: site.key, label: site.key })),
          )}
          {select(
            'queue',
            t('reports.queue'),
            directory.queues.filter((q) => q.kind === 'human').map((q) => ({ value: q.id, label: q.name })),
          )}
          {select(
            'team',
            t('reports.team'),
            directory.teams.map((team) => ({ value: team, label: team })),
          )}
          {select(
            'agentId',
            t('reports.agent'),
            directory.agents.map((agent) => ({ value: agent.id, label: agent.name })),
          )}
          {select(
            'direction',
            t('reports.direction'),
            DIRECTIONS.map((direction) => ({ value: direction, label: t(`reports.direction.${direction}`) })),
          )}
          <button type="submit" class="button button--primary">
            {t('reports.apply')}
          </button>
        </fieldset>
      </form>
      <p class="empty" role="status">
        {shown.asking ? t('reports.loading') : ''}
      </p>
      {shown.error ? (
        <p class="dialog__error" role="alert">
          {shown.error === 'range' ? t('reports.badRange') : errorText(shown.error, t)}
        </p>
      ) : null}
      {shown.report ? <Figures report={shown.report} state={state} /> : null}
    </section>
  );
}
