/**
 * Tables of DDoS rooms (migration module `ddos-rooms`, applied after the observations tables): the
 * room's target and vectors, each organisation's mitigation line, what each address post added, and the
 * posted addresses that fall in approved registered space with the registration that owned them then
 * (`addr_key`: `ipKey`, so pages come out in address order from SQL).
 * Addresses outside approved space are stored nowhere (as in the notification pipeline).
 */

const V1 = `
CREATE TABLE ddos_rooms (room_id INTEGER PRIMARY KEY REFERENCES obs_rooms(id) ON DELETE CASCADE, target TEXT, target_hidden INTEGER NOT NULL, vectors TEXT NOT NULL);
CREATE TABLE ddos_mitigations (
  room_id INTEGER NOT NULL REFERENCES obs_rooms(id) ON DELETE CASCADE, org_id INTEGER NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL,
  anonymous INTEGER NOT NULL, at {{BIGINT}} NOT NULL, PRIMARY KEY (room_id, org_id));
CREATE TABLE ddos_posts (post_id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL REFERENCES obs_rooms(id) ON DELETE CASCADE, sources INTEGER NOT NULL, reflectors INTEGER NOT NULL);
CREATE INDEX ddos_posts_room ON ddos_posts (room_id, post_id);
CREATE TABLE ddos_addresses (
  room_id INTEGER NOT NULL REFERENCES obs_rooms(id) ON DELETE CASCADE, role TEXT NOT NULL, address TEXT NOT NULL, reporter_org_id INTEGER NOT NULL,
  owner_member_id INTEGER NOT NULL, claim_id INTEGER NOT NULL, prefix TEXT NOT NULL, addr_key TEXT NOT NULL, named INTEGER NOT NULL,
  first_at {{BIGINT}} NOT NULL, last_at {{BIGINT}} NOT NULL, PRIMARY KEY (room_id, role, address, reporter_org_id));
CREATE INDEX ddos_addresses_owner ON ddos_addresses (room_id, owner_member_id, role, addr_key);
`;

/** The migration steps for one dialect (step i is version i+1). */
export function ddosSteps(dialect: 'sqlite' | 'postgres'): string[] {
  const big = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [V1].map((s) => s.replaceAll('{{BIGINT}}', big));
}
