/** The organisation's revenue and business days, which new cases start from (the hub lets only its admins change them). */
import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import type { CasesApi } from './cases-api.ts';
import { casesMessages } from './messages.ts';

export function OrgFigures({ api }: { api: CasesApi }) {
  const { data } = useAsync(() => api.orgFigures(), [api]);
  if (!data) return null;
  return <OrgFiguresForm api={api} initial={data} />;
}

function OrgFiguresForm({ api, initial }: { api: CasesApi; initial: Awaited<ReturnType<CasesApi['orgFigures']>> }) {
  const m = useMessages(casesMessages);
  const [revenue, setRevenue] = useState(initial.annualRevenueYen ?? '');
  const [days, setDays] = useState(initial.businessDays === null ? '' : String(initial.businessDays));
  const [state, setState] = useState<{ saved: boolean; failure: unknown }>({ saved: false, failure: null });
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api.setOrgFigures({ annualRevenueYen: revenue.trim() || null, businessDays: days.trim() ? Number(days) : null, hoursPerDay: initial.hoursPerDay });
          setState({ saved: true, failure: null });
        } catch (err) {
          setState({ saved: false, failure: err });
        }
      }}
    >
      <fieldset>
        <legend>{m('orgFigures')}</legend>
        <label>
          {m('revenue')} <input value={revenue} onChange={(e) => setRevenue(e.target.value)} inputMode="numeric" />
        </label>{' '}
        <label>
          {m('days')} <input value={days} onChange={(e) => setDays(e.target.value)} inputMode="numeric" />
        </label>{' '}
        <button type="submit">{m('save')}</button>
        {state.saved && <span role="status"> ✓</span>}
      </fieldset>
      {state.failure !== null && <ErrorMessage error={state.failure} />}
    </form>
  );
}
