import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { AttributeInput, Distribution, EventInput } from '../../../core/model/event.ts';
import type { FullEvent } from '../../../storage/port.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, requireRole, WRITE_ROLES } from '../../http/guard.ts';
import type { NodePrincipal } from '../../principal.ts';
import { attributeForWrite, eventForWrite } from '../../misp/find-for-write.ts';
import { mispAttributeCore } from '../../misp/format.ts';
import { parseEventAdd } from '../../misp/parse-event-add.ts';
import { attributeInput, eventShell, objectShell } from '../../misp/stored-input.ts';
import { eventRef } from './events-view.ts';

type J = Record<string, unknown>;
const now = () => Math.floor(Date.now() / 1000);

/** An attribute body, bare or wrapped as `{"Attribute": {…}}`. */
function attributeBody(body: unknown): J {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : null) as J | null;
  if (!b) throw new RenkeiError('validation_failed', 'the body must be a JSON object (an attribute, optionally wrapped as {"Attribute":{…}})');
  return (typeof b.Attribute === 'object' && b.Attribute !== null && !Array.isArray(b.Attribute) ? b.Attribute : b) as J;
}

/** Validates and canonicalises one MISP attribute body with the events/add mapper. */
function parseAttribute(fe: FullEvent, a: J): AttributeInput {
  const parsed = parseEventAdd({ info: fe.event.info, uuid: fe.event.uuid, Attribute: [a] }, { name: fe.orgc.name, uuid: fe.orgc.uuid }, true);
  return parsed.attributes[0]!;
}

/** Saves `attr` into the event (inside its object when it has one); the store decides whether the caller may. */
async function saveOne(ctx: NodeContext, p: NodePrincipal, fe: FullEvent, attr: AttributeInput, objectId: number | null): Promise<void> {
  const shell: EventInput = eventShell(fe, now());
  const obj = objectId === null ? null : fe.objects.find((o) => o.id === objectId);
  if (objectId !== null && !obj) throw new RenkeiError('not_found', 'Invalid object');
  if (obj) shell.objects = [await objectShell(ctx.store, obj, [attr])];
  else shell.attributes = [attr];
  await ctx.store.saveEvents([shell], p.orgId, { admin: p.role === 'admin' });
}

async function answer(ctx: NodeContext, p: NodePrincipal, uuid: string) {
  const { attribute, event } = await attributeForWrite(ctx.store, p, uuid);
  return { Attribute: mispAttributeCore(attribute, event) };
}

/**
 * `attributes/add/{event}`, `attributes/edit/{attribute}`, `attributes/delete/{attribute}` (soft delete, as
 * MISP's default). Only the event's owning organisation or a node admin may write (409 `ownership_conflict`).
 */
export function registerAttributesWrite(app: FastifyInstance, ctx: NodeContext): void {
  const opts = { preHandler: requireRole(ctx.authenticate, WRITE_ROLES) };
  type Req = Parameters<typeof principalOf>[0] & { params: unknown; body: unknown };

  app.post('/attributes/add/:eventId', opts, async (req: Req) => {
    const p = principalOf(req);
    const fe = await eventForWrite(ctx.store, p, eventRef((req.params as { eventId: string }).eventId));
    const attr = { ...parseAttribute(fe, attributeBody(req.body)), timestamp: now() };
    if (fe.attributes.some((a) => a.uuid === attr.uuid)) throw new RenkeiError('conflict', 'an attribute with this uuid is already in the event');
    await saveOne(ctx, p, fe, attr, null);
    await ctx.audit(req, 'attributes.add', { event: fe.event.uuid, owner: fe.org.name, uuid: attr.uuid });
    return answer(ctx, p, attr.uuid);
  });

  const edit = async (req: Req, deleting: boolean) => {
    const p = principalOf(req);
    const { attribute } = await attributeForWrite(ctx.store, p, eventRef((req.params as { id: string }).id));
    const fe = await eventForWrite(ctx.store, p, attribute.eventId);
    const stored = await attributeInput(ctx.store, attribute);
    let next: AttributeInput = { ...stored, timestamp: now() };
    if (deleting) next.deleted = true;
    else {
      const body = attributeBody(req.body);
      if (body.uuid !== undefined && String(body.uuid).toLowerCase() !== attribute.uuid) {
        throw new RenkeiError('validation_failed', 'Attribute.uuid does not match the attribute being edited', { field: 'Attribute.uuid' });
      }
      const parsed = parseAttribute(fe, { type: attribute.type, value: attribute.value, ...body, uuid: attribute.uuid });
      next = {
        ...next,
        ...(body.type !== undefined || body.value !== undefined ? { type: parsed.type, value: parsed.value } : {}),
        ...(body.category !== undefined ? { category: parsed.category } : {}),
        ...(body.comment !== undefined ? { comment: parsed.comment } : {}),
        ...(body.to_ids !== undefined ? { toIds: parsed.toIds } : {}),
        ...(body.distribution !== undefined ? { distribution: parsed.distribution as Distribution } : {}),
        ...(body.first_seen !== undefined ? { firstSeen: parsed.firstSeen } : {}),
        ...(body.last_seen !== undefined ? { lastSeen: parsed.lastSeen } : {}),
        ...(body.Tag !== undefined ? { tags: parsed.tags } : {}),
        ...(body.deleted !== undefined ? { deleted: parsed.deleted } : {}),
        ...(body.disable_correlation !== undefined ? { disableCorrelation: parsed.disableCorrelation } : {}),
      };
    }
    await saveOne(ctx, p, fe, next, attribute.objectId);
    await ctx.audit(req, deleting ? 'attributes.delete' : 'attributes.edit', { event: fe.event.uuid, owner: fe.org.name, uuid: attribute.uuid });
    if (deleting) return { message: 'Attribute deleted.' };
    return answer(ctx, p, attribute.uuid);
  };
  app.post('/attributes/edit/:id', opts, (req: Req) => edit(req, false));
  app.put('/attributes/edit/:id', opts, (req: Req) => edit(req, false));
  app.post('/attributes/delete/:id', opts, (req: Req) => edit(req, true));
  app.delete('/attributes/delete/:id', opts, (req: Req) => edit(req, true));
}
