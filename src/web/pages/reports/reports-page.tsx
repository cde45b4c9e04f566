/** Threat reports: the list, a new draft (hub admins), and one report with review, publication and corrections. */
import { useMemo, useState, type FormEvent } from 'react';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { navigate } from '../../lib/router.ts';
import { useSession } from '../../lib/session.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { AlertLevelPanel } from './alert-level-panel.tsx';
import { reportsMessages } from './messages.ts';
import { reportsApi, type ReportsApi, type ReportView } from './reports-api.ts';

export function ReportsPage({ id }: { id?: string | undefined }) {
  const { me } = useSession();
  const api = useMemo(() => reportsApi({ headers: (): Record<string, string> => (me?.csrfToken ? { 'x-csrf-token': me.csrfToken } : {}) }), [me]);
  return <ReportsView api={api} admin={me?.user.role === 'hub-admin'} id={id ? Number(id) : null} onOpen={(n) => navigate(n === null ? '/reports' : `/reports/${n}`)} />;
}

/** The list or one report, over any reports client (tests pass one bound to a real hub). */
export function ReportsView({ api, admin, id, onOpen }: { api: ReportsApi; admin: boolean; id: number | null; onOpen: (id: number | null) => void }) {
  if (id !== null && Number.isInteger(id) && id > 0) return <ReportDetail api={api} admin={admin} id={id} onOpen={onOpen} />;
  return <ReportList api={api} admin={admin} onOpen={onOpen} />;
}

function lastMonthStart(): string {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
}

function ReportList({ api, admin, onOpen }: { api: ReportsApi; admin: boolean; onOpen: (id: number) => void }) {
  const { lang, formatDate } = useI18n();
  const m = useMessages(reportsMessages);
  const { data, error, loading } = useAsync(() => api.list(), [api]);
  const [kind, setKind] = useState<'week' | 'month' | 'quarter'>('month');
  const [start, setStart] = useState(lastMonthStart);
  const [rlang, setRlang] = useState<'ja' | 'en'>(lang);
  const [audience, setAudience] = useState<'members' | 'public'>('members');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const r = await api.create({ period: { kind, start }, lang: rlang, audience });
      onOpen(r.report.id);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="page">
      <h2>{m('title')}</h2>
      <p className="muted">{m('intro')}</p>
      <AlertLevelPanel api={api} admin={admin} />
      {admin && (
        <form onSubmit={(e) => void create(e)} aria-label={m('newReport')}>
          <h3>{m('newReport')}</h3>
          <label>
            {m('periodKind')}{' '}
            <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="week">{m('week')}</option>
              <option value="month">{m('month')}</option>
              <option value="quarter">{m('quarter')}</option>
            </select>
          </label>{' '}
          <label>
            {m('periodStart')} <input type="date" value={start} onChange={(e) => setStart(e.target.value)} />
          </label>{' '}
          <label>
            {m('language')}{' '}
            <select value={rlang} onChange={(e) => setRlang(e.target.value as 'ja' | 'en')}>
              <option value="ja">日本語</option>
              <option value="en">English</option>
            </select>
          </label>{' '}
          <label>
            {m('audience')}{' '}
            <select value={audience} onChange={(e) => setAudience(e.target.value as typeof audience)}>
              <option value="members">{m('members')}</option>
              <option value="public">{m('public')}</option>
            </select>
          </label>{' '}
          <button type="submit" disabled={busy}>
            {m('create')}
          </button>
          {failure !== null && <ErrorMessage error={failure} />}
        </form>
      )}
      {loading && <Loading />}
      {error !== null && <ErrorMessage error={error} />}
      {data && data.length === 0 && <p>{m('empty')}</p>}
      {data && data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{m('colTitle')}</th>
              <th>{m('colTlp')}</th>
              <th>{m('colState')}</th>
              <th>{m('colVersion')}</th>
              <th>{m('colPublished')}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={`#/reports/${r.id}`} onClick={(e) => (e.preventDefault(), onOpen(r.id))}>
                    {r.title}
                  </a>
                </td>
                <td>TLP:{r.tlp}</td>
                <td>{r.state === 'published' ? m('published') : m('draft')}</td>
                <td>{r.version ?? '—'}</td>
                <td>{r.publishedAt ? formatDate(r.publishedAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ReportDetail({ api, admin, id, onOpen }: { api: ReportsApi; admin: boolean; id: number; onOpen: (id: number | null) => void }) {
  const m = useMessages(reportsMessages);
  const { data, error, loading, reload } = useAsync(() => Promise.all([api.get(id), api.versions(id).catch(() => [])]), [api, id]);
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const act = async (p: Promise<ReportView>, open = false) => {
    setFailure(null);
    try {
      const r = await p;
      if (open) onOpen(r.report.id);
      else reload();
    } catch (e) {
      setFailure(e);
    }
  };
  if (loading && !data) return <Loading />;
  if (error !== null || !data) return <ErrorMessage error={error} />;
  const [{ report, content }, versions] = data;
  const draft = report.state === 'draft';
  return (
    <div className="page">
      <p>
        <a href="#/reports" onClick={(e) => (e.preventDefault(), onOpen(null))}>
          {m('back')}
        </a>
      </p>
      <h2>{content.title}</h2>
      <p>
        <strong>TLP:{report.tlp}</strong> · {content.period.label} · {draft ? m('draft') : m('version', { n: report.version ?? 0 })}
        {report.supersedes !== null && <> · {m('supersedes', { id: report.supersedes })}</>} · <a href={api.htmlUrl(id)}>{m('openHtml')}</a> · <a href={api.pdfUrl(id)}>{m('openPdf')}</a>
      </p>
      {report.changeNote && <pre className="muted">{report.changeNote}</pre>}
      {!draft && <p className="muted">{m('immutable')}</p>}
      {failure !== null && <ErrorMessage error={failure} />}
      {content.sections.map((s) => (
        <div key={`${s.id}-${s.title}-${s.removed}-${s.paragraphs.join('|')}`}>
          {admin && draft ? (
            <SectionEditor section={s} onSave={(edit) => void act(api.editSection(id, s.id, edit))} />
          ) : s.removed ? null : (
            <section aria-label={s.title}>
              <h3>{s.title}</h3>
              {s.paragraphs.map((p, i) => (
                <p key={i}>{p}</p>
              ))}
            </section>
          )}
          {!s.removed && s.tables.map((t) => <FigureTable key={t.citationId} table={t} api={api} published={!draft} />)}
        </div>
      ))}
      {admin && draft && (
        <form onSubmit={(e) => (e.preventDefault(), void act(api.publish(id, note.trim() || undefined)))}>
          {report.supersedes !== null && (
            <label>
              {m('changeNote')} <textarea value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
          )}
          <button type="submit">{m('publish')}</button>
        </form>
      )}
      {admin && !draft && (
        <button type="button" onClick={() => void act(api.correct(id), true)}>
          {m('correct')}
        </button>
      )}
      {versions.length > 0 && (
        <>
          <h3>{m('versions')}</h3>
          <ul>
            {versions.map((v) => (
              <li key={v.id}>
                <a href={`#/reports/${v.id}`} onClick={(e) => (e.preventDefault(), onOpen(v.id))}>
                  {m('version', { n: v.version ?? 0 })}
                </a>
                {v.changeNote ? ` — ${v.changeNote.split('\n')[0]}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function FigureTable({ table: t, api, published }: { table: ReportView['content']['sections'][number]['tables'][number]; api: ReportsApi; published: boolean }) {
  const m = useMessages(reportsMessages);
  const { formatNumber } = useI18n();
  return (
    <section aria-label={t.title}>
      <h4>
        {t.title} ({t.unit})
      </h4>
      <table>
        <thead>
          <tr>
            <th>{m('figure')}</th>
            <th>{m('value')}</th>
            <th>{m('previous')}</th>
            <th>{m('change')}</th>
          </tr>
        </thead>
        <tbody>
          {[...t.rows, ...(t.total ? [t.total] : [])].map((f) => (
            <tr key={f.citationId}>
              <td>{f.label}</td>
              <td>{f.status === 'published' ? formatNumber(f.value!) : m('withheld')}</td>
              <td>{f.previous ? (f.previous.status === 'published' ? formatNumber(f.previous.value!) : m('withheld')) : '—'}</td>
              <td>{f.changePercent === null ? '—' : `${f.changePercent > 0 ? '+' : ''}${f.changePercent.toFixed(1)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="muted">
        <div>{t.methodology.citation.ja}</div>
        <div>{t.methodology.citation.en}</div>
        <div>{t.methodology.method}</div>
      </div>
      {published && (
        <p className="muted">
          <a href={api.dataUrl(t.citationId, 'csv')}>CSV</a> · <a href={api.dataUrl(t.citationId, 'json')}>JSON</a>
        </p>
      )}
    </section>
  );
}

function SectionEditor({ section, onSave }: { section: ReportView['content']['sections'][number]; onSave: (edit: { title: string; paragraphs: string[]; removed: boolean }) => void }) {
  const m = useMessages(reportsMessages);
  const [title, setTitle] = useState(section.title);
  const [text, setText] = useState(section.paragraphs.join('\n'));
  const [removed, setRemoved] = useState(section.removed);
  return (
    <section aria-label={section.title}>
      <label>
        {m('sectionTitle')} <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        {m('paragraphs')} <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <label>
        <input type="checkbox" checked={removed} onChange={(e) => setRemoved(e.target.checked)} /> {m('removed')}
      </label>
      <button type="button" onClick={() => onSave({ title, paragraphs: text.split('\n').map((p) => p.trim()).filter(Boolean), removed })}>
        {m('save')}
      </button>
    </section>
  );
}
