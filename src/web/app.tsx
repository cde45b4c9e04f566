/** The application shell: session check, navigation, language switch and the page for the current route. */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Me } from '../contracts/hub-api.ts';
import { ApiFailure } from './api/api-error.ts';
import { createWebApi, type WebApi } from './api/hub-client.ts';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { ErrorMessage, Loading } from './components/error-message.tsx';
import { LanguageSwitch } from './components/language-switch.tsx';
import { I18nProvider, useI18n, type Lang } from './i18n/i18n.tsx';
import type { MessageKey } from './i18n/en.ts';
import { navigate, useRoute } from './lib/router.ts';
import { isAdmin, SessionContext, useSession } from './lib/session.tsx';
import { CasesPage } from './pages/cases/cases-page.tsx';
import { casesMessages } from './pages/cases/messages.ts';
import { HistoryPage } from './pages/history-page.tsx';
import { HitsPage } from './pages/hits-page.tsx';
import { FeedbackPage } from './pages/feedback/feedback-page.tsx';
import { feedbackPageMessages } from './pages/feedback/messages.ts';
import { MembersPage } from './pages/admin/members-page.tsx';
import { OrgPage } from './pages/admin/org-page.tsx';
import { AuditPage } from './pages/admin/audit-page.tsx';
import { adminMessages } from './pages/admin/messages.ts';
import { SearchDetailPage } from './pages/search-detail-page.tsx';
import { SearchPage } from './pages/search-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { StatsPage } from './pages/stats-page.tsx';
import { obsMessages } from './pages/observations/messages.ts';
import { ObservationsPage } from './pages/observations/observations-page.tsx';
import { RoomsPage } from './pages/observations/rooms-page.tsx';
import { QuestionsPage } from './pages/observations/questions-page.tsx';
import { questionMessages } from './pages/observations/question-messages.ts';
import { GroupsPage } from './pages/observations/groups-page.tsx';
import { groupsMessages } from './pages/observations/groups-messages.ts';
import { NotifySettingsPage } from './pages/observations/notify-settings-page.tsx';

import { AddressSpacePage } from './pages/address-space/address-space-page.tsx';
import { addressSpaceMessages } from './pages/address-space/messages.ts';
import { IspDeskPage } from './pages/isp-desk/isp-desk-page.tsx';
import { ispDeskMessages } from './pages/isp-desk/messages.ts';
import { ReportsPage } from './pages/reports/reports-page.tsx';
import { ComparePage } from './pages/compare-page.tsx';
import { watchesMessages } from './pages/watches/messages.ts';
import { WatchesPage } from './pages/watches/watches-page.tsx';
import { WatchCount } from './components/watch-count.tsx';
import { reportsMessages } from './pages/reports/messages.ts';

interface NavItem {
  path: string;
  /** A shared message key, or a feature's own label (features keep their strings in their messages.ts). */
  key: MessageKey | { en: string; ja: string };
  show: (me: Me) => boolean;
}
const NAV: NavItem[] = [
  { path: 'search', key: 'nav.search', show: () => true },
  { path: 'history', key: 'nav.history', show: () => true },
  { path: 'watches', key: { en: watchesMessages.en.nav, ja: watchesMessages.ja.nav }, show: () => true },
  { path: 'hits', key: 'nav.hits', show: () => true },
  { path: 'feedback', key: { en: feedbackPageMessages.en.nav, ja: feedbackPageMessages.ja.nav }, show: () => true },
  { path: 'stats', key: 'nav.stats', show: () => true },
  { path: 'observations', key: { en: obsMessages.en['nav.observations'], ja: obsMessages.ja['nav.observations'] }, show: () => true },
  { path: 'rooms', key: { en: obsMessages.en['nav.rooms'], ja: obsMessages.ja['nav.rooms'] }, show: () => true },
  { path: 'questions', key: { en: questionMessages.en.nav, ja: questionMessages.ja.nav }, show: () => true },
  { path: 'groups', key: { en: groupsMessages.en.nav, ja: groupsMessages.ja.nav }, show: () => true },
  { path: 'observation-notifications', key: { en: groupsMessages.en['notify.nav'], ja: groupsMessages.ja['notify.nav'] }, show: () => true },
  { path: 'cases', key: { en: casesMessages.en.nav, ja: casesMessages.ja.nav }, show: () => true },
  { path: 'members', key: 'nav.members', show: (me) => isAdmin(me) },
  { path: 'org', key: 'nav.org', show: () => true },
  { path: 'audit', key: { en: adminMessages.en['nav.audit'], ja: adminMessages.ja['nav.audit'] }, show: (me) => isAdmin(me) },
  { path: 'address-space', key: { en: addressSpaceMessages.en.nav, ja: addressSpaceMessages.ja.nav }, show: () => true },
  { path: 'hosts', key: { en: ispDeskMessages.en.nav, ja: ispDeskMessages.ja.nav }, show: (me) => me.user.role !== 'hub-admin' },
  { path: 'reports', key: { en: reportsMessages.en.nav, ja: reportsMessages.ja.nav }, show: () => true },
];

function Page({ segments }: { segments: string[] }) {
  const [first, second, third] = segments;
  switch (first) {
    case undefined:
    case 'search':
      return second ? <SearchDetailPage id={second} /> : <SearchPage />;
    case 'history':
      return <HistoryPage />;
    case 'watches':
      return <WatchesPage />;
    case 'compare':
      return second && third ? <ComparePage later={second} earlier={third} /> : <NotFound />;
    case 'hits':
      return <HitsPage />;
    case 'feedback':
      return <FeedbackPage />;
    case 'stats':
      return <StatsPage />;
    case 'observations':
      return <ObservationsPage />;
    case 'rooms':
      return <RoomsPage id={second} />;
    case 'questions':
      return <QuestionsPage id={second} />;
    case 'groups':
      return <GroupsPage />;
    case 'observation-notifications':
      return <NotifySettingsPage />;
    case 'cases':
      return <CasesPage id={second} />;
    case 'members':
      return <MembersPage />;
    case 'org':
      return <OrgPage />;
    case 'audit':
      return <AuditPage />;
    case 'address-space':
      return <AddressSpacePage />;
    case 'hosts':
      return <IspDeskPage />;
    case 'reports':
      return <ReportsPage id={second} />;
    default:
      return <NotFound />;
  }
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page">
      <h2>{t('error.pageNotFound')}</h2>
      <a href="#/search">{t('nav.search')}</a>
    </div>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const { t, lang } = useI18n();
  const { me, api, setMe } = useSession();
  const segments = useRoute();
  const signOut = async () => {
    try {
      await api.signOut();
    } finally {
      setMe(null);
      navigate('/search');
    }
  };
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('nav.skip')}
      </a>
      <header className="top">
        <h1>
          <span lang="ja">連携</span> Renkei
        </h1>
        {me && (
          <nav aria-label={t('nav.main')}>
            <ul>
              {NAV.filter((n) => n.show(me)).map((n) => (
                <li key={n.path}>
                  <a href={`#/${n.path}`} aria-current={(segments[0] ?? 'search') === n.path ? 'page' : undefined}>
                    {typeof n.key === 'string' ? t(n.key) : n.key[lang]}
                    {n.path === 'watches' && <WatchCount route={segments.join('/')} />}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="top-right">
          <LanguageSwitch />
          {me && (
            <>
              <span className="who">
                {me.user.login} ({me.user.org})
              </span>
              <button type="button" onClick={() => void signOut()}>
                {t('nav.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

function Routed() {
  const { me } = useSession();
  const segments = useRoute();
  const { t } = useI18n();
  if (!me) return <SignInPage />;
  return (
    <ErrorBoundary
      key={segments.join('/')}
      fallback={(error, reset) => (
        <div className="page">
          <h2>{t('error.crashed')}</h2>
          <ErrorMessage error={error} onRetry={reset} />
        </div>
      )}
    >
      <Page segments={segments} />
    </ErrorBoundary>
  );
}

/** Root component; `api` can be injected by tests. */
export function App({ api: injected, lang }: { api?: WebApi; lang?: Lang }) {
  const api = useMemo(() => injected ?? createWebApi(), [injected]);
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);
  const [bootError, setBootError] = useState<unknown>(null);
  useEffect(() => {
    api.me().then(
      (m) => {
        setMe(m);
        setChecking(false);
      },
      (e: unknown) => {
        if (!(e instanceof ApiFailure && e.code === 'unauthenticated')) setBootError(e);
        setChecking(false);
      },
    );
  }, [api]);
  const session = useMemo(() => ({ api, me, setMe }), [api, me]);
  return (
    <I18nProvider {...(lang ? { lang } : {})}>
      <SessionContext.Provider value={session}>
        <Shell>{checking ? <Loading /> : <>{bootError !== null && !me && <ErrorMessage error={bootError} />}<Routed /></>}</Shell>
      </SessionContext.Provider>
    </I18nProvider>
  );
}
