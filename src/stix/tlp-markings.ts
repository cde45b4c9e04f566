/**
 * TLP marking definitions: the TLP 1.0 ids built into STIX 2.1 and the TLP 2.0 objects of the OASIS
 * extension, mapped to and from MISP `tlp:` tags.
 */
import type { Tlp } from '../core/sharing/tlp.ts';

export const TLP2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

export const TLP1_IDS: Record<string, string> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'white',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};

export const TLP2_IDS: Record<Tlp, string> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

const TLP2_BY_ID = new Map(Object.entries(TLP2_IDS).map(([k, v]) => [v, k]));

/** The MISP tag (`tlp:amber+strict`) a marking id stands for, using bundle marking objects for unknown ids. */
export function tlpTagForMarking(id: string, markings?: Map<string, Record<string, unknown>>): string | null {
  const known = TLP1_IDS[id] ?? TLP2_BY_ID.get(id);
  if (known) return `tlp:${known}`;
  const m = markings?.get(id);
  if (!m) return null;
  const ext = (m.extensions as Record<string, { tlp_2_0?: unknown }> | undefined)?.[TLP2_EXTENSION];
  if (typeof ext?.tlp_2_0 === 'string') return `tlp:${ext.tlp_2_0.toLowerCase()}`;
  const def = m.definition as { tlp?: unknown } | undefined;
  if (m.definition_type === 'tlp' && typeof def?.tlp === 'string') return `tlp:${def.tlp.toLowerCase()}`;
  return null;
}

/** The TLP 2.0 marking-definition object (as published by OASIS) for a level. */
export function tlpMarkingObject(level: Tlp): Record<string, unknown> {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_IDS[level],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${level.toUpperCase()}`,
    extensions: { [TLP2_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: level } },
  };
}
