/**
 * Jobs: the daily jobs' run history, run one job now for a day (admin), and backfill a range of
 * business days with progress: one day after the other through `POST /v1/jobs/{name}/run`,
 * each followed in `GET /v1/jobs` until it finished (as `rfid jobs backfill` does in order).
 */
import { useEffect, useState } from 'preact/hooks';
import { getJson, type Page, postJson, qs } from '../api.ts';
import { Badge, ErrorLine, ExportButtons, PageFooter, Section, usePager, TableHead } from '../components/ui.tsx';
import { fmtDay, fmtInt, fmtTime, t, todayInZone } from '../i18n.ts';

interface JobRun {
  id: number;
  job: string;
  day: string;
  trigger: string;
  status: 'running' | 'done' | 'failed';
  worker_id: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  rows: number | null;
  error: string | null;
}

const JOBS = ['snapshot', 'forecast', 'reorder', 'alerts'] as const;
const WAIT_PER_DAY_MS = 180_000;

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T12:00:00Z`); d.toISOString().slice(0, 10) <= to && out.length < 400; d.setUTCDate(d.getUTCDate() + 1))
    out.push(d.toISOString().slice(0, 10));
  return out;
}

async function newestRunId(): Promise<number> {
  const p = await getJson<Page<JobRun>>('/v1/jobs?limit=1');
  return p.items[0]?.id ?? 0;
}

/** Runs `job` for `day` and waits for its run record to finish; the run's status. */
async function runAndWait(job: string, day: string): Promise<JobRun['status']> {
  const after = await newestRunId();
  await postJson(`/v1/jobs/${job}/run`, { date: day });
  const deadline = Date.now() + WAIT_PER_DAY_MS;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 700));
    const p = await getJson<Page<JobRun>>(`/v1/jobs${qs({ job, limit: 20 })}`);
    const run = p.items.find((r) => r.id > after && r.day === day);
    if (run && run.status !== 'running') return run.status;
  }
  throw new Error(t('backfillTimeout', { day }));
}

export function JobsPage() {
  const pager = usePager();
  const [page, setPage] = useState<Page<JobRun> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [run, setRun] = useState({ job: 'snapshot', date: todayInZone(-1) });
  const [runMsg, setRunMsg] = useState<string | null>(null);
  const [bf, setBf] = useState({ job: 'snapshot', from: todayInZone(-7), to: todayInZone(-1) });
  const [progress, setProgress] = useState<{ done: number; total: number; failed: number; day?: string } | null>(null);
  const backfilling = progress !== null && progress.done < progress.total;

  useEffect(() => {
    getJson<Page<JobRun>>(`/v1/jobs${qs({ limit: 25, cursor: pager.cursor })}`)
      .then((p) => {
        setPage(p);
        setError(null);
      })
      .catch(setError);
  }, [pager.cursor, tick]);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 5000);
    return () => clearInterval(timer);
  }, []);

  const runNow = async (e: Event) => {
    e.preventDefault();
    try {
      await postJson(`/v1/jobs/${run.job}/run`, { date: run.date });
      setRunMsg(t('jobStarted', { job: run.job, day: fmtDay(run.date) }));
      setTick((n) => n + 1);
    } catch (err) {
      setError(err);
    }
  };
  const backfill = async (e: Event) => {
    e.preventDefault();
    const days = daysBetween(bf.from, bf.to);
    let failed = 0;
    setProgress({ done: 0, total: days.length, failed });
    try {
      for (const [i, day] of days.entries()) {
        setProgress({ done: i, total: days.length, failed, day });
        if ((await runAndWait(bf.job, day)) === 'failed') failed++;
        setProgress({ done: i + 1, total: days.length, failed, day });
        setTick((n) => n + 1);
      }
    } catch (err) {
      setError(err);
      setProgress(null);
    }
  };
  const jobSelect = (id: string, value: string, set: (v: string) => void) => (
    <div class="field">
      <label for={id}>{t('job')}</label>
      <select id={id} value={value} onChange={(e) => set(e.currentTarget.value)}>
        {JOBS.map((j) => (
          <option value={j}>{j}</option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <h1>{t('navJobs')}</h1>
      <ErrorLine error={error} />
      <div class="two">
        <Section title={t('runNow')}>
          <form class="filters" onSubmit={runNow}>
            {jobSelect('run-job', run.job, (job) => setRun({ ...run, job }))}
            <div class="field">
              <label for="run-date">{t('businessDay')}</label>
              <input id="run-date" type="date" required value={run.date} onInput={(e) => setRun({ ...run, date: e.currentTarget.value })} />
            </div>
            <button type="submit">{t('run')}</button>
          </form>
          {runMsg ? <p role="status">{runMsg}</p> : null}
        </Section>
        <Section title={t('backfill')}>
          <form class="filters" onSubmit={backfill}>
            {jobSelect('bf-job', bf.job, (job) => setBf({ ...bf, job }))}
            <div class="field">
              <label for="bf-from">{t('fromDay')}</label>
              <input id="bf-from" type="date" required value={bf.from} onInput={(e) => setBf({ ...bf, from: e.currentTarget.value })} />
            </div>
            <div class="field">
              <label for="bf-to">{t('toDay')}</label>
              <input id="bf-to" type="date" required value={bf.to} onInput={(e) => setBf({ ...bf, to: e.currentTarget.value })} />
            </div>
            <button type="submit" disabled={backfilling}>
              {t('backfillRun')}
            </button>
          </form>
          {progress ? (
            <div role="status" data-testid="backfill-progress">
              <progress max={progress.total} value={progress.done} aria-label={t('backfill')} />{' '}
              {t('backfillProgress', { done: fmtInt(progress.done), total: fmtInt(progress.total), failed: fmtInt(progress.failed) })}
              {progress.day && backfilling ? ` · ${fmtDay(progress.day)}` : ''}
            </div>
          ) : null}
        </Section>
      </div>
      <Section title={t('runHistory')} actions={<ExportButtons name="jobs" list="/v1/jobs" />}>
        {page ? (
          <>
            <table data-testid="jobs-table">
              <TableHead
                columns={[
                  '#',
                  t('job'),
                  t('businessDay'),
                  t('trigger'),
                  t('status'),
                  t('startedAt'),
                  { label: t('durationMs'), num: true },
                  { label: t('rows'), num: true },
                  t('error'),
                ]}
              />
              <tbody>
                {page.items.map((r) => (
                  <tr data-run-id={r.id}>
                    <td>{r.id}</td>
                    <td>{r.job}</td>
                    <td>{fmtDay(r.day)}</td>
                    <td>{r.trigger}</td>
                    <td>
                      <Badge tone={r.status === 'done' ? 'ok' : r.status === 'failed' ? 'bad' : 'warn'}>{t(`run_${r.status}`)}</Badge>
                    </td>
                    <td>{fmtTime(r.started_at)}</td>
                    <td class="num">{fmtInt(r.duration_ms)}</td>
                    <td class="num">{fmtInt(r.rows)}</td>
                    <td>{r.error ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <PageFooter pager={pager} page={page} />
          </>
        ) : null}
      </Section>
    </>
  );
}
