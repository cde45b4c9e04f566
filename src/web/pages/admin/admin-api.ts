/** The administration calls of the web UI, over the session's client (CSRF and error codes as everywhere). */
import type { AdminUser, ApiKeyView, AuditRow } from '../../../contracts/admin.ts';
import type { HubRole, Member, Source } from '../../../contracts/hub-api.ts';
import type { WebApi } from '../../api/hub-client.ts';

export interface AuditFilters {
  action?: string;
  org?: string;
  actor?: string;
  since?: number;
  until?: number;
  limit?: number;
}

/** Typed admin calls bound to `api`. */
export function adminApi(api: WebApi) {
  const q = (o: Record<string, string | number | undefined>): string => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== '') p.set(k, String(v));
    const s = p.toString();
    return s ? `?${s}` : '';
  };
  return {
    users: async () => (await api.sendJson<{ users: AdminUser[] }>('GET', '/admin/users')).users,
    setRole: (id: number, role: HubRole) => api.sendJson<AdminUser>('PUT', `/users/${id}/role`, { role }),
    setDisabled: (id: number, disabled: boolean) => api.sendJson<AdminUser>('PUT', `/users/${id}/disabled`, { disabled }),
    resetPassword: (id: number, password: string) => api.sendJson<AdminUser>('POST', `/users/${id}/password`, { password }),
    keys: async (userId?: number) => (await api.sendJson<{ keys: ApiKeyView[] }>('GET', `/keys${q({ user: userId })}`)).keys,
    createKey: (label: string, expiresAt: number | null) => api.sendJson<{ key: string; info: ApiKeyView }>('POST', '/keys', { label, expiresAt }),
    rotateKey: (id: number, graceHours: number) => api.sendJson<{ key: string; info: ApiKeyView; previous: ApiKeyView }>('POST', `/keys/${id}/rotate`, { graceHours }),
    expireKey: (id: number, expiresAt: number | null) => api.sendJson<ApiKeyView>('PUT', `/keys/${id}/expiry`, { expiresAt }),
    deleteKey: (id: number) => api.sendJson<void>('DELETE', `/keys/${id}`),
    audit: async (f: AuditFilters) => (await api.sendJson<{ entries: AuditRow[] }>('GET', `/audit${q({ ...f })}`)).entries,
    renameMember: (id: number, name: string) => api.sendJson<Member>('PUT', `/members/${id}`, { name }),
    removeMember: (id: number) => api.sendJson<void>('DELETE', `/members/${id}`),
    editSource: (id: number, body: { url: string; verifyTls: boolean; apiKey?: string }) => api.sendJson<Source>('PUT', `/sources/${id}`, body),
  };
}
export type AdminApi = ReturnType<typeof adminApi>;
