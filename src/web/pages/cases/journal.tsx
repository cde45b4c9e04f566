/** The SOAP notes as a case journal, oldest first, each at its current revision; a note's plan lines can become tasks. */
import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import type { CasesApi } from './cases-api.ts';
import { casesMessages } from './messages.ts';

export function Journal({ api, caseId, stamp, onChanged }: { api: CasesApi; caseId: number; stamp: number; onChanged: () => void }) {
  const { formatDate } = useI18n();
  const m = useMessages(casesMessages);
  const { data, error } = useAsync(() => api.notes(caseId), [api, caseId, stamp]);
  const [failure, setFailure] = useState<unknown>(null);
  const [editing, setEditing] = useState<{ id: number; s: string; o: string; a: string; p: string } | null>(null);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return null;
  return (
    <section aria-labelledby="journal-heading">
      <h3 id="journal-heading">{m('journal')}</h3>
      {failure !== null && <ErrorMessage error={failure} />}
      {data.length === 0 && <p>{m('journalEmpty')}</p>}
      {data.map((n) => {
        const r = n.revisions[n.revisions.length - 1]!;
        const plan = r.plan.map((p) => p.trim()).filter((p) => p !== '');
        return (
          <article key={n.id} data-note={n.id} aria-label={m('noteHeading', { id: n.id })}>
            <h4>
              {m('noteHeading', { id: n.id })} — {formatDate(r.at)} — {r.authorLogin}
              {n.revisions.length > 1 && ` (${m('revisionOf', { n: r.revision, total: n.revisions.length })})`}
            </h4>
            <dl>
              <dt>{m('s')}</dt>
              <dd>{r.subjective || '—'}</dd>
              <dt>{m('o')}</dt>
              <dd>
                {r.objective || '—'}
                {r.attachments.length > 0 && (
                  <ul>
                    {r.attachments.map((a) => (
                      <li key={a.sha256}>
                        <a href={api.attachmentUrl(caseId, a.sha256)}>{a.name}</a> ({a.size} B, SHA-256 <code>{a.sha256}</code>)
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
              <dt>{m('a')}</dt>
              <dd>{r.assessment || '—'}</dd>
              <dt>{m('p')}</dt>
              <dd>
                {plan.length === 0 ? '—' : (
                  <ul>
                    {plan.map((p, i) => (
                      <li key={i}>{p}</li>
                    ))}
                  </ul>
                )}
                {plan.length > 0 && (
                  <button
                    type="button"
                    onClick={async () => {
                      setFailure(null);
                      try {
                        await api.planToTasks(caseId, n.id);
                        onChanged();
                      } catch (e) {
                        setFailure(e);
                      }
                    }}
                  >
                    {m('planToTasks', { id: n.id })}
                  </button>
                )}
              </dd>
            </dl>
            {editing?.id === n.id ? (
              <form
                onSubmit={async (e) => {
                  e.preventDefault();
                  setFailure(null);
                  try {
                    await api.reviseNote(caseId, n.id, { subjective: editing.s, objective: editing.o, assessment: editing.a, plan: editing.p.split('\n') });
                    setEditing(null);
                    onChanged();
                  } catch (err) {
                    setFailure(err);
                  }
                }}
              >
                <fieldset>
                  <legend>{m('revise', { id: n.id })}</legend>
                  {(['s', 'o', 'a', 'p'] as const).map((k) => (
                    <label key={k}>
                      {m(k)}
                      <textarea value={editing[k]} onChange={(e) => setEditing({ ...editing, [k]: e.target.value })} rows={2} />
                    </label>
                  ))}
                  <button type="submit">{m('reviseSave')}</button>{' '}
                  <button type="button" onClick={() => setEditing(null)}>
                    {m('reviseCancel')}
                  </button>
                </fieldset>
              </form>
            ) : (
              <button type="button" onClick={() => setEditing({ id: n.id, s: r.subjective, o: r.objective, a: r.assessment, p: r.plan.join('\n') })}>
                {m('revise', { id: n.id })}
              </button>
            )}
          </article>
        );
      })}
    </section>
  );
}
