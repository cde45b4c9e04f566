/** Who is signed in, and the one hub client the pages share. */
import { createContext, useContext } from 'react';
import type { Me } from '../../contracts/hub-api.ts';
import type { WebApi } from '../api/hub-client.ts';

export interface Session {
  api: WebApi;
  me: Me | null;
  setMe: (me: Me | null) => void;
}

export const SessionContext = createContext<Session | null>(null);

/** The session; must be inside `SessionContext.Provider`. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionContext');
  return s;
}

/** Roles that administer members, sources, users and keys. */
export function isAdmin(me: Me | null): boolean {
  return me?.user.role === 'hub-admin' || me?.user.role === 'member-admin';
}
