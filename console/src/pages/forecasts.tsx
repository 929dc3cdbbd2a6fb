/**
 * Forecasts: for one cell, forecast vs actual shipments per method (uPlot; actual = units OUT
 * per business day from the ledger), the backtest accuracy table, and the reorder signal
 * (reorder point, days of cover, projected stockout). Without a cell: the newest reorder signal
 * of every cell, to pick one.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { getJson, type Page, qs } from '../api.ts';
import { dayX, LineChart } from '../components/chart.tsx';
import { Badge, ErrorLine, ExportButtons, Figure, Pager, Section, usePager, TableHead } from '../components/ui.tsx';
import { fmtDay, fmtInt, fmtNum, t, todayInZone } from '../i18n.ts';

interface Forecast {
  date: string;
  method: string;
  forecast_qty: number;
}
interface Accuracy {
  method: string;
  wape: number | null;
  mase: number | null;
  bias: number | null;
  points: number;
  origins: number;
  chosen_by_auto: boolean;
}
interface Reorder {
  day: string;
  sku: string;
  location: string;
  on_hand: number;
  mean_daily: number;
  safety_stock: number;
  reorder_point: number;
  days_of_cover: number | null;
  stockout_date: string | null;
  below_reorder_point: boolean;
}

const COLORS = ['#1f5fa8', '#b3261e', '#6a3d9a', '#e07b00', '#00796b', '#5d4037', '#c2185b', '#455a64'];

function forecastHref(sku: string, location: string): string {
  return `#/forecasts?sku=${encodeURIComponent(sku)}&location=${encodeURIComponent(location)}`;
}

function ReorderList() {
  const pager = usePager();
  const [below, setBelow] = useState(false);
  const [page, setPage] = useState<Page<Reorder> | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    getJson<Page<Reorder>>(`/v1/reorder${qs({ below_reorder: below, limit: 50, cursor: pager.cursor })}`)
      .then(setPage)
      .catch(setError);
  }, [below, pager.cursor]);
  const q = qs({ below_reorder: below });
  return (
    <Section title={t('reorderSignals')} actions={<ExportButtons name="reorder" list={`/v1/reorder${q}`} />}>
      <p class="muted">{t('pickCellForForecast')}</p>
      <div class="field check">
        <input
          id="fc-below"
          type="checkbox"
          checked={below}
          onChange={(e) => {
            pager.reset();
            setBelow(e.currentTarget.checked);
          }}
        />
        <label for="fc-below">{t('onlyBelowReorder')}</label>
      </div>
      <ErrorLine error={error} />
      {page ? <ReorderTable items={page.items} links /> : null}
      {page ? <Pager pager={pager} nextCursor={page.next_cursor} /> : null}
    </Section>
  );
}

function ReorderTable(props: { items: Reorder[]; links?: boolean }) {
  return (
    <table data-testid="reorder-table">
      <TableHead
        columns={[
          t('sku'),
          t('location'),
          { label: t('onHand'), num: true },
          { label: t('reorderPoint'), num: true },
          { label: t('safetyStock'), num: true },
          { label: t('daysOfCover'), num: true },
          t('stockoutDate'),
          t('status'),
        ]}
      />
      <tbody>
        {props.items.map((r) => (
          <tr class={r.below_reorder_point ? 'row-below' : ''} data-cell={`${r.sku}|${r.location}`}>
            <td>{props.links ? <a href={forecastHref(r.sku, r.location)}>{r.sku}</a> : r.sku}</td>
            <td>{r.location}</td>
            <td class="num">{fmtInt(r.on_hand)}</td>
            <td class="num rop">{fmtNum(r.reorder_point)}</td>
            <td class="num">{fmtNum(r.safety_stock)}</td>
            <td class="num">{fmtNum(r.days_of_cover)}</td>
            <td>{fmtDay(r.stockout_date)}</td>
            <td>{r.below_reorder_point ? <Badge tone="warn">{t('belowReorder')}</Badge> : <Badge tone="ok">{t('ok')}</Badge>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ForecastsPage(props: { sku: string; location: string }) {
  const [form, setForm] = useState({ sku: props.sku, location: props.location });
  useEffect(() => setForm({ sku: props.sku, location: props.location }), [props.sku, props.location]);
  const go = (e: Event) => {
    e.preventDefault();
    location.hash = forecastHref(form.sku, form.location);
  };
  return (
    <>
      <h1>{t('navForecasts')}</h1>
      <form class="filters" onSubmit={go} aria-label={t('filters')}>
        {(['sku', 'location'] as const).map((name) => (
          <div class="field">
            <label for={`fc-${name}`}>{t(name)}</label>
            <input id={`fc-${name}`} required value={form[name]} onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })} />
          </div>
        ))}
        <button type="submit">{t('show')}</button>
      </form>
      {props.sku && props.location ? <CellForecast sku={props.sku} location={props.location} /> : <ReorderList />}
    </>
  );
}

function CellForecast(props: { sku: string; location: string }) {
  const { sku, location } = props;
  const [forecasts, setForecasts] = useState<Forecast[]>([]);
  const [actual, setActual] = useState<{ date: string; qty_out: number }[]>([]);
  const [accuracy, setAccuracy] = useState<Accuracy[]>([]);
  const [reorder, setReorder] = useState<Reorder | null>(null);
  const [error, setError] = useState<unknown>(null);
  const from = todayInZone(-27);
  const to = todayInZone(14);
  useEffect(() => {
    Promise.all([
      getJson<Page<Forecast>>(`/v1/forecasts${qs({ sku, location, from, to, limit: 1000 })}`),
      getJson<{ items: { date: string; qty_out: number }[] }>(`/v1/cell-daily${qs({ sku, location, from, to: todayInZone() })}`),
      getJson<Page<Accuracy>>(`/v1/forecast-accuracy${qs({ sku, location, limit: 100 })}`),
      getJson<Page<Reorder>>(`/v1/reorder${qs({ sku, location, limit: 1 })}`),
    ])
      .then(([f, a, acc, r]) => {
        setForecasts(f.items);
        setActual(a.items);
        setAccuracy(acc.items);
        setReorder(r.items[0] ?? null);
        setError(null);
      })
      .catch(setError);
  }, [sku, location]);

  const chart = useMemo(() => {
    const days: string[] = [];
    for (let d = new Date(`${from}T12:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
    const methods = [...new Set(forecasts.map((f) => f.method))].sort();
    const actualBy = new Map(actual.map((a) => [a.date, a.qty_out]));
    return {
      x: days.map(dayX),
      series: [
        { label: t('actualShipped'), values: days.map((d) => actualBy.get(d) ?? null), color: '#222', bars: true },
        ...methods.map((m, i) => {
          const by = new Map(forecasts.filter((f) => f.method === m).map((f) => [f.date, f.forecast_qty]));
          return { label: m, values: days.map((d) => by.get(d) ?? null), color: COLORS[i % COLORS.length]!, dash: m === 'auto' ? [] : [5, 3] };
        }),
      ],
    };
  }, [forecasts, actual]);
  const q = qs({ sku, location });
  return (
    <>
      <ErrorLine error={error} />
      <dl class="figures">
        <Figure label={t('onHand')} value={fmtInt(reorder?.on_hand)} testId="fc-onhand" />
        <Figure label={t('reorderPoint')} value={fmtNum(reorder?.reorder_point)} testId="fc-rop" tone={reorder?.below_reorder_point ? 'warn' : undefined} />
        <Figure label={t('daysOfCover')} value={fmtNum(reorder?.days_of_cover)} testId="fc-cover" />
        <Figure label={t('stockoutDate')} value={fmtDay(reorder?.stockout_date)} testId="fc-stockout" />
      </dl>
      <Section title={t('forecastVsActual', { sku, location })} actions={<ExportButtons name="forecasts" list={`/v1/forecasts${q}`} />}>
        {forecasts.length === 0 ? <p class="muted">{t('noForecasts')}</p> : null}
        <LineChart x={chart.x} series={chart.series} days label={t('forecastVsActual', { sku, location })} testId="forecast-chart" />
      </Section>
      <Section title={t('accuracy')} actions={<ExportButtons name="forecast-accuracy" list={`/v1/forecast-accuracy${q}`} />}>
        <table data-testid="accuracy-table">
          <TableHead
            columns={[
              t('method'),
              { label: 'WAPE', num: true },
              { label: 'MASE', num: true },
              { label: t('bias'), num: true },
              { label: t('points'), num: true },
              t('chosenByAuto'),
            ]}
          />
          <tbody>
            {accuracy.map((a) => (
              <tr data-method={a.method}>
                <td>{a.method}</td>
                <td class="num wape">{fmtNum(a.wape)}</td>
                <td class="num">{fmtNum(a.mase)}</td>
                <td class="num">{fmtNum(a.bias)}</td>
                <td class="num">{fmtInt(a.points)}</td>
                <td>{a.chosen_by_auto ? <Badge tone="ok">{t('yes')}</Badge> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {accuracy.length === 0 ? <p class="muted">{t('noRows')}</p> : null}
      </Section>
    </>
  );
}
