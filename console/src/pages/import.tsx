/** CSV import: upload (`POST /v1/imports`, role ingest), then its report and the rejected rows. */
import { useState } from 'preact/hooks';
import { download, postForm } from '../api.ts';
import { ErrorLine, Figure, Section } from '../components/ui.tsx';
import { fmtInt, t } from '../i18n.ts';

interface ImportReport {
  import_id: string;
  file_name: string;
  status: string;
  rows_read: number;
  accepted: number;
  rejected: number;
  error: string | null;
  rejects_url: string;
}

export function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      setReport(await postForm<ImportReport>('/v1/imports', form));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>{t('navImport')}</h1>
      <p>{t('importHelp')}</p>
      <pre class="sample">event_id,event_ts,event_type,sku,location,qty,device_id{'\n'},2026-11-20T09:00:00+09:00,IN,SKU-1,W1-A01,10,reader-1</pre>
      <form class="filters" onSubmit={submit}>
        <div class="field">
          <label for="imp-file">{t('csvFile')}</label>
          <input id="imp-file" type="file" accept=".csv,text/csv" required onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        </div>
        <button type="submit" disabled={busy || !file}>
          {busy ? t('importing') : t('import')}
        </button>
      </form>
      <ErrorLine error={error} />
      {report ? (
        <Section title={t('importReport', { name: report.file_name })}>
          <dl class="figures" data-testid="import-report">
            <Figure
              label={t('status')}
              value={report.status === 'done' ? t('run_done') : report.status === 'failed' ? t('run_failed') : report.status}
              testId="imp-status"
            />
            <Figure label={t('rowsRead')} value={fmtInt(report.rows_read)} testId="imp-read" />
            <Figure label={t('accepted')} value={fmtInt(report.accepted)} testId="imp-accepted" />
            <Figure label={t('rejected')} value={fmtInt(report.rejected)} testId="imp-rejected" tone={report.rejected > 0 ? 'warn' : undefined} />
          </dl>
          {report.error ? <p class="error">{report.error}</p> : null}
          {report.rejected > 0 ? (
            <button type="button" class="secondary" onClick={() => download(report.rejects_url, `rejects-${report.import_id}.csv`).catch(setError)}>
              {t('downloadRejects')}
            </button>
          ) : null}
        </Section>
      ) : null}
    </>
  );
}
