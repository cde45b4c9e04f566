/** One case: state moves, triage counts with the field's definitions, host import and the paged host table, damage estimate, tasks, SOAP notes, timeline, safe status. */
import { useState } from 'react';
import { CASE_OUTCOMES } from '../../../core/cases/case-model.ts';
import { TRIAGE_DEFINITIONS, TRIAGE_TAGS } from '../../../core/cases/triage.ts';
import { ApiFailure } from '../../api/api-error.ts';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import type { CasesApi, SafeStatus } from './cases-api.ts';
import { casesMessages, type CasesMessageKey } from './messages.ts';
import { HostImport } from './host-import.tsx';
import { HostTable } from './host-table.tsx';
import { TaskList } from './task-list.tsx';
import { Journal } from './journal.tsx';
import { RoomShare } from './room-share.tsx';
import { DamageForm } from './damage-form.tsx';

export function CaseDetail({ api, id, onBack }: { api: CasesApi; id: number; onBack: () => void }) {
  const { lang } = useI18n();
  const m = useMessages(casesMessages);
  const { data, error, loading, reload } = useAsync(() => api.get(id), [api, id]);
  const [failure, setFailure] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<string>(CASE_OUTCOMES[0]);
  const [note, setNote] = useState({ subjective: '', objective: '', assessment: '', plan: '' });
  const [files, setFiles] = useState<Array<{ name: string; contentBase64: string }>>([]);
  const [ev, setEv] = useState({ occurredAt: '', what: '', source: '', outage: '', indicators: '' });
  const [indicators, setIndicators] = useState('');
  const [safe, setSafe] = useState<SafeStatus | null>(null);
  const run = (f: () => Promise<unknown>) => async () => {
    setFailure(null);
    try {
      await f();
      reload();
    } catch (e) {
      setFailure(e);
    }
  };
  if (loading && !data) return <Loading />;
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return null;
  const c = data.case;
  const stateLabel = (s: string) => m(`state_${s}` as CasesMessageKey);
  const d = data.damage;
  return (
    <div className="page">
      <p>
        <button type="button" onClick={onBack}>
          {m('back')}
        </button>
      </p>
      <h2>{c.title}</h2>
      <p>
        {m('colState')}: <strong data-testid="case-state">{stateLabel(c.state)}</strong> · TLP:{c.tlp.toUpperCase()} · PAP:{c.pap.toUpperCase()}
      </p>
      {failure !== null && <ErrorMessage error={failure} />}
      <p>
        {data.nextStates.includes('closed') && (
          <label>
            {m('outcome')}{' '}
            <select value={outcome} onChange={(e) => setOutcome(e.target.value)}>
              {CASE_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {m(`outcome_${o}` as CasesMessageKey)}
                </option>
              ))}
            </select>
          </label>
        )}{' '}
        {data.nextStates.map((s) => (
          <button key={s} type="button" onClick={run(() => api.transition(id, s, s === 'closed' ? outcome : undefined))}>
            {m('moveTo', { state: stateLabel(s) })}
          </button>
        ))}
      </p>

      <h3>{m('triage')}</h3>
      <table>
        <tbody>
          {TRIAGE_TAGS.map((t) => (
            <tr key={t}>
              <th scope="row">
                {t} ({TRIAGE_DEFINITIONS[t].category})
              </th>
              <td>{m('hostCount', { n: data.counts[t] })}</td>
              <td>{TRIAGE_DEFINITIONS[t].definition[lang]}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{m('untriaged')}</th>
            <td>{m('hostCount', { n: data.counts.untriaged })}</td>
            <td />
          </tr>
        </tbody>
      </table>
      <HostImport api={api} caseId={id} onImported={reload} />
      <HostTable api={api} caseId={id} stamp={c.updatedAt} onChanged={reload} />

      <h3>{m('damage')}</h3>
      {d.status === 'complete' ? (
        <div data-testid="damage">
          <p>
            <strong>{lang === 'ja' ? d.damage.ja : d.damage.en}</strong> ({d.damage.plain})
          </p>
          <p>{d.formula[lang].revenuePerHour}</p>
          <p>{d.formula[lang].damage}</p>
        </div>
      ) : (
        <p data-testid="damage">{m('damageIncomplete', { fields: d.missing.map((x) => x.field).join(', ') })}</p>
      )}
      <DamageForm key={c.updatedAt} damage={c.damage} onSave={(damage) => void run(() => api.setDamage(id, damage))()} />

      <h3>{m('tasks')}</h3>
      <TaskList api={api} caseId={id} tasks={data.tasks} now={Date.now()} onChanged={reload} />

      <h3>{m('timeline')}</h3>
      <ul>
        {data.timeline.map((t) => (
          <li key={t.id}>
            {t.occurredAt} — {t.what} ({t.source})
            {t.indicators.length > 0 && <span className="muted"> · {m('eventIndicatorsShown', { values: t.indicators.join(', ') })}</span>}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const indicators = ev.indicators.split('\n').map((x) => x.trim()).filter((x) => x !== '');
          void run(() => api.addTimeline(id, { occurredAt: ev.occurredAt.trim(), what: ev.what, source: ev.source, outage: ev.outage === '' ? null : (ev.outage as 'start' | 'end'), indicators }))();
        }}
      >
        <fieldset>
          <legend>{m('event')}</legend>
          <label>
            {m('eventAt')} <input value={ev.occurredAt} onChange={(e) => setEv({ ...ev, occurredAt: e.target.value })} />
          </label>{' '}
          <label>
            {m('eventWhat')} <input value={ev.what} onChange={(e) => setEv({ ...ev, what: e.target.value })} />
          </label>{' '}
          <label>
            {m('eventSource')} <input value={ev.source} onChange={(e) => setEv({ ...ev, source: e.target.value })} />
          </label>{' '}
          <label>
            {m('outage')}{' '}
            <select value={ev.outage} onChange={(e) => setEv({ ...ev, outage: e.target.value })}>
              <option value="">{m('outageNone')}</option>
              <option value="start">{m('outageStart')}</option>
              <option value="end">{m('outageEnd')}</option>
            </select>
          </label>{' '}
          <label>
            {m('eventIndicators')} <textarea value={ev.indicators} onChange={(e) => setEv({ ...ev, indicators: e.target.value })} rows={2} />
          </label>{' '}
          <button type="submit">{m('addEvent')}</button>
        </fieldset>
      </form>

      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await api.addNote(id, { subjective: note.subjective, objective: note.objective, assessment: note.assessment, plan: note.plan.split('\n'), attachments: files });
            setNote({ subjective: '', objective: '', assessment: '', plan: '' });
            setFiles([]);
          })();
        }}
      >
        <fieldset>
          <legend>{m('note')}</legend>
          {(['subjective', 'objective', 'assessment', 'plan'] as const).map((k) => (
            <label key={k}>
              {m(k[0] as 's' | 'o' | 'a' | 'p')}
              <textarea value={note[k]} onChange={(e) => setNote({ ...note, [k]: e.target.value })} rows={2} />
            </label>
          ))}
          <label>
            {m('attach')} <input type="file" multiple onChange={async (e) => setFiles(await Promise.all([...(e.target.files ?? [])].map(readBase64)))} />
          </label>
          <button type="submit">{m('addNote')}</button>
        </fieldset>
      </form>

      <Journal api={api} caseId={id} stamp={c.updatedAt} onChanged={reload} />

      <h3>{m('share')}</h3>
      <label>
        {m('shareIndicators')}
        <textarea value={indicators} onChange={(e) => setIndicators(e.target.value)} rows={3} />
      </label>
      <button
        type="button"
        onClick={run(async () => {
          setSafe(null);
          setSafe(await api.safeStatus(id, indicators.split('\n')));
        })}
      >
        {m('sharePreview')}
      </button>
      {failure instanceof ApiFailure && Array.isArray((failure.details as { refused?: unknown } | undefined)?.refused) && (
        <p data-testid="refused">{m('refused', { values: ((failure.details as { refused: string[] }).refused).join(', ') })}</p>
      )}
      {safe && <pre data-testid="safe-status">{JSON.stringify(safe, null, 2)}</pre>}
      <RoomShare api={api} caseId={id} indicators={indicators.split('\n')} onFailure={setFailure} />

      <h3>{m('report')}</h3>
      <ul data-testid="report-downloads">
        {(['pdf', 'md'] as const).flatMap((format) =>
          ([lang, lang === 'ja' ? 'en' : 'ja'] as const).map((l) => (
            <li key={`${format}-${l}`}>
              <a href={api.reportUrl(id, format, l)} download>
                {m('reportDownload', { format: format === 'pdf' ? 'PDF' : 'Markdown', lang: m(l === 'ja' ? 'reportLangJa' : 'reportLangEn') })}
              </a>
            </li>
          )),
        )}
        <li>
          <a href={api.exportUrl(id, 'json', lang)}>{m('exportJson')}</a>
        </li>
      </ul>
    </div>
  );
}

/** A picked file as base64 (the hub stores it with its SHA-256). */
async function readBase64(f: File): Promise<{ name: string; contentBase64: string }> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { name: f.name, contentBase64: btoa(bin) };
}
