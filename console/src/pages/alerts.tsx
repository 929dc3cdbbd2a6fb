/** Alerts: the list with status and kind filters, and acknowledge (role ingest) with a note. */
import { useEffect, useState } from 'preact/hooks';
import { getJson, type Page, postJson, qs } from '../api.ts';
import { Badge, ErrorLine, ExportButtons, PageFooter, usePager, TableHead } from '../components/ui.tsx';
import { fmtTime, type MessageKey, t } from '../i18n.ts';
import { cellHref } from './inventory.tsx';

interface Alert {
  id: number;
  kind: string;
  subject: string;
  status: 'open' | 'acknowledged' | 'resolved';
  details: Record<string, unknown>;
  opened_at: string;
  last_seen_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
}

const KINDS = ['negative_stock', 'below_reorder_point', 'stockout_soon', 'device_silent', 'dlq_rate', 'ingest_lag'] as const;

export function AlertsPage() {
  const [status, setStatus] = useState('active');
  const [rule, setRule] = useState('');
  const pager = usePager();
  const [page, setPage] = useState<Page<Alert> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [note, setNote] = useState('');
  const query = qs({ status, rule });
  useEffect(() => {
    getJson<Page<Alert>>(`/v1/alerts${qs({ status, rule, limit: 50, cursor: pager.cursor })}`)
      .then((p) => {
        setPage(p);
        setError(null);
      })
      .catch(setError);
  }, [query, pager.cursor, tick]);
  const ack = async (id: number) => {
    try {
      await postJson(`/v1/alerts/${id}/ack`, note ? { note } : {});
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <h1>{t('navAlerts')}</h1>
      <div class="filters">
        <div class="field">
          <label for="al-status">{t('status')}</label>
          <select
            id="al-status"
            value={status}
            onChange={(e) => {
              pager.reset();
              setStatus(e.currentTarget.value);
            }}
          >
            {(['active', 'open', 'acknowledged', 'resolved', 'all'] as const).map((s) => (
              <option value={s}>{t(`alertStatus_${s}`)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="al-rule">{t('alertKind')}</label>
          <select
            id="al-rule"
            value={rule}
            onChange={(e) => {
              pager.reset();
              setRule(e.currentTarget.value);
            }}
          >
            <option value="">{t('all')}</option>
            {KINDS.map((k) => (
              <option value={k}>{t(`kind_${k}` as MessageKey)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="al-note">{t('ackNote')}</label>
          <input id="al-note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </div>
      </div>
      <div class="toolbar">
        <ExportButtons name="alerts" list={`/v1/alerts${query}`} />
      </div>
      <ErrorLine error={error} />
      {page ? (
        <>
          <table data-testid="alerts-table">
            <TableHead columns={['#', t('alertKind'), t('subject'), t('status'), t('openedAt'), t('acknowledgedBy'), { label: t('actions'), hidden: true }]} />
            <tbody>
              {page.items.map((a) => (
                <tr data-alert-id={a.id}>
                  <td>{a.id}</td>
                  <td>{t(`kind_${a.kind}` as MessageKey)}</td>
                  <td class="mono">
                    {a.subject.includes('|') ? (
                      <a href={cellHref(a.subject.split('|')[0]!, a.subject.split('|').slice(1).join('|'))}>{a.subject}</a>
                    ) : (
                      a.subject
                    )}
                  </td>
                  <td>
                    <Badge tone={a.status === 'open' ? 'bad' : a.status === 'acknowledged' ? 'warn' : 'muted'}>{t(`alertStatus_${a.status}`)}</Badge>
                  </td>
                  <td>{fmtTime(a.opened_at)}</td>
                  <td>{a.acknowledged_by ? `${a.acknowledged_by} · ${fmtTime(a.acknowledged_at)}` : '—'}</td>
                  <td>
                    {a.status === 'open' ? (
                      <button type="button" onClick={() => ack(a.id)} aria-label={t('ackAlertN', { n: a.id })}>
                        {t('acknowledge')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <PageFooter pager={pager} page={page} />
        </>
      ) : null}
    </>
  );
}
