/** Small shared pieces: a card figure, an error line, a status badge, export buttons, a keyset pager. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { download } from '../api.ts';
import { t } from '../i18n.ts';

export function Figure(props: { label: string; value: string; testId: string; tone?: 'bad' | 'warn' | undefined; hint?: string | undefined }) {
  return (
    <div class={`figure ${props.tone ?? ''}`}>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.value}</dd>
      {props.hint ? <dd class="hint">{props.hint}</dd> : null}
    </div>
  );
}

export function ErrorLine(props: { error: unknown }) {
  if (!props.error) return null;
  return (
    <p class="error" role="alert">
      {t('error')}: {props.error instanceof Error ? props.error.message : String(props.error)}
    </p>
  );
}

export function Loading(props: { when: boolean }) {
  return props.when ? (
    <p class="muted" aria-live="polite">
      {t('loading')}
    </p>
  ) : null;
}

/**
 * CSV and Excel buttons for a table: `path` is the list route with its filters; `format`
 * is added (or the route's own export path is given for the ledger).
 */
export function ExportButtons(props: { name: string } & ({ list: string } | { csv: string; xlsx: string })) {
  // A list route exports itself with ?format=; the ledger has its own export paths.
  const paths = 'list' in props ? { csv: withFormat(props.list, 'csv'), xlsx: withFormat(props.list, 'xlsx') } : props;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (path: string, ext: string) => {
    setBusy(true);
    setError(null);
    try {
      await download(path, `${props.name}.${ext}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="exports">
      <button type="button" class="secondary" disabled={busy} onClick={() => run(paths.csv, 'csv')} data-testid="export-csv">
        {t('exportCsv')}
      </button>
      <button type="button" class="secondary" disabled={busy} onClick={() => run(paths.xlsx, 'xlsx')} data-testid="export-xlsx">
        {t('exportXlsx')}
      </button>
      <ErrorLine error={error} />
    </div>
  );
}

/** Appends `format=…` to a list route's path (with or without a query string already). */
export function withFormat(path: string, format: 'csv' | 'xlsx'): string {
  return `${path}${path.includes('?') ? '&' : '?'}format=${format}`;
}

/** Keyset paging: a stack of cursors for "previous", `next` from the last answer. */
export function usePager() {
  const [stack, setStack] = useState<string[]>([]);
  const cursor = stack[stack.length - 1];
  return {
    cursor,
    page: stack.length + 1,
    reset: () => setStack([]),
    next: (c: string) => setStack([...stack, c]),
    prev: () => setStack(stack.slice(0, -1)),
  };
}

export function Pager(props: { pager: ReturnType<typeof usePager>; nextCursor: string | null | undefined }) {
  const { pager, nextCursor } = props;
  return (
    <nav class="pager" aria-label={t('pagination')}>
      <button type="button" class="secondary" disabled={pager.page === 1} onClick={pager.prev}>
        {t('prevPage')}
      </button>
      <span>{t('pageN', { n: pager.page })}</span>
      <button type="button" class="secondary" disabled={!nextCursor} onClick={() => nextCursor && pager.next(nextCursor)} data-testid="next-page">
        {t('nextPage')}
      </button>
    </nav>
  );
}

export function Section(props: { title: string; children: ComponentChildren; actions?: ComponentChildren; id?: string }) {
  const id = props.id ?? `s-${props.title.replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id} class="panel">
      <div class="panel-head">
        <h2 id={id}>{props.title}</h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}

export function Badge(props: { tone: 'ok' | 'bad' | 'warn' | 'muted'; children: ComponentChildren }) {
  return <span class={`badge ${props.tone}`}>{props.children}</span>;
}

/** Under a list's table: "no rows" when the page is empty, then the pager (every paged list). */
export function PageFooter(props: { pager: ReturnType<typeof usePager>; page: { items: unknown[]; next_cursor?: string | null | undefined } }) {
  return (
    <>
      {props.page.items.length === 0 ? <p class="muted">{t('noRows')}</p> : null}
      <Pager pager={props.pager} nextCursor={props.page.next_cursor} />
    </>
  );
}

/** A column of a table header: its label, right-aligned for numbers, or read only by screen readers. */
export type Column = string | { label: string; num?: boolean; hidden?: boolean };

/** A table's header row: one `<th scope="col">` per column (every list page has one). */
export function TableHead(props: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((c) => {
          const col = typeof c === 'string' ? { label: c } : c;
          return (
            <th scope="col" class={col.num ? 'num' : undefined}>
              {col.hidden ? <span class="sr-only">{col.label}</span> : col.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
