/**
 * Overview: SKUs, cells, units on hand, events/s now, lag, DLQ size and open alerts — live. Stock
 * changes arrive over `/v1/stream` (SSE); each one refreshes the figures (at most once a second),
 * and the pipeline figures are polled every 5 s. Events/s is the change of the offsets ingest
 * stored between two readings, divided by the time between them.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from '../api.ts';
import { ErrorLine, Figure, Section, TableHead } from '../components/ui.tsx';
import { fmtInt, fmtNum, fmtTime, t } from '../i18n.ts';
import { openStream } from '../sse.ts';

export interface Overview {
  skus: number;
  cells: number;
  units_on_hand: number;
  negative_cells: number;
  below_reorder_cells: number;
  open_alerts: number;
  acknowledged_alerts: number;
  dead_letters: number;
  open_conflicts: number;
  consumed_offsets: number;
  last_event_ts: string | null;
  checked_at: string;
}

interface Change {
  sku: string;
  location: string;
  qty_on_hand: number;
  delta: number;
  updated_at: string;
}

const POLL_MS = 5000;

export function OverviewPage() {
  const [o, setO] = useState<Overview | null>(null);
  const [lag, setLag] = useState<number | null>(null);
  const [rate, setRate] = useState<number | null>(null);
  const [live, setLive] = useState(false);
  const [changes, setChanges] = useState<Change[]>([]);
  const [error, setError] = useState<unknown>(null);
  const last = useRef<{ offsets: number; at: number } | null>(null);
  const pending = useRef<number | null>(null);

  const refresh = async () => {
    try {
      const next = await getJson<Overview>('/v1/overview');
      const at = Date.parse(next.checked_at);
      const prev = last.current;
      if (prev && at - prev.at >= 1000) setRate(Math.max(0, ((next.consumed_offsets - prev.offsets) * 1000) / (at - prev.at)));
      if (!prev || at - prev.at >= 1000) last.current = { offsets: next.consumed_offsets, at };
      setO(next);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  const refreshLag = async () => {
    try {
      const p = await getJson<{ events: { lag: number } }>('/v1/pipeline');
      setLag(p.events.lag);
    } catch {
      setLag(null);
    }
  };

  useEffect(() => {
    void refresh();
    void refreshLag();
    // A second reading soon after the first, so events/s shows without waiting a full poll.
    const early = setTimeout(() => void refresh(), 1500);
    const timer = setInterval(() => {
      void refresh();
      void refreshLag();
    }, POLL_MS);
    const stop = openStream(
      '',
      (m) => {
        if (m.event !== 'stock') return;
        try {
          const c = JSON.parse(m.data) as Change;
          setChanges((list) => [c, ...list].slice(0, 8));
        } catch {
          return;
        }
        // Many changes a second become one refresh a second.
        if (pending.current === null)
          pending.current = window.setTimeout(() => {
            pending.current = null;
            void refresh();
          }, 1000);
      },
      setLive,
    );
    return () => {
      clearTimeout(early);
      clearInterval(timer);
      stop();
      if (pending.current !== null) clearTimeout(pending.current);
    };
  }, []);

  return (
    <>
      <h1>
        {t('navOverview')}{' '}
        <span class={`live ${live ? 'on' : ''}`} data-testid="live-state">
          {live ? t('live') : t('notLive')}
        </span>
      </h1>
      <ErrorLine error={error} />
      <dl class="figures">
        <Figure label={t('skus')} value={fmtInt(o?.skus)} testId="ov-skus" />
        <Figure label={t('cells')} value={fmtInt(o?.cells)} testId="ov-cells" />
        <Figure label={t('unitsOnHand')} value={fmtInt(o?.units_on_hand)} testId="ov-units" />
        <Figure label={t('eventsPerSecond')} value={rate === null ? '—' : fmtNum(rate)} testId="ov-rate" hint={t('eventsPerSecondHint')} />
        <Figure label={t('lag')} value={fmtInt(lag)} testId="ov-lag" tone={lag !== null && lag > 1000 ? 'warn' : undefined} />
        <Figure label={t('dlqSize')} value={fmtInt(o?.dead_letters)} testId="ov-dlq" tone={o && o.dead_letters > 0 ? 'warn' : undefined} />
        <Figure label={t('openAlerts')} value={fmtInt(o?.open_alerts)} testId="ov-alerts" tone={o && o.open_alerts > 0 ? 'bad' : undefined} />
        <Figure label={t('negativeCells')} value={fmtInt(o?.negative_cells)} testId="ov-negative" tone={o && o.negative_cells > 0 ? 'bad' : undefined} />
        <Figure label={t('belowReorderCells')} value={fmtInt(o?.below_reorder_cells)} testId="ov-below" />
        <Figure label={t('openConflicts')} value={fmtInt(o?.open_conflicts)} testId="ov-conflicts" />
      </dl>
      <p class="muted">
        {t('lastEvent')}: <span data-testid="ov-last-event">{fmtTime(o?.last_event_ts)}</span>
      </p>
      <Section title={t('recentChanges')}>
        {changes.length === 0 ? (
          <p class="muted">{t('waitingForChanges')}</p>
        ) : (
          <table>
            <TableHead columns={[t('sku'), t('location'), { label: t('change'), num: true }, { label: t('onHand'), num: true }, t('updatedAt')]} />
            <tbody data-testid="ov-changes">
              {changes.map((c) => (
                <tr>
                  <td>
                    <a href={`#/cell?sku=${encodeURIComponent(c.sku)}&location=${encodeURIComponent(c.location)}`}>{c.sku}</a>
                  </td>
                  <td>{c.location}</td>
                  <td class="num">{c.delta > 0 ? `+${fmtInt(c.delta)}` : fmtInt(c.delta)}</td>
                  <td class={`num ${c.qty_on_hand < 0 ? 'neg' : ''}`}>{fmtInt(c.qty_on_hand)}</td>
                  <td>{fmtTime(c.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
