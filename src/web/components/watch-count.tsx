/** The user's unread watch notifications, as a small count beside the "Watches" navigation link. */
import { useEffect, useState } from 'react';
import { useMessages } from '../i18n/i18n.tsx';
import { useSession } from '../lib/session.tsx';
import { workbenchMessages } from './workbench-messages.ts';

/** Fired by the watches page after marking notifications read. */
export const WATCH_SEEN_EVENT = 'renkei-watch-seen';

/** Re-read whenever the route changes (`route`) or notifications are marked read. */
export function WatchCount({ route }: { route: string }) {
  const { api } = useSession();
  const m = useMessages(workbenchMessages);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    const read = (): void => void api.workbench.watchNotifications().then((r) => live && setN(r.unseen), () => undefined);
    read();
    window.addEventListener(WATCH_SEEN_EVENT, read);
    return () => {
      live = false;
      window.removeEventListener(WATCH_SEEN_EVENT, read);
    };
  }, [api, route]);
  if (n === 0) return null;
  return (
    <span className="nav-count" aria-label={m('unread', { n })}>
      {n}
    </span>
  );
}
