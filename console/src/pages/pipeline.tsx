/**
 * Pipeline (the Kafka UI role): partitions of the events topic with log end, the offset stored
 * in Postgres, the group's Kafka offset and lag; group members; a throughput chart sampled from
 * the log ends every 5 s while the page is open; the DLQ browser with reasons and replay
 * (admin); open conflicts with resolve (admin).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getJson, type Page, postJson, qs } from '../api.ts';
import { LineChart } from '../components/chart.tsx';
import { ErrorLine, ExportButtons, Figure, PageFooter, Section, usePager, TableHead } from '../components/ui.tsx';
import { fmtInt, fmtNum, fmtTime, t } from '../i18n.ts';

interface PartitionLag {
  partition: number;
  log_start: number;
  log_end: number;
  stored_offset: number | null;
  committed_offset: number | null;
  lag: number;
}
interface Pipeline {
  checked_at: string;
  events: { topic: string; partitions: PartitionLag[]; lag: number };
  group: { group_id: string; state: string; members: { member_id: string; client_id: string; client_host: string; partitions: number[] }[] };
  dlq: { topic: string; records: number; partitions: number };
  changes: { topic: string; records: number; partitions: number };
}
interface DeadLetter {
  id: number;
  code: string;
  message: string;
  event_id: string | null;
  origin: { topic: string; partition: number; offset: number };
  detected_at: string;
  replays: number;
}
interface Conflict {
  id: number;
  event_id: string;
  origin: { topic: string; partition: number; offset: number };
  detected_at: string;
  resolved_at: string | null;
}

const SAMPLE_MS = 5000;

export function PipelinePage() {
  const [p, setP] = useState<Pipeline | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [samples, setSamples] = useState<{ at: number; rate: number }[]>([]);
  const prev = useRef<{ at: number; end: number } | null>(null);
  useEffect(() => {
    const read = () =>
      getJson<Pipeline>('/v1/pipeline')
        .then((next) => {
          setP(next);
          setError(null);
          const at = Date.parse(next.checked_at);
          const end = next.events.partitions.reduce((s, x) => s + (x.stored_offset ?? 0), 0);
          const before = prev.current;
          if (before && at > before.at) setSamples((list) => [...list, { at: at / 1000, rate: ((end - before.end) * 1000) / (at - before.at) }].slice(-120));
          prev.current = { at, end };
        })
        .catch(setError);
    void read();
    const timer = setInterval(read, SAMPLE_MS);
    return () => clearInterval(timer);
  }, []);
  const chart = useMemo(
    () => ({ x: samples.map((s) => s.at), series: [{ label: t('eventsPerSecond'), values: samples.map((s) => s.rate), color: '#1f5fa8' }] }),
    [samples],
  );
  return (
    <>
      <h1>{t('navPipeline')}</h1>
      <ErrorLine error={error} />
      {p ? (
        <>
          <dl class="figures">
            <Figure label={t('lag')} value={fmtInt(p.events.lag)} testId="pl-lag" />
            <Figure label={t('groupState')} value={p.group.state} testId="pl-state" />
            <Figure label={t('members')} value={fmtInt(p.group.members.length)} testId="pl-members" />
            <Figure label={t('dlqRecords')} value={fmtInt(p.dlq.records)} testId="pl-dlq" />
            <Figure label={t('changeRecords')} value={fmtInt(p.changes.records)} testId="pl-changes" />
          </dl>
          <Section title={t('partitionsOf', { topic: p.events.topic })}>
            <table data-testid="partitions-table">
              <TableHead
                columns={[
                  t('partition'),
                  { label: t('logStart'), num: true },
                  { label: t('logEnd'), num: true },
                  { label: t('storedOffset'), num: true },
                  { label: t('kafkaOffset'), num: true },
                  { label: t('lag'), num: true },
                ]}
              />
              <tbody>
                {p.events.partitions.map((x) => (
                  <tr data-partition={x.partition}>
                    <td>{x.partition}</td>
                    <td class="num">{fmtInt(x.log_start)}</td>
                    <td class="num">{fmtInt(x.log_end)}</td>
                    <td class="num stored">{fmtInt(x.stored_offset)}</td>
                    <td class="num">{fmtInt(x.committed_offset)}</td>
                    <td class="num">{fmtInt(x.lag)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="muted">
              {t('groupMembers', { group: p.group.group_id })}:{' '}
              {p.group.members.length === 0 ? t('none') : p.group.members.map((m) => `${m.client_id} (${m.partitions.join(', ')})`).join(' · ')}
            </p>
          </Section>
          <Section title={t('throughput')}>
            {samples.length < 2 ? <p class="muted">{t('throughputWaiting')}</p> : null}
            {samples.length >= 2 ? <LineChart x={chart.x} series={chart.series} label={t('throughput')} height={200} testId="throughput-chart" /> : null}
            {samples.length > 0 ? (
              <p class="muted">
                {t('eventsPerSecond')}: {fmtNum(samples[samples.length - 1]!.rate)}
              </p>
            ) : null}
          </Section>
        </>
      ) : null}
      <DlqBrowser />
      <Conflicts />
    </>
  );
}

function DlqBrowser() {
  const [code, setCode] = useState('');
  const pager = usePager();
  const [page, setPage] = useState<Page<DeadLetter> | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    getJson<Page<DeadLetter>>(`/v1/dlq${qs({ code, limit: 25, cursor: pager.cursor })}`)
      .then((x) => {
        setPage(x);
        setError(null);
      })
      .catch(setError);
  }, [code, pager.cursor, tick]);
  const toggle = (id: number, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const replay = async () => {
    try {
      const r = await postJson<{ replayed: number; replayed_again: number; skipped_ids: number[] }>('/v1/dlq/replay', {
        ids: [...selected],
        reason: 'console',
      });
      setResult(t('replayResult', { n: r.replayed, skipped: r.skipped_ids.length }));
      setSelected(new Set());
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  const q = qs({ code });
  return (
    <Section title={t('dlq')} actions={<ExportButtons name="dlq" list={`/v1/dlq${q}`} />}>
      <div class="filters">
        <div class="field">
          <label for="dlq-code">{t('reasonCode')}</label>
          <input
            id="dlq-code"
            value={code}
            onChange={(e) => {
              pager.reset();
              setCode(e.currentTarget.value.trim());
            }}
          />
        </div>
        <button type="button" disabled={selected.size === 0} onClick={replay} data-testid="dlq-replay">
          {t('replaySelected', { n: selected.size })}
        </button>
      </div>
      {result ? (
        <p role="status" data-testid="dlq-result">
          {result}
        </p>
      ) : null}
      <ErrorLine error={error} />
      {page ? (
        <>
          <table data-testid="dlq-table">
            <TableHead
              columns={[
                { label: t('select'), hidden: true },
                '#',
                t('reasonCode'),
                t('reason'),
                t('origin'),
                t('detectedAt'),
                { label: t('replays'), num: true },
              ]}
            />
            <tbody>
              {page.items.map((d) => (
                <tr data-dlq-id={d.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t('selectN', { n: d.id })}
                      checked={selected.has(d.id)}
                      onChange={(e) => toggle(d.id, e.currentTarget.checked)}
                    />
                  </td>
                  <td>{d.id}</td>
                  <td class="mono">{d.code}</td>
                  <td>{d.message}</td>
                  <td class="mono">
                    {d.origin.partition}:{d.origin.offset}
                  </td>
                  <td>{fmtTime(d.detected_at)}</td>
                  <td class="num">{fmtInt(d.replays)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <PageFooter pager={pager} page={page} />
        </>
      ) : null}
    </Section>
  );
}

function Conflicts() {
  const [page, setPage] = useState<Page<Conflict> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    getJson<Page<Conflict>>(`/v1/conflicts${qs({ limit: 25 })}`)
      .then(setPage)
      .catch(setError);
  }, [tick]);
  const resolve = async (id: number) => {
    try {
      await postJson(`/v1/conflicts/${id}/resolve`, { note: 'resolved in the console' });
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Section title={t('conflicts')}>
      <ErrorLine error={error} />
      {page && page.items.length === 0 ? <p class="muted">{t('noConflicts')}</p> : null}
      {page && page.items.length > 0 ? (
        <table data-testid="conflicts-table">
          <TableHead columns={['#', t('eventId'), t('origin'), t('detectedAt'), { label: t('actions'), hidden: true }]} />
          <tbody>
            {page.items.map((c) => (
              <tr>
                <td>{c.id}</td>
                <td class="mono">{c.event_id}</td>
                <td class="mono">
                  {c.origin.partition}:{c.origin.offset}
                </td>
                <td>{fmtTime(c.detected_at)}</td>
                <td>
                  {c.resolved_at ? null : (
                    <button type="button" class="secondary" onClick={() => resolve(c.id)}>
                      {t('resolve')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}
