import { useEffect, useRef } from 'preact/hooks';
import uPlot, { type AlignedData, type Options } from 'uplot';

export interface ChartSeries {
  label: string;
  values: ReadonlyArray<number | null>;
  /** A CSS colour name of the desk's palette (`--brand`, `--ok`...), read when drawn. */
  color: string;
}

export interface ReportChartProps {
  /** What the chart shows, in words: the figures are in the table beside it too. */
  label: string;
  /** Times (ms since the epoch, shown in UTC) or, for `categories`, their indices. */
  x: readonly number[];
  /** Names of the bars when x is not time. */
  categories?: readonly string[];
  series: readonly ChartSeries[];
  /** Bars rather than a line. */
  bars?: boolean;
  /** Words under the chart (its unit), beside the series' key when there are several. */
  caption?: string;
}

const HEIGHT = 220;

const alignOf = (index: number, count: number): -1 | 0 | 1 => (count === 1 ? 0 : index === 0 ? -1 : 1);

/** A colour of the desk's stylesheet as it stands (light or dark). */
const cssColor = (element: Element, name: string) =>
  getComputedStyle(element).getPropertyValue(name).trim() || 'currentColor';

/**
 * A uPlot chart (https://github.com/leeoniya/uPlot): small, fast, drawn on a canvas. It is an
 * image to assistive technology, labelled in words; the table beside it has the figures.
 */
export function ReportChart({ label, x, categories, series, bars = false, caption }: ReportChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = box.current;
    if (!target) return;
    const draw = () => {
      const text = cssColor(target, '--muted');
      const grid = cssColor(target, '--border');
      const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
      const options: Options = {
        width: Math.max(240, target.clientWidth),
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          // Categories: half a step of room on either side, so the first and last bars show whole.
          x:
            categories === undefined
              ? { time: true }
              : { time: false, range: (): [number, number] => [-0.5, categories.length - 0.5] },
          y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
        },
        // Times as UTC, like the server's buckets.
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1e3), 'Etc/UTC'),
        axes: [
          categories === undefined
            ? axis
            : {
                ...axis,
                splits: () => categories.map((_, i) => i),
                values: (_u, splits) => splits.map((i) => categories[i] ?? ''),
              },
          axis,
        ],
        series: [
          {},
          ...series.map((s, index) => ({
            label: s.label,
            stroke: cssColor(target, s.color),
            fill: bars ? cssColor(target, s.color) : undefined,
            width: 2,
            points: { show: !bars },
            // Side by side: the first series' bars left of each x, the second's right of it.
            ...(bars
              ? { paths: uPlot.paths.bars?.({ size: [0.4, 60], align: alignOf(index, series.length) }) }
              : {}),
          })),
        ],
      };
      const xs = categories === undefined ? x.map((at) => at / 1000) : [...x];
      const data = [xs, ...series.map((s) => [...s.values])] as AlignedData;
      return new uPlot(options, data, target);
    };
    let chart = draw();
    // The canvas takes its colours when drawn: drawn again when the theme changes.
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const redraw = () => {
      chart.destroy();
      chart = draw();
    };
    scheme.addEventListener('change', redraw);
    return () => {
      scheme.removeEventListener('change', redraw);
      chart.destroy();
    };
  }, [x, categories, series, bars]);
  return (
    <figure class="report-figure">
      <div ref={box} class="report-chart" role="img" aria-label={label} />
      {series.length > 1 || caption ? (
        <figcaption class="report-chart__legend">
          {caption ? <span>{caption}</span> : null}
          {series.length > 1
            ? series.map((s) => (
                <span key={s.label} class="report-chart__key">
                  <span
                    class={`report-chart__swatch report-chart__swatch--${s.color.slice(2)}`}
                    aria-hidden="true"
                  />
                  {s.label}
                </span>
              ))
            : null}
        </figcaption>
      ) : null}
    </figure>
  );
}
