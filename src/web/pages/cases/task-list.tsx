/** The case's tasks: state and due time per task, new tasks; first-step and SOAP-plan tasks are marked as such. */
import { useState } from 'react';
import { TASK_STATES } from '../../../core/cases/case-model.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import type { CasesApi, CaseTaskRow } from './cases-api.ts';
import { hostMessages, type HostMessageKey } from './host-messages.ts';

/** `datetime-local` value ↔ epoch ms, in the browser's zone (shown beside the formatted time). */
const toLocalInput = (ms: number): string => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

export function TaskList({ api, caseId, tasks, now, onChanged }: { api: CasesApi; caseId: number; tasks: CaseTaskRow[]; now: number; onChanged: () => void }) {
  const { formatDate } = useI18n();
  const m = useMessages(hostMessages);
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const run = async (f: () => Promise<unknown>) => {
    setFailure(null);
    try {
      await f();
      onChanged();
    } catch (e) {
      setFailure(e);
    }
  };
  return (
    <>
      {failure !== null && <ErrorMessage error={failure} />}
      <ul data-testid="tasks">
        {tasks.map((t) => {
          const overdue = t.dueAt !== null && t.dueAt < now && t.state !== 'done' && t.state !== 'cancelled';
          return (
            <li key={t.id} data-task={t.title} data-state={t.state}>
              <span>{t.title}</span>{' '}
              <select value={t.state} aria-label={m('taskStateOf', { title: t.title })} onChange={(e) => void run(() => api.updateTask(caseId, t.id, { state: e.target.value as CaseTaskRow['state'] }))}>
                {TASK_STATES.map((s) => (
                  <option key={s} value={s}>
                    {m(`task_${s}` as HostMessageKey)}
                  </option>
                ))}
              </select>{' '}
              <input
                type="datetime-local"
                aria-label={m('taskDueOf', { title: t.title })}
                defaultValue={t.dueAt === null ? '' : toLocalInput(t.dueAt)}
                onBlur={(e) => {
                  const v = e.target.value ? new Date(e.target.value).getTime() : null;
                  if (v !== t.dueAt && (v === null || Number.isFinite(v))) void run(() => api.updateTask(caseId, t.id, { dueAt: v }));
                }}
              />{' '}
              <span className="muted">{t.dueAt === null ? m('taskNoDue') : `${m('taskDue')}: ${formatDate(t.dueAt)}`}</span>
              {overdue && <strong> {m('taskOverdue')}</strong>}
              {t.fromNoteId !== null && <span className="muted"> ({m('taskFromNote')})</span>}
            </li>
          );
        })}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await api.addTask(caseId, { title: title.trim(), dueAt: due ? new Date(due).getTime() : null });
            setTitle('');
            setDue('');
          });
        }}
      >
        <label>
          {m('taskAdd')} <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={500} />
        </label>{' '}
        <label>
          {m('taskDue')} <input type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
        </label>{' '}
        <button type="submit">{m('taskAddDo')}</button>
      </form>
    </>
  );
}
