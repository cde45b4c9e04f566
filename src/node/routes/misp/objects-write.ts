import type { FastifyInstance } from 'fastify';
import { v4 as uuidv4 } from 'uuid';
import { RenkeiError } from '../../../core/errors.ts';
import type { EventInput, ObjectInput } from '../../../core/model/event.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, requireRole, WRITE_ROLES } from '../../http/guard.ts';
import { eventForWrite, objectForWrite } from '../../misp/find-for-write.ts';
import { mispObject } from '../../misp/format.ts';
import { parseEventAdd } from '../../misp/parse-event-add.ts';
import { attributeInput, eventShell, objectShell } from '../../misp/stored-input.ts';
import { eventRef } from './events-view.ts';

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
const now = () => Math.floor(Date.now() / 1000);

/**
 * An objects/add body as MISP accepts it: bare, `{"Object":{…}}` or `{"request":{…}}`, with the attributes
 * inside the object or beside it (`{"Object":{…},"Attribute":[…]}`).
 */
function objectBody(body: unknown): J {
  let b = isObj(body) && isObj(body.request) ? body.request : body;
  if (!isObj(b)) throw new RenkeiError('validation_failed', 'the body must be a JSON object (an object, optionally wrapped as {"Object":{…}})');
  const outer = b;
  b = isObj(b.Object) ? { ...b.Object } : { ...b };
  const o = b as J;
  if (o.Attribute === undefined && outer.Attribute !== undefined) o.Attribute = outer.Attribute;
  return o;
}

/**
 * `POST /objects/add/{event}[/{template}]` (PyMISP `add_object`) and `POST|DELETE /objects/delete/{object}`
 * (`delete_object`, a soft delete of the object and its attributes, as MISP's default). The object is saved
 * into its event through the store, whose ownership rules decide: only the event's owning organisation or a
 * node admin may write (409 `ownership_conflict`); an object or attribute uuid of another event is refused.
 */
export function registerObjectsWrite(app: FastifyInstance, ctx: NodeContext): void {
  const opts = { preHandler: requireRole(ctx.authenticate, WRITE_ROLES) };
  type Req = Parameters<typeof principalOf>[0] & { params: unknown; body: unknown };

  const add = async (req: Req) => {
    const p = principalOf(req);
    const fe = await eventForWrite(ctx.store, p, eventRef((req.params as { eventId: string }).eventId));
    const o = objectBody(req.body);
    if (!Array.isArray(o.Attribute) || o.Attribute.length === 0) throw new RenkeiError('validation_failed', 'Could not save the object as no attributes were set.', { field: 'Object.Attribute' });
    if (typeof o.name !== 'string' || o.name.trim() === '') throw new RenkeiError('validation_failed', 'Object.name is required', { field: 'Object.name' });
    const t = now();
    const raw = { ...o, uuid: typeof o.uuid === 'string' && o.uuid !== '' ? o.uuid : uuidv4(), timestamp: t };
    const parsed = parseEventAdd({ info: fe.event.info, uuid: fe.event.uuid, Object: [raw] }, { name: fe.orgc.name, uuid: fe.orgc.uuid }, true);
    const obj: ObjectInput | undefined = parsed.objects[0];
    if (!obj) throw new RenkeiError('validation_failed', 'Object.uuid is not a valid uuid', { field: 'Object.uuid' });
    if (fe.objects.some((x) => x.uuid === obj.uuid)) throw new RenkeiError('conflict', 'an object with this uuid is already in the event');
    const shell: EventInput = eventShell(fe, t);
    shell.objects = [{ ...obj, attributes: obj.attributes.map((a) => ({ ...a, timestamp: t })) }];
    await ctx.store.saveEvents([shell], p.orgId, { admin: p.role === 'admin' });
    await ctx.audit(req, 'objects.add', { event: fe.event.uuid, owner: fe.org.name, uuid: obj.uuid, attributes: obj.attributes.length });
    const { fe: after, object } = await objectForWrite(ctx.store, p, obj.uuid);
    return mispObject(after, object, ctx.tagIds);
  };
  app.post('/objects/add/:eventId', opts, add);
  app.post('/objects/add/:eventId/:templateId', opts, add);

  const del = async (req: Req) => {
    const p = principalOf(req);
    const params = req.params as { id: string; hard?: string };
    const body = isObj(req.body) ? req.body : {};
    const hard = [params.hard, body.hard].some((h) => h === true || h === 1 || h === '1' || h === 'true');
    if (hard) throw new RenkeiError('validation_failed', 'hard deletion is not offered: objects are soft-deleted so that every copy of the event learns of the deletion', { parameter: 'hard' });
    const { fe, object } = await objectForWrite(ctx.store, p, eventRef(params.id));
    if (object.deleted) throw new RenkeiError('not_found', 'Invalid object.');
    const t = now();
    const attrs = await Promise.all(fe.attributes.filter((a) => a.objectId === object.id).map(async (a) => ({ ...(await attributeInput(ctx.store, a)), deleted: true, timestamp: t })));
    const shell: EventInput = eventShell(fe, t);
    shell.objects = [{ ...(await objectShell(ctx.store, object, attrs)), deleted: true, timestamp: t }];
    await ctx.store.saveEvents([shell], p.orgId, { admin: p.role === 'admin' });
    await ctx.audit(req, 'objects.delete', { event: fe.event.uuid, owner: fe.org.name, uuid: object.uuid });
    const id = String(fe.event.id);
    return { saved: true, success: true, name: 'Object deleted', message: 'Object deleted', url: `/objects/delete/${id}`, id };
  };
  /**
   * `POST|PUT /objects/edit/{object}` (PyMISP `update_object`), MISP's delta merge: the object's comment,
   * template version, distribution and seen times; attributes matched by uuid are changed, new ones added,
   * and stored attributes absent from the body are soft-deleted. A body without attributes is a 400 (MISP
   * would delete every attribute): deleting the object says that better.
   */
  const edit = async (req: Req) => {
    const p = principalOf(req);
    const { fe, object } = await objectForWrite(ctx.store, p, eventRef((req.params as { id: string }).id));
    if (object.deleted) throw new RenkeiError('not_found', 'Invalid object.');
    const o = objectBody(req.body);
    if (!Array.isArray(o.Attribute) || o.Attribute.length === 0) {
      throw new RenkeiError('validation_failed', 'an edit lists the attributes the object keeps; to remove them all, delete the object', { field: 'Object.Attribute' });
    }
    if (typeof o.uuid === 'string' && o.uuid !== '' && o.uuid.toLowerCase() !== object.uuid) throw new RenkeiError('validation_failed', 'Object.uuid does not match the object being edited', { field: 'Object.uuid' });
    const t = now();
    const raw = { ...o, name: object.name, uuid: object.uuid, timestamp: t };
    const parsed = parseEventAdd({ info: fe.event.info, uuid: fe.event.uuid, Object: [raw] }, { name: fe.orgc.name, uuid: fe.orgc.uuid }, true).objects[0]!;
    const stored = new Map(fe.attributes.filter((a) => a.objectId === object.id).map((a) => [a.uuid, a]));
    const attrs = [];
    for (const a of parsed.attributes) {
      const old = stored.get(a.uuid);
      stored.delete(a.uuid);
      attrs.push(old ? { ...(await attributeInput(ctx.store, old)), category: a.category, value: a.value, toIds: a.toIds, comment: a.comment, distribution: a.distribution, sharingGroupUuid: a.sharingGroupUuid, disableCorrelation: a.disableCorrelation, firstSeen: a.firstSeen, lastSeen: a.lastSeen, deleted: false, timestamp: t } : { ...a, timestamp: t });
    }
    for (const gone of stored.values()) if (!gone.deleted) attrs.push({ ...(await attributeInput(ctx.store, gone)), deleted: true, timestamp: t });
    const has = (k: string) => o[k] !== undefined && o[k] !== null;
    const base = await objectShell(ctx.store, object, attrs);
    const shell: EventInput = eventShell(fe, t);
    shell.objects = [{
      ...base, timestamp: t,
      ...(has('comment') ? { comment: parsed.comment } : {}),
      ...(has('template_version') ? { templateVersion: parsed.templateVersion } : {}),
      ...(has('distribution') ? { distribution: parsed.distribution, sharingGroupUuid: parsed.sharingGroupUuid } : {}),
      ...(has('first_seen') ? { firstSeen: parsed.firstSeen } : {}),
      ...(has('last_seen') ? { lastSeen: parsed.lastSeen } : {}),
    }];
    await ctx.store.saveEvents([shell], p.orgId, { admin: p.role === 'admin' });
    await ctx.audit(req, 'objects.edit', { event: fe.event.uuid, owner: fe.org.name, uuid: object.uuid, attributes: attrs.length });
    const { fe: after, object: saved } = await objectForWrite(ctx.store, p, object.uuid);
    return mispObject(after, saved, ctx.tagIds);
  };
  app.post('/objects/edit/:id', opts, edit);
  app.put('/objects/edit/:id', opts, edit);

  for (const path of ['/objects/delete/:id', '/objects/delete/:id/:hard']) {
    app.post(path, opts, del);
    app.delete(path, opts, del);
  }
}
