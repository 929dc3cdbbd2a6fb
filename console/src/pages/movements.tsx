/**
 * Movements: the ledger newest first (`GET /v1/events`) with filters, and a live tail: while
 * "live" is on, the first page is read again whenever the change stream reports a change (at
 * most once a second) and every 5 s — seed 000's print consumer, for people.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson, type Page, qs } from '../api.ts';
import { Badge, ErrorLine, ExportButtons, PageFooter, usePager, TableHead } from '../components/ui.tsx';
import { fmtInt, fmtTime, t } from '../i18n.ts';
import { openStream } from '../sse.ts';
import { cellHref } from './inventory.tsx';

export interface LedgerEvent {
  event_id: string;
  event_ts: string;
  event_type: 'IN' | 'OUT' | 'ADJUST';
  sku: string;
  location: string;
  qty: number;
  device_id: string | null;
  ref_event_id: string | null;
  ingested_ts: string;
}

export function LedgerTable(props: { items: LedgerEvent[]; testId: string }) {
  return (
    <table data-testid={props.testId}>
      <TableHead columns={[t('eventTime'), t('type'), t('sku'), t('location'), { label: t('qty'), num: true }, t('device'), t('eventId')]} />
      <tbody>
        {props.items.map((e) => (
          <tr data-event-id={e.event_id}>
            <td>{fmtTime(e.event_ts)}</td>
            <td>
              <Badge tone={e.event_type === 'IN' ? 'ok' : e.event_type === 'OUT' ? 'muted' : 'warn'}>{t(`type${e.event_type}`)}</Badge>
            </td>
            <td>
              <a href={cellHref(e.sku, e.location)}>{e.sku}</a>
            </td>
            <td>{e.location}</td>
            <td class="num">{fmtInt(e.qty)}</td>
            <td>{e.device_id ?? '—'}</td>
            <td class="mono">{e.event_id.slice(0, 8)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MovementsPage(props: { sku: string; location: string }) {
  const [form, setForm] = useState({ sku: props.sku, location: props.location, type: '', device_id: '' });
  const [filters, setFilters] = useState(form);
  const [live, setLive] = useState(true);
  const pager = usePager();
  const [page, setPage] = useState<Page<LedgerEvent> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const pending = useRef<number | null>(null);
  const query = qs({ ...filters });

  useEffect(() => {
    const ac = new AbortController();
    getJson<Page<LedgerEvent>>(`/v1/events${qs({ ...filters, limit: 50, cursor: pager.cursor })}`, ac.signal)
      .then((p) => {
        setPage(p);
        setError(null);
      })
      .catch((e) => ac.signal.aborted || setError(e));
    return () => ac.abort();
  }, [query, pager.cursor, tick]);

  const tailing = live && pager.page === 1;
  useEffect(() => {
    if (!tailing) return;
    const timer = setInterval(() => setTick((n) => n + 1), 5000);
    const stop = openStream(qs({ sku: filters.sku, location: filters.location }), () => {
      if (pending.current === null)
        pending.current = window.setTimeout(() => {
          pending.current = null;
          setTick((n) => n + 1);
        }, 1000);
    });
    return () => {
      clearInterval(timer);
      stop();
      if (pending.current !== null) clearTimeout(pending.current);
      pending.current = null;
    };
  }, [tailing, filters.sku, filters.location]);

  const submit = (e: Event) => {
    e.preventDefault();
    pager.reset();
    setFilters({ ...form });
  };
  const exportQuery = qs({ sku: filters.sku, location: filters.location, event_type: filters.type, device_id: filters.device_id });
  return (
    <>
      <h1>{t('navMovements')}</h1>
      <form class="filters" onSubmit={submit} aria-label={t('filters')}>
        {(['sku', 'location', 'device_id'] as const).map((name) => (
          <div class="field">
            <label for={`mv-${name}`}>{t(name === 'device_id' ? 'device' : name)}</label>
            <input id={`mv-${name}`} value={form[name]} onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })} />
          </div>
        ))}
        <div class="field">
          <label for="mv-type">{t('type')}</label>
          <select id="mv-type" value={form.type} onChange={(e) => setForm({ ...form, type: e.currentTarget.value })}>
            <option value="">{t('all')}</option>
            <option value="IN">{t('typeIN')}</option>
            <option value="OUT">{t('typeOUT')}</option>
            <option value="ADJUST">{t('typeADJUST')}</option>
          </select>
        </div>
        <button type="submit">{t('search')}</button>
        <div class="field check">
          <input id="mv-live" type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} />
          <label for="mv-live">{t('liveTail')}</label>
        </div>
      </form>
      <div class="toolbar">
        <ExportButtons name="events" csv={`/v1/exports/events.csv${exportQuery}`} xlsx={`/v1/exports/events.xlsx${exportQuery}`} />
      </div>
      <ErrorLine error={error} />
      {page ? (
        <>
          <LedgerTable items={page.items} testId="movements-table" />
          <PageFooter pager={pager} page={page} />
        </>
      ) : null}
    </>
  );
}
