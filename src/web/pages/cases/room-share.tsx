/** Sharing the case's safe status into a community incident room the user can see (the hub refuses internal values). */
import { useState } from 'react';
import { useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import type { CasesApi } from './cases-api.ts';
import { casesMessages, type CasesMessageKey } from './messages.ts';

export function RoomShare({ api, caseId, indicators, onFailure }: { api: CasesApi; caseId: number; indicators: string[]; onFailure: (e: unknown) => void }) {
  const m = useMessages(casesMessages);
  const { data: rooms } = useAsync(() => api.rooms().catch(() => []), [api]);
  const [roomId, setRoomId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  if (!rooms) return null;
  if (rooms.length === 0) return <p className="muted">{m('noRooms')}</p>;
  const chosen = roomId || String(rooms[0]!.id);
  return (
    <p>
      <label>
        {m('room')}{' '}
        <select value={chosen} onChange={(e) => setRoomId(e.target.value)}>
          {rooms.map((r) => (
            <option key={r.id} value={r.id}>
              {r.title}
            </option>
          ))}
        </select>
      </label>{' '}
      <button
        type="button"
        onClick={async () => {
          setDone(null);
          onFailure(null);
          try {
            const r = await api.shareToRoom(caseId, Number(chosen), indicators.map((i) => i.trim()).filter((i) => i !== ''));
            setDone(m('sharedToRoom', { room: rooms.find((x) => x.id === r.roomId)?.title ?? String(r.roomId), status: m(`room_${r.shared.status}` as CasesMessageKey) }));
          } catch (e) {
            onFailure(e);
          }
        }}
      >
        {m('shareToRoom')}
      </button>
      {done && ' '}
      {done && (
        <span role="status" data-testid="room-shared">
          {done}
        </span>
      )}
    </p>
  );
}
