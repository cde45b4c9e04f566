/** Builders for EventInput/AttributeInput used by the store contract suite (deterministic uuids). */
import type { AttributeInput, EventInput, ObjectInput } from '../../core/model/event.ts';

let counter = 0;

/** A deterministic, unique, valid-looking uuid for tests. */
export function testUuid(): string {
  counter++;
  const hex = counter.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

export function attr(type: string, value: string, over: Partial<AttributeInput> = {}): AttributeInput {
  return {
    uuid: testUuid(),
    type,
    category: 'Network activity',
    value,
    toIds: true,
    comment: '',
    firstSeen: null,
    lastSeen: null,
    timestamp: 1_700_000_000,
    distribution: 5,
    sharingGroupUuid: null,
    tags: [],
    deleted: false,
    disableCorrelation: false,
    objectRelation: null,
    ...over,
  };
}

export function event(attributes: AttributeInput[], over: Partial<EventInput> = {}): EventInput {
  return {
    uuid: testUuid(),
    info: 'test event',
    date: '2024-05-01',
    threatLevel: 2,
    analysis: 1,
    published: true,
    publishTimestamp: 1_700_000_000,
    timestamp: 1_700_000_000,
    distribution: 1,
    sharingGroup: null,
    orgc: { name: 'ORGC' },
    tags: [{ name: 'tlp:green' }],
    attributes,
    objects: [],
    sightings: [],
    ...over,
  };
}

export function object(name: string, attributes: AttributeInput[], over: Partial<ObjectInput> = {}): ObjectInput {
  return {
    uuid: testUuid(),
    name,
    metaCategory: 'network',
    description: '',
    templateUuid: null,
    templateVersion: null,
    comment: '',
    distribution: 5,
    sharingGroupUuid: null,
    timestamp: 1_700_000_000,
    deleted: false,
    firstSeen: null,
    lastSeen: null,
    attributes: attributes.map((a) => ({ ...a, objectRelation: a.objectRelation ?? a.type })),
    references: [],
    ...over,
  };
}
