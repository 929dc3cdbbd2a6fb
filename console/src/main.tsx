/**
 * The web console: a client of the API, nothing more. Hash routing (`#/inventory`) keeps every
 * page on `/`, which `rfid api` serves. Sign-in asks for an API key when the API has auth on
 * (kept for the tab in sessionStorage); with RFID_AUTH=off it opens at once.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson, getKey, setKey, whenUnauthorized } from './api.ts';
import { getLang, type Lang, type MessageKey, setLang, setTimeZone, t } from './i18n.ts';
import { AlertsPage } from './pages/alerts.tsx';
import { CellPage } from './pages/cell.tsx';
import { ForecastsPage } from './pages/forecasts.tsx';
import { ImportPage } from './pages/import.tsx';
import { InventoryPage } from './pages/inventory.tsx';
import { JobsPage } from './pages/jobs.tsx';
import { MovementsPage } from './pages/movements.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { PipelinePage } from './pages/pipeline.tsx';
import { TrendsPage } from './pages/trends.tsx';
import './styles.css';

export interface Meta {
  version: string;
  timezone: string;
  auth: 'on' | 'off';
}

const PAGES: ReadonlyArray<{ path: string; label: MessageKey }> = [
  { path: 'overview', label: 'navOverview' },
  { path: 'inventory', label: 'navInventory' },
  { path: 'movements', label: 'navMovements' },
  { path: 'trends', label: 'navTrends' },
  { path: 'forecasts', label: 'navForecasts' },
  { path: 'alerts', label: 'navAlerts' },
  { path: 'pipeline', label: 'navPipeline' },
  { path: 'jobs', label: 'navJobs' },
  { path: 'import', label: 'navImport' },
];

function readHash(): { page: string; params: URLSearchParams } {
  const raw = location.hash.replace(/^#\/?/, '');
  const [page = '', query = ''] = raw.split('?');
  return { page: page || 'overview', params: new URLSearchParams(query) };
}

function SignIn(props: { onSignedIn: () => void }) {
  const [key, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setKey(key.trim());
    try {
      await getJson('/v1/overview');
      props.onSignedIn();
    } catch (err) {
      setKey(null);
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <main id="main" class="signin">
      <h1>{t('signInTitle')}</h1>
      <p>{t('signInHelp')}</p>
      <form onSubmit={submit}>
        <label for="apikey">{t('apiKey')}</label>
        <input id="apikey" type="password" autocomplete="off" required value={key} onInput={(e) => setValue(e.currentTarget.value)} />
        <button type="submit">{t('signIn')}</button>
      </form>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </main>
  );
}

function LangSwitch(props: { onChange: (lang: Lang) => void }) {
  return (
    <fieldset class="lang">
      <legend class="sr-only">{t('language')}</legend>
      {(['ko', 'en'] as const).map((l) => (
        <button
          type="button"
          class={getLang() === l ? 'on' : 'secondary'}
          aria-pressed={getLang() === l}
          onClick={() => props.onChange(l)}
          data-testid={`lang-${l}`}
        >
          {l === 'ko' ? '한국어' : 'English'}
        </button>
      ))}
    </fieldset>
  );
}

function App() {
  const [meta, setMeta] = useState<Meta | null>(null);
  const [metaError, setMetaError] = useState<string | null>(null);
  const [route, setRoute] = useState(readHash());
  const [signedIn, setSignedIn] = useState(getKey() !== null);
  const [, setLangState] = useState(getLang());

  useEffect(() => {
    const onHash = () => setRoute(readHash());
    addEventListener('hashchange', onHash);
    whenUnauthorized(() => {
      setKey(null);
      setSignedIn(false);
    });
    getJson<Meta>('/v1/meta')
      .then((m) => {
        setTimeZone(m.timezone);
        setMeta(m);
      })
      .catch((e) => setMetaError(String(e)));
    setLang(getLang());
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    const label = PAGES.find((p) => p.path === route.page)?.label;
    document.title = `${label ? t(label) : t('navInventory')} · ${t('appName')}`;
  });

  if (metaError) return <p class="error">{metaError}</p>;
  if (!meta) return <p class="muted">{t('loading')}</p>;
  const changeLang = (l: Lang) => {
    setLang(l);
    setLangState(l);
  };
  const needsKey = meta.auth === 'on' && !signedIn;
  const { page, params } = route;
  return (
    <>
      {/* A button, not a link to #main: the hash is the router's, #main would be read as a page. */}
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        {t('skipToContent')}
      </button>
      <header class="top">
        <span class="brand">{t('appName')}</span>
        <span class="muted tz" title={t('timeZone')}>
          {t('timeZoneIs', { zone: meta.timezone })}
        </span>
        <LangSwitch onChange={changeLang} />
        {meta.auth === 'on' && signedIn ? (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setKey(null);
              setSignedIn(false);
            }}
          >
            {t('signOut')}
          </button>
        ) : null}
      </header>
      {needsKey ? (
        <SignIn onSignedIn={() => setSignedIn(true)} />
      ) : (
        <div class="layout">
          <nav class="side" aria-label={t('mainNav')}>
            <ul>
              {PAGES.map((p) => (
                <li>
                  <a href={`#/${p.path}`} aria-current={page === p.path || (p.path === 'inventory' && page === 'cell') ? 'page' : undefined}>
                    {t(p.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <main id="main" tabIndex={-1}>
            <Page page={page} params={params} />
          </main>
        </div>
      )}
    </>
  );
}

function Page(props: { page: string; params: URLSearchParams }) {
  const { page, params } = props;
  switch (page) {
    case 'inventory':
      return <InventoryPage />;
    case 'cell':
      return <CellPage sku={params.get('sku') ?? ''} location={params.get('location') ?? ''} />;
    case 'movements':
      return <MovementsPage sku={params.get('sku') ?? ''} location={params.get('location') ?? ''} />;
    case 'trends':
      return <TrendsPage />;
    case 'forecasts':
      return <ForecastsPage sku={params.get('sku') ?? ''} location={params.get('location') ?? ''} />;
    case 'alerts':
      return <AlertsPage />;
    case 'pipeline':
      return <PipelinePage />;
    case 'jobs':
      return <JobsPage />;
    case 'import':
      return <ImportPage />;
    default:
      return <OverviewPage />;
  }
}

render(<App />, document.getElementById('app')!);
