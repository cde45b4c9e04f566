/** The user's unread watch notifications, as a small count beside the "Watches" navigation link. */
import { useEffect, useState } from 'react';
import { useMessages } from '../i18n/i18n.tsx';
import { useSession } from '../lib/session.tsx';
import { workbenchMessages } from './workbench-messages.ts';

/** Re-read whenever the route changes (`route`), so reading the watches page clears it. */
export function WatchCount({ route }: { route: string }) {
  const { api } = useSession();
  const m = useMessages(workbenchMessages);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    api.workbench.watchNotifications().then((r) => live && setN(r.unseen), () => undefined);
    return () => {
      live = false;
    };
  }, [api, route]);
  if (n === 0) return null;
  return (
    <span className="nav-count" aria-label={m('unread', { n })}>
      {n}
    </span>
  );
}
