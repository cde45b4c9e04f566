/** The case's damage inputs: revenue and business days, and the manual overrides of downtime and impact (empty = derived). */
import { useState } from 'react';
import { useMessages } from '../../i18n/i18n.tsx';
import type { DamageSettings } from './cases-api.ts';
import { casesMessages } from './messages.ts';

const num = (s: string): number | null => (s.trim() === '' ? null : Number(s));

export function DamageForm({ damage, onSave }: { damage: DamageSettings; onSave: (d: Partial<DamageSettings>) => void }) {
  const m = useMessages(casesMessages);
  const o = damage.impactOverride;
  const [f, setF] = useState({
    revenue: damage.annualRevenueYen ?? '',
    days: damage.businessDays === null ? '' : String(damage.businessDays),
    downtime: damage.downtimeHoursOverride === null ? '' : String(damage.downtimeHoursOverride),
    impact: o === null ? '' : 'percent' in o ? String(o.percent) : String((o.affected / o.total) * 100),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const impact = num(f.impact);
        onSave({ annualRevenueYen: f.revenue.trim() || null, businessDays: num(f.days), downtimeHoursOverride: num(f.downtime), impactOverride: impact === null ? null : { percent: impact } });
      }}
    >
      <label>
        {m('revenue')} <input value={f.revenue} onChange={(e) => setF({ ...f, revenue: e.target.value })} inputMode="numeric" />
      </label>{' '}
      <label>
        {m('days')} <input value={f.days} onChange={(e) => setF({ ...f, days: e.target.value })} inputMode="numeric" />
      </label>{' '}
      <label>
        {m('downtimeOverride')} <input value={f.downtime} onChange={(e) => setF({ ...f, downtime: e.target.value })} inputMode="decimal" />
      </label>{' '}
      <label>
        {m('impactOverride')} <input value={f.impact} onChange={(e) => setF({ ...f, impact: e.target.value })} inputMode="decimal" />
      </label>{' '}
      <button type="submit">{m('save')}</button>
    </form>
  );
}
