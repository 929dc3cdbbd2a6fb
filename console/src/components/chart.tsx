/**
 * A uPlot line chart over business days (x = day) or instants. uPlot draws on a canvas, so
 * the chart also gets a text summary for screen readers (`label`), and each page shows the
 * numbers in a table beside it.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { getLang, getTimeZone } from '../i18n.ts';

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
  dash?: number[];
  bars?: boolean;
}

/** x: seconds since the epoch (days as their UTC noon). */
export function LineChart(props: { x: number[]; series: Series[]; label: string; height?: number; days?: boolean; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = el.current;
    if (!host) return;
    const width = Math.max(320, host.clientWidth || 800);
    const fmt = props.days
      ? new Intl.DateTimeFormat(getLang(), { timeZone: 'UTC', month: 'short', day: 'numeric' })
      : new Intl.DateTimeFormat(getLang(), { timeZone: getTimeZone(), hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    const plot = new uPlot(
      {
        width,
        height: props.height ?? 260,
        scales: { x: { time: false } },
        axes: [
          { values: (_u, splits) => splits.map((s) => fmt.format(new Date(s * 1000))), stroke: '#333', grid: { stroke: '#e5e5e5' } },
          { stroke: '#333', grid: { stroke: '#e5e5e5' }, size: 60 },
        ],
        series: [
          { label: props.days ? 'day' : 'time', value: (_u, v) => (v === null ? '—' : fmt.format(new Date(v * 1000))) },
          ...props.series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            ...(s.dash ? { dash: s.dash } : {}),
            ...(s.bars ? { paths: uPlot.paths.bars?.({ size: [0.6, 40] }), fill: `${s.color}55` } : {}),
            points: { show: props.x.length < 60 },
          })),
        ],
      },
      [props.x, ...props.series.map((s) => s.values)] as uPlot.AlignedData,
      host,
    );
    return () => plot.destroy();
  }, [props.x, props.series, props.days, props.height]);
  return <div ref={el} class="chart" role="img" aria-label={props.label} data-testid={props.testId} />;
}

/** A business day YYYY-MM-DD as the chart's x value. */
export function dayX(day: string): number {
  return Date.parse(`${day}T12:00:00Z`) / 1000;
}
