/**
 * Community questions: the list with a form to ask one, and a question with the answer form, the result
 * once k members answered (with quotable sentences) and, when it names a country, port or signature, the
 * community statistics baseline beside the answers.
 */
import { useState, type FormEvent } from 'react';
import type { Question, QuestionSubject } from '../../../core/observations/question.ts';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useSession } from '../../lib/session.tsx';
import { AuthorLabel } from './author-label.tsx';
import { questionMessages } from './question-messages.ts';

interface Baseline {
  dimension: QuestionSubject['dimension'];
  key: string;
  hour: string;
  sensors: number;
  withheld: boolean;
  sentence: { en: string; ja: string } | null;
}
interface QuestionView {
  question: Question;
  quotes: Array<{ en: string; ja: string }>;
  baseline: Baseline | null;
}

/** `#/questions` lists questions; `#/questions/<id>` shows one. */
export function QuestionsPage({ id }: { id?: string | undefined }) {
  return id && /^\d+$/.test(id) ? <QuestionDetail id={Number(id)} /> : <QuestionList />;
}

function QuestionList() {
  const m = useMessages(questionMessages);
  const { formatDate } = useI18n();
  const { api } = useSession();
  const list = useAsync(() => api.getJson<{ questions: Question[] }>('/questions'), [api]);
  const [text, setText] = useState('');
  const [options, setOptions] = useState(m('defaultOptions'));
  const [hours, setHours] = useState(24);
  const [tlp, setTlp] = useState('green');
  const [dimension, setDimension] = useState('');
  const [key, setKey] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ask = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      const q = await api.sendJson<Question>('POST', '/questions', {
        text, options: options.split(/[,、，]/).map((o) => o.trim()).filter(Boolean), deadline: Date.now() + hours * 3600_000, tlp,
        audience: { kind: 'community' }, anonymous, subject: dimension ? { dimension, key } : null,
      });
      window.location.hash = `#/questions/${q.id}`;
    } catch (err) {
      setError(err);
    }
  };
  const k = list.data?.questions[0]?.result.needed ?? 3;
  return (
    <div className="page">
      <h2>{m('title')}</h2>
      <p className="muted">{m('intro', { k })}</p>
      {list.loading && <Loading />}
      {list.error !== null && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.questions.length === 0 && <p>{m('empty')}</p>}
      <ul>
        {list.data?.questions.map((q) => (
          <li key={q.id}>
            <a href={`#/questions/${q.id}`}>{q.text}</a>{' '}
            <span className="muted">{`TLP:${q.tlp.toUpperCase()}`} · <AuthorLabel author={q.author} mine={q.mine} /> · {q.result.released ? m('released', { n: q.result.respondents ?? 0 }) : m('withheld', { k: q.result.needed })}</span>
            {' '}<span className="muted">{q.deadline > Date.now() ? m('until', { at: formatDate(q.deadline) }) : m('closed')}</span>
          </li>
        ))}
      </ul>
      <form className="card" onSubmit={(e) => void ask(e)}>
        <h3>{m('ask')}</h3>
        <label>{m('text')} <input value={text} onChange={(e) => setText(e.target.value)} required maxLength={500} /></label>
        <label>{m('options')} <input value={options} onChange={(e) => setOptions(e.target.value)} required /></label>
        <label>{m('deadline')}{' '}
          <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {[6, 24, 48, 72].map((n) => <option key={n} value={n}>{m('hours', { n })}</option>)}
          </select>
        </label>
        <label>{m('tlp')}{' '}
          <select value={tlp} onChange={(e) => setTlp(e.target.value)}>
            {['clear', 'green'].map((l) => <option key={l} value={l}>{`TLP:${l.toUpperCase()}`}</option>)}
          </select>
        </label>
        <label>{m('subject')}{' '}
          <select value={dimension} onChange={(e) => setDimension(e.target.value)}>
            <option value="">{m('subjectNone')}</option>
            {(['country', 'port', 'signature'] as const).map((d) => <option key={d} value={d}>{m(`dim.${d}`)}</option>)}
          </select>
        </label>
        {dimension && <label>{m('subjectKey')} <input value={key} onChange={(e) => setKey(e.target.value)} required maxLength={20} /></label>}
        <label><input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> {m('anonymous')}</label>
        {error !== null && <ErrorMessage error={error} />}
        <button type="submit">{m('submit')}</button>
      </form>
    </div>
  );
}

function QuestionDetail({ id }: { id: number }) {
  const m = useMessages(questionMessages);
  const { formatDate, lang } = useI18n();
  const { api } = useSession();
  const view = useAsync(() => api.getJson<QuestionView>(`/questions/${id}`), [api, id]);
  const [option, setOption] = useState<number | null>(null);
  const [named, setNamed] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const send = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (option === null) return;
    setError(null);
    try {
      await api.sendJson('POST', `/questions/${id}/answers`, { option, named });
      setSent(true);
      view.reload();
    } catch (err) {
      setError(err);
    }
  };
  if (view.loading && !view.data) return <div className="page"><Loading /></div>;
  if (view.error !== null) return <div className="page"><ErrorMessage error={view.error} onRetry={view.reload} /></div>;
  if (!view.data) return null;
  const { question: q, quotes, baseline } = view.data;
  const open = q.deadline > Date.now();
  const subjectText = (b: Baseline) => `${m(`dim.${b.dimension}`)} ${b.key}`;
  const hourText = (b: Baseline) => `${b.hour.slice(0, 13).replace('T', ' ')}:00 UTC`;
  return (
    <div className="page">
      <p><a href="#/questions">{m('back')}</a></p>
      <h2>{q.text}</h2>
      <p className="muted">{`TLP:${q.tlp.toUpperCase()}`} · <AuthorLabel author={q.author} mine={q.mine} /> · {open ? m('until', { at: formatDate(q.deadline) }) : m('closed')}</p>
      {q.myAnswer !== null && <p>{m('yourAnswer', { option: q.options[q.myAnswer] ?? '' })}</p>}
      <div className="columns">
        <section className="card" aria-label={m('answer')}>
          {open && (
            <form onSubmit={(e) => void send(e)}>
              <fieldset>
                <legend>{m('answer')}</legend>
                {q.options.map((o, i) => (
                  <label key={o}><input type="radio" name="option" checked={option === i} onChange={() => setOption(i)} /> {o}</label>
                ))}
              </fieldset>
              <label><input type="checkbox" checked={named} onChange={(e) => setNamed(e.target.checked)} /> {m('named')}</label>
              {error !== null && <ErrorMessage error={error} />}
              <button type="submit" disabled={option === null}>{m('sendAnswer')}</button>
              {sent && <p role="status">{m('answered')}</p>}
            </form>
          )}
          <div>
            {q.result.released ? (
              <>
                <p>{m('released', { n: q.result.respondents ?? 0 })}</p>
                <ul>{q.options.map((o, i) => <li key={o}>{m('count', { option: o, count: q.result.counts?.[i] ?? 0 })}</li>)}</ul>
                <h3>{m('quotes')}</h3>
                <ul className="quotes">{quotes.map((s, i) => <li key={i}><q>{s[lang]}</q></li>)}</ul>
              </>
            ) : (
              <p>{m('withheld', { k: q.result.needed })}</p>
            )}
          </div>
        </section>
        {baseline && (
          <section className="card" aria-label={m('baseline')}>
            <h3>{m('baseline')}</h3>
            <p className="muted">{m('baselineBasis', { subject: subjectText(baseline), hour: hourText(baseline), sensors: baseline.sensors })}</p>
            {baseline.sentence ? <p><q>{baseline.sentence[lang]}</q></p> : <p>{m('baselineWithheld', { subject: subjectText(baseline), hour: hourText(baseline) })}</p>}
          </section>
        )}
      </div>
    </div>
  );
}
