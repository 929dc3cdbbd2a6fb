/**
 * Trends: stock history from the end-of-day snapshots, summed per business day over one SKU,
 * location or warehouse (or all cells), drawn with uPlot and listed below the chart.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { getJson, qs } from '../api.ts';
import { dayX, LineChart } from '../components/chart.tsx';
import { ErrorLine, ExportButtons, Section, TableHead } from '../components/ui.tsx';
import { fmtDay, fmtInt, t, todayInZone } from '../i18n.ts';

interface TrendDay {
  date: string;
  qty_on_hand: number;
  cells: number;
}

export function TrendsPage() {
  const [form, setForm] = useState({ sku: '', location: '', warehouse: '', from: todayInZone(-29), to: todayInZone() });
  const [filters, setFilters] = useState(form);
  const [items, setItems] = useState<TrendDay[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const query = qs({ ...filters });
  useEffect(() => {
    getJson<{ items: TrendDay[] }>(`/v1/trends${query}`)
      .then((r) => {
        setItems(r.items);
        setError(null);
      })
      .catch(setError);
  }, [query]);
  const chart = useMemo(
    () => ({
      x: (items ?? []).map((d) => dayX(d.date)),
      series: [{ label: t('onHandEndOfDay'), values: (items ?? []).map((d) => d.qty_on_hand), color: '#1f5fa8' }],
    }),
    [items],
  );
  const submit = (e: Event) => {
    e.preventDefault();
    setFilters({ ...form });
  };
  const snapshotQuery = qs({ sku: filters.sku, location: filters.location, from: filters.from, to: filters.to });
  const subject =
    filters.sku || filters.location || filters.warehouse ? [filters.sku, filters.location, filters.warehouse].filter(Boolean).join(' · ') : t('allCells');
  return (
    <>
      <h1>{t('navTrends')}</h1>
      <form class="filters" onSubmit={submit} aria-label={t('filters')}>
        {(['sku', 'location', 'warehouse'] as const).map((name) => (
          <div class="field">
            <label for={`tr-${name}`}>{t(name)}</label>
            <input id={`tr-${name}`} value={form[name]} onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })} />
          </div>
        ))}
        {(['from', 'to'] as const).map((name) => (
          <div class="field">
            <label for={`tr-${name}`}>{t(name === 'from' ? 'fromDay' : 'toDay')}</label>
            <input id={`tr-${name}`} type="date" required value={form[name]} onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })} />
          </div>
        ))}
        <button type="submit">{t('show')}</button>
      </form>
      <ErrorLine error={error} />
      <Section title={t('stockHistoryOf', { subject })} actions={<ExportButtons name="snapshots" list={`/v1/snapshots${snapshotQuery}`} />}>
        {items && items.length === 0 ? <p class="muted">{t('noSnapshots')}</p> : null}
        {items && items.length > 0 ? <LineChart x={chart.x} series={chart.series} days label={t('stockHistoryOf', { subject })} testId="trend-chart" /> : null}
        {items ? (
          <table data-testid="trend-table">
            <TableHead columns={[t('day'), { label: t('onHandEndOfDay'), num: true }, { label: t('cells'), num: true }]} />
            <tbody>
              {items.map((d) => (
                <tr data-day={d.date}>
                  <td>{fmtDay(d.date)}</td>
                  <td class="num qty">{fmtInt(d.qty_on_hand)}</td>
                  <td class="num">{fmtInt(d.cells)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Section>
    </>
  );
}
