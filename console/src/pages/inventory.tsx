/**
 * Inventory: stock per cell from `GET /v1/inventory` with its filters, server-side keyset pages
 * (a page costs the same at row 100,000 as at row 1), negative and below-reorder rows marked
 * (colour and a text badge, so colour is never the only signal).
 */
import { useEffect, useState } from 'preact/hooks';
import { getJson, type Page, qs } from '../api.ts';
import { Badge, ErrorLine, ExportButtons, Loading, PageFooter, usePager, TableHead } from '../components/ui.tsx';
import { fmtInt, fmtTime, t } from '../i18n.ts';

export interface StockCell {
  sku: string;
  location: string;
  qty_on_hand: number;
  version: number;
  updated_at: string;
  last_event_ts: string | null;
  warehouse: string | null;
  zone: string | null;
  reorder_point: number | null;
}

export function cellHref(sku: string, location: string): string {
  return `#/cell?sku=${encodeURIComponent(sku)}&location=${encodeURIComponent(location)}`;
}

const PAGE_SIZE = 50;

export function InventoryPage() {
  const [form, setForm] = useState({ sku_prefix: '', location: '', warehouse: '', zone: '', negative: false, below_reorder: false });
  const [filters, setFilters] = useState(form);
  const pager = usePager();
  const [page, setPage] = useState<Page<StockCell> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const query = qs({ ...filters });
  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    getJson<Page<StockCell>>(`/v1/inventory${qs({ ...filters, limit: PAGE_SIZE, cursor: pager.cursor })}`, ac.signal)
      .then((p) => {
        setPage(p);
        setError(null);
      })
      .catch((e) => ac.signal.aborted || setError(e))
      .finally(() => setLoading(false));
    return () => ac.abort();
  }, [query, pager.cursor]);

  const submit = (e: Event) => {
    e.preventDefault();
    pager.reset();
    setFilters({ ...form });
  };
  const text = (name: 'sku_prefix' | 'location' | 'warehouse' | 'zone', label: string) => (
    <div class="field">
      <label for={`inv-${name}`}>{label}</label>
      <input id={`inv-${name}`} value={form[name]} onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })} />
    </div>
  );
  const check = (name: 'negative' | 'below_reorder', label: string) => (
    <div class="field check">
      <input id={`inv-${name}`} type="checkbox" checked={form[name]} onChange={(e) => setForm({ ...form, [name]: e.currentTarget.checked })} />
      <label for={`inv-${name}`}>{label}</label>
    </div>
  );
  return (
    <>
      <h1>{t('navInventory')}</h1>
      <form class="filters" onSubmit={submit} aria-label={t('filters')}>
        {text('sku_prefix', t('skuPrefix'))}
        {text('location', t('location'))}
        {text('warehouse', t('warehouse'))}
        {text('zone', t('zone'))}
        {check('negative', t('onlyNegative'))}
        {check('below_reorder', t('onlyBelowReorder'))}
        <button type="submit">{t('search')}</button>
      </form>
      <div class="toolbar">
        <ExportButtons name="inventory" list={`/v1/inventory${query}`} />
      </div>
      <ErrorLine error={error} />
      <Loading when={loading && !page} />
      {page ? (
        <>
          <table data-testid="inventory-table">
            <caption class="sr-only">{t('navInventory')}</caption>
            <TableHead
              columns={[
                t('sku'),
                t('location'),
                t('warehouse'),
                t('zone'),
                { label: t('onHand'), num: true },
                { label: t('reorderPoint'), num: true },
                t('status'),
                t('lastEvent'),
              ]}
            />
            <tbody>
              {page.items.map((c) => {
                const negative = c.qty_on_hand < 0;
                const below = !negative && c.reorder_point !== null && c.qty_on_hand <= c.reorder_point;
                return (
                  <tr class={negative ? 'row-neg' : below ? 'row-below' : ''} data-cell={`${c.sku}|${c.location}`}>
                    <td>
                      <a href={cellHref(c.sku, c.location)}>{c.sku}</a>
                    </td>
                    <td>{c.location}</td>
                    <td>{c.warehouse ?? '—'}</td>
                    <td>{c.zone ?? '—'}</td>
                    <td class="num qty">{fmtInt(c.qty_on_hand)}</td>
                    <td class="num">{fmtInt(c.reorder_point)}</td>
                    <td>
                      {negative ? (
                        <Badge tone="bad">{t('negative')}</Badge>
                      ) : below ? (
                        <Badge tone="warn">{t('belowReorder')}</Badge>
                      ) : (
                        <Badge tone="ok">{t('ok')}</Badge>
                      )}
                    </td>
                    <td>{fmtTime(c.last_event_ts)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <PageFooter pager={pager} page={page} />
        </>
      ) : null}
    </>
  );
}
