/**
 * One cell (SKU × location): on-hand now (live over SSE for this cell), its movement history
 * per business day (uPlot: on-hand at day end, units in and out), stock at any instant (as-of
 * picker, the time read in the business time zone) and its latest ledger events.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { getJson, type Page, qs } from '../api.ts';
import { dayX, LineChart } from '../components/chart.tsx';
import { ErrorLine, ExportButtons, Figure, Section, TableHead } from '../components/ui.tsx';
import { fmtDay, fmtInt, fmtTime, getTimeZone, isoToZoned, t, todayInZone, zonedToIso } from '../i18n.ts';
import { openStream } from '../sse.ts';
import { type LedgerEvent, LedgerTable } from './movements.tsx';

interface CellNow {
  qty_on_hand: number;
  version: number;
  source: string;
  updated_at?: string;
}
interface CellDay {
  date: string;
  qty_in: number;
  qty_out: number;
  qty_adjust: number;
  events: number;
  on_hand_end: number;
}
interface AsOf {
  at: string;
  qty_on_hand: number;
  snapshot_date: string | null;
  ledger_events: number;
}

const enc = encodeURIComponent;

export function CellPage(props: { sku: string; location: string }) {
  const { sku, location } = props;
  const [now, setNow] = useState<CellNow | null>(null);
  const [days, setDays] = useState<CellDay[]>([]);
  const [events, setEvents] = useState<LedgerEvent[]>([]);
  const [range, setRange] = useState(30);
  const [at, setAt] = useState(() => isoToZoned(new Date().toISOString()));
  const [asOf, setAsOf] = useState<AsOf | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const path = `/v1/inventory/${enc(sku)}/${enc(location)}`;
    Promise.all([
      getJson<CellNow>(path),
      getJson<{ items: CellDay[] }>(`/v1/cell-daily${qs({ sku, location, from: todayInZone(-(range - 1)), to: todayInZone() })}`),
      getJson<Page<LedgerEvent>>(`/v1/events${qs({ sku, location, limit: 20 })}`),
    ])
      .then(([n, d, e]) => {
        setNow(n);
        setDays(d.items);
        setEvents(e.items);
        setError(null);
      })
      .catch(setError);
  }, [sku, location, range, tick]);

  useEffect(() => openStream(qs({ sku, location }), (m) => m.event === 'stock' && setTick((n) => n + 1)), [sku, location]);

  const chart = useMemo(
    () => ({
      x: days.map((d) => dayX(d.date)),
      series: [
        { label: t('onHandEndOfDay'), values: days.map((d) => d.on_hand_end), color: '#1f5fa8' },
        { label: t('unitsIn'), values: days.map((d) => d.qty_in), color: '#2e7d32', dash: [6, 4] },
        { label: t('unitsOut'), values: days.map((d) => d.qty_out), color: '#b3261e', dash: [2, 3] },
      ],
    }),
    [days],
  );

  const lookUp = async (e: Event) => {
    e.preventDefault();
    try {
      setAsOf(await getJson<AsOf>(`/v1/inventory/${enc(sku)}/${enc(location)}/as-of${qs({ at: zonedToIso(at) })}`));
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  const ledgerQuery = qs({ sku, location });
  return (
    <>
      <p>
        <a href="#/inventory">← {t('navInventory')}</a>
      </p>
      <h1>
        {sku} · {location}
      </h1>
      <ErrorLine error={error} />
      <dl class="figures">
        <Figure label={t('onHandNow')} value={fmtInt(now?.qty_on_hand)} testId="cell-qty" tone={now && now.qty_on_hand < 0 ? 'bad' : undefined} />
        <Figure label={t('version')} value={fmtInt(now?.version)} testId="cell-version" />
        <Figure label={t('lastEvent')} value={fmtTime(events[0]?.event_ts)} testId="cell-last-event" />
      </dl>
      <Section
        title={t('movementHistory')}
        actions={
          <div class="field inline">
            <label for="cell-range">{t('period')}</label>
            <select id="cell-range" value={range} onChange={(e) => setRange(Number(e.currentTarget.value))}>
              {[7, 30, 90].map((n) => (
                <option value={n}>{t('lastNDays', { n })}</option>
              ))}
            </select>
          </div>
        }
      >
        <LineChart x={chart.x} series={chart.series} days label={t('movementHistoryChart', { sku, location })} testId="cell-chart" />
        <details>
          <summary>{t('showNumbers')}</summary>
          <table>
            <TableHead
              columns={[
                t('day'),
                { label: t('unitsIn'), num: true },
                { label: t('unitsOut'), num: true },
                { label: t('adjusted'), num: true },
                { label: t('onHandEndOfDay'), num: true },
              ]}
            />
            <tbody data-testid="cell-days">
              {days.map((d) => (
                <tr>
                  <td>{fmtDay(d.date)}</td>
                  <td class="num">{fmtInt(d.qty_in)}</td>
                  <td class="num">{fmtInt(d.qty_out)}</td>
                  <td class="num">{fmtInt(d.qty_adjust)}</td>
                  <td class="num">{fmtInt(d.on_hand_end)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </Section>
      <Section title={t('stockAsOf')}>
        <form class="filters" onSubmit={lookUp}>
          <div class="field">
            <label for="asof-at">{t('instantInZone', { zone: getTimeZone() })}</label>
            <input id="asof-at" type="datetime-local" step="1" required value={at} onInput={(e) => setAt(e.currentTarget.value)} />
          </div>
          <button type="submit">{t('lookUp')}</button>
        </form>
        {asOf ? (
          <p data-testid="asof-result">
            {t('asOfResult', { at: fmtTime(asOf.at) })} <strong data-testid="asof-qty">{fmtInt(asOf.qty_on_hand)}</strong>{' '}
            <span class="muted">
              (
              {asOf.snapshot_date
                ? t('asOfFromSnapshot', { day: fmtDay(asOf.snapshot_date), n: fmtInt(asOf.ledger_events) })
                : t('asOfFromLedger', { n: fmtInt(asOf.ledger_events) })}
              )
            </span>
          </p>
        ) : null}
      </Section>
      <Section
        title={t('latestEvents')}
        actions={
          <ExportButtons name={`events-${sku}-${location}`} csv={`/v1/exports/events.csv${ledgerQuery}`} xlsx={`/v1/exports/events.xlsx${ledgerQuery}`} />
        }
      >
        <LedgerTable items={events} testId="cell-events" />
      </Section>
    </>
  );
}
