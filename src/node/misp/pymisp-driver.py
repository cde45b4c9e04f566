"""Drives the unmodified PyMISP (../shared/clients/python) against a running Renkei node.

Usage: python3 pymisp-driver.py <node-url> <admin-key> <reader-key> <reader-key-of-another-org>
Prints one JSON object: call name -> {"ok": true, "value": <observed>} or {"ok": false, "error": "..."}.
Every call is tried whatever the outcome of the others; the vitest wrapper asserts on the values and
lists every outcome.
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")

from pymisp import MISPAttribute, MISPEvent, MISPObject, PyMISP  # noqa: E402

url, admin_key, reader_key, partner_key = sys.argv[1:5]
out = {}


def attempt(name, fn):
    try:
        out[name] = {"ok": True, "value": fn()}
    except Exception as e:  # noqa: BLE001 - every failure is an outcome to report
        out[name] = {"ok": False, "error": f"{type(e).__name__}: {e}"[:400]}


def errors_of(r):
    """PyMISP returns {'errors': ...} dicts instead of raising for HTTP errors."""
    if isinstance(r, dict) and "errors" in r:
        raise RuntimeError(json.dumps(r["errors"])[:300])
    return r


misp = PyMISP(url, admin_key, ssl=False)
reader = PyMISP(url, reader_key, ssl=False)
partner = PyMISP(url, partner_key, ssl=False)

attempt("get_version", lambda: sorted(errors_of(misp.misp_instance_version).keys()))
attempt("recommended_pymisp_version", lambda: errors_of(misp.recommended_pymisp_version).get("version"))
attempt("describe_types_remote", lambda: sorted(errors_of(misp.describe_types_remote).keys()))

state = {}


def add_event():
    e = MISPEvent()
    e.info = "PyMISP driver event"
    e.distribution = 1
    e.threat_level_id = 2
    e.analysis = 1
    e.add_tag("tlp:green")
    e.add_attribute("ip-dst", "45.83.64.11", to_ids=True, comment="c2")
    e.add_attribute("domain", "pymisp-driver.example.com")
    e.add_attribute("md5", "0123456789abcdef0123456789abcdef", category="Payload delivery")
    r = errors_of(misp.add_event(e, pythonify=True))
    state["event"] = r
    return {"info": r.info, "uuid_len": len(r.uuid), "attributes": sorted(f"{a.type}={a.value}" for a in r.attributes), "tags": [t.name for t in r.tags], "class": type(r).__name__}


attempt("add_event", add_event)


def add_older_event():
    e = MISPEvent()
    e.info = "PyMISP older event"
    e.date = "2020-01-02"
    e.distribution = 1
    return errors_of(misp.add_event(e, pythonify=True)).info


attempt("add_event(older, no attributes)", add_older_event)
ev = state.get("event")

if ev is not None:
    attempt("get_event(id)", lambda: (lambda r: {"class": type(r).__name__, "info": r.info, "attributes": len(r.attributes)})(errors_of(misp.get_event(ev.id, pythonify=True))))
    attempt("get_event(uuid)", lambda: (lambda r: {"class": type(r).__name__, "uuid": r.uuid == ev.uuid})(errors_of(misp.get_event(ev.uuid, pythonify=True))))
    attempt("event_exists", lambda: [misp.event_exists(ev.id), misp.event_exists(ev.uuid), misp.event_exists(999999)])
    first = sorted(ev.attributes, key=lambda a: a.type)[0]
    attempt("add_sighting(uuid of an add_event attribute)", lambda: (lambda r: {"class": type(r).__name__, "attribute_id": str(r.attribute_id) == str(first.id)})(errors_of(misp.add_sighting({"uuid": first.uuid}, pythonify=True))))
    attempt("add_sighting(value)", lambda: (lambda r: type(r).__name__)(errors_of(misp.add_sighting({"value": "45.83.64.11"}, pythonify=True))))

    def update_event():
        ev.info = "PyMISP driver event (updated)"
        r = errors_of(misp.update_event(ev, pythonify=True))
        return {"class": type(r).__name__, "info": r.info}

    attempt("update_event", update_event)

    def add_attribute():
        a = MISPAttribute()
        a.type = "url"
        a.value = "http://pymisp-driver.example.com/gate.php"
        r = errors_of(misp.add_attribute(ev, a, pythonify=True))
        state["attr"] = r
        return {"class": type(r).__name__, "type": r.type, "value": r.value}

    attempt("add_attribute", add_attribute)
    at = state.get("attr")
    if at is not None:
        attempt("get_attribute", lambda: (lambda r: {"class": type(r).__name__, "value": r.value, "uuid": r.uuid == at.uuid})(errors_of(misp.get_attribute(at, pythonify=True))))
        attempt("attribute_exists", lambda: [misp.attribute_exists(at), misp.attribute_exists(999999)])

        def attribute_tags():
            return sorted(t.name for t in errors_of(misp.get_attribute(at, pythonify=True)).tags)

        def update_attribute():
            at.comment = "updated by PyMISP"
            r = errors_of(misp.update_attribute(at, pythonify=True))
            return {"class": type(r).__name__, "comment": r.comment}

        attempt("update_attribute", update_attribute)
        attempt("tag(attribute)", lambda: [errors_of(misp.tag(at, "tlp:amber")).get("success"), attribute_tags()])
        attempt("untag(attribute)", lambda: [errors_of(misp.untag(at, "tlp:amber")).get("success"), attribute_tags()])
        attempt("tag(attribute) by a reader", lambda: errors_of(reader.tag(at, "tlp:clear")))
        attempt("add_sighting(attribute uuid)", lambda: (lambda r: {"class": type(r).__name__})(errors_of(misp.add_sighting({"uuid": at.uuid}, pythonify=True))))
        attempt("search_sightings", lambda: [(s["Sighting"]["attribute_id"] == str(at.id), s["Sighting"]["type"], s["Sighting"]["value"]) for s in errors_of(misp.search_sightings(context="attribute", context_id=at.id))])
        attempt("search_sightings(include_attribute, include_event_meta, pythonify)", lambda: [(type(x["sighting"]).__name__, x["attribute"].value, x["event"].info) for x in errors_of(reader.search_sightings(context="attribute", context_id=at.uuid, include_attribute=True, include_event_meta=True, pythonify=True))])
        attempt("search_sightings(event, type=false positive)", lambda: errors_of(reader.search_sightings(context="event", context_id=ev.id, type_sighting="1")))
        attempt("search_sightings(all, last=1d)", lambda: sorted(s["Sighting"]["value"] for s in errors_of(reader.search_sightings(publish_timestamp="1d"))))
        attempt("delete_attribute", lambda: errors_of(misp.delete_attribute(at)) and True)
    def event_tags():
        return sorted(f"{t.name}{' (local)' if t.local else ''}" for t in errors_of(misp.get_event(ev.id, pythonify=True)).tags)

    attempt("tag(event)", lambda: [errors_of(misp.tag(ev, "campaign:pymisp")).get("success"), errors_of(misp.tag(ev.uuid, "internal:triage", local=True)).get("success"), event_tags()])
    attempt("untag(event)", lambda: [errors_of(misp.untag(ev, "campaign:pymisp")).get("success"), event_tags()])

    def add_object():
        # misp-objects templates are not bundled in ../shared/clients, so every attribute names its type.
        o = MISPObject("domain-ip", standalone=False, strict=False)
        o.comment = "resolution seen in the sandbox"
        o.add_attribute("domain", value="obj.pymisp-driver.example.com", type="domain")
        o.add_attribute("ip", value="45.83.64.12", type="ip-dst", to_ids=True)
        r = errors_of(misp.add_object(ev, o, pythonify=True))
        state["obj"] = r
        return {"class": type(r).__name__, "name": r.name, "comment": r.comment, "uuid": r.uuid == o.uuid, "event_id": str(r.event_id) == str(ev.id),
                "attributes": sorted(f"{a.object_relation}:{a.type}={a.value}" for a in r.attributes)}

    attempt("add_object", add_object)
    obj = state.get("obj")
    if obj is not None:
        attempt("get_object(id)", lambda: (lambda r: {"class": type(r).__name__, "name": r.name, "uuid": r.uuid == obj.uuid, "attributes": len(r.attributes)})(errors_of(misp.get_object(obj.id, pythonify=True))))
        attempt("get_object(uuid) as a reader", lambda: (lambda r: {"class": type(r).__name__, "id": str(r.id) == str(obj.id)})(errors_of(reader.get_object(obj.uuid, pythonify=True))))
        attempt("object_exists", lambda: [misp.object_exists(obj), misp.object_exists(999999)])
        attempt("get_event(id) holds the object", lambda: [(o.name, len(o.attributes)) for o in errors_of(misp.get_event(ev.id, pythonify=True)).objects])
        attempt("search(attributes, value of an object attribute)", lambda: [(a.value, str(a.object_id) == str(obj.id), a.object_relation) for a in errors_of(reader.search(controller="attributes", value="45.83.64.12", pythonify=True))])

        def search_objects():
            r = errors_of(reader.search(controller="objects", value="45.83.64.12", pythonify=True))
            return [(type(o).__name__, o.name, o.uuid == obj.uuid, sorted(a.value for a in o.attributes)) for o in r]

        attempt("search(objects, value, pythonify)", search_objects)
        attempt("search(objects, object_name)", lambda: [o["Object"]["name"] for o in errors_of(reader.search(controller="objects", object_name="domain-ip"))])
        attempt("search(objects, type=md5)", lambda: errors_of(reader.search(controller="objects", type_attribute="md5")))
        def foreign_object():
            o = MISPObject("domain-ip", standalone=False, strict=False)
            o.add_attribute("domain", value="partner.pymisp-driver.example.com", type="domain")
            return errors_of(partner.add_object(ev, o))

        attempt("add_object by another organisation", foreign_object)

        def update_object():
            o = errors_of(misp.get_object(obj.id, pythonify=True))
            o.comment = "resolution confirmed"
            for a in o.attributes:
                if a.object_relation == "ip":
                    a.value = "45.83.64.13"
            o.add_attribute("text", value="seen twice", type="text")
            r = errors_of(misp.update_object(o, pythonify=True))
            return {"class": type(r).__name__, "comment": r.comment, "uuid": r.uuid == obj.uuid,
                    "attributes": sorted(f"{a.object_relation}:{a.type}={a.value}" for a in r.attributes if not a.deleted)}

        attempt("update_object", update_object)

        def update_object_drop():
            o = errors_of(misp.get_object(obj.id, pythonify=True))
            o.attributes = [a for a in o.attributes if a.object_relation != "text"]
            r = errors_of(misp.update_object(o, pythonify=True))
            return sorted(a.object_relation for a in r.attributes if not a.deleted)

        attempt("update_object(attribute left out is deleted)", update_object_drop)

        def update_object_by_partner():
            o = errors_of(partner.get_object(obj.id, pythonify=True))
            o.comment = "not yours"
            return errors_of(partner.update_object(o))

        attempt("update_object by another organisation", update_object_by_partner)
        attempt("delete_object by a reader", lambda: errors_of(reader.delete_object(obj)))
        attempt("delete_object(hard)", lambda: errors_of(misp.delete_object(obj, hard=True)))

    def publish():
        before = errors_of(misp.get_event(ev.id, pythonify=True)).published
        r = errors_of(misp.publish(ev))
        after = errors_of(misp.get_event(ev.id, pythonify=True))
        return {"before": before, "success": r.get("success"), "published": after.published, "publish_timestamp": int(after.publish_timestamp.timestamp()) > 0, "tags": sorted(t.name for t in after.tags)}

    attempt("publish", publish)

    def unpublish_and_back():
        r = errors_of(misp.unpublish(ev))
        mid = errors_of(misp.get_event(ev.id, pythonify=True)).published
        errors_of(misp.publish(ev))
        return {"message": r.get("message"), "unpublished": mid is False, "published_again": errors_of(misp.get_event(ev.id, pythonify=True)).published}

    attempt("unpublish", unpublish_and_back)
    attempt("publish(alert=True)", lambda: errors_of(misp.publish(ev, alert=True)))

attempt("search(attributes, value)", lambda: sorted(f"{a.type}={a.value}" for a in errors_of(reader.search(controller="attributes", value="45.83.64.11", pythonify=True))))
attempt("search(attributes, value list)", lambda: sorted(a.value for a in errors_of(reader.search(controller="attributes", value=["45.83.64.11", "pymisp-driver.example.com"], pythonify=True))))
attempt("search(attributes, %wildcard)", lambda: sorted(a.value for a in errors_of(reader.search(controller="attributes", value="%pymisp-driver.example.com%", pythonify=True))))
attempt("search(attributes, trailing %)", lambda: sorted(a.value for a in errors_of(reader.search(controller="attributes", value="45.83.64.%", pythonify=True))))
attempt("search(attributes, leading % and _)", lambda: sorted(a.value for a in errors_of(reader.search(controller="attributes", value="%.example.co_", type_attribute="domain", pythonify=True))))
attempt("search(attributes, % inside is literal)", lambda: errors_of(reader.search(controller="attributes", value="pymisp%example.com", pythonify=True)))
attempt("search(attributes, %pattern with a NOT pattern)", lambda: sorted(a.value for a in errors_of(reader.search(controller="attributes", value=["%pymisp-driver.example.com%", "!obj.%"], pythonify=True))))
attempt("search(attributes, exact value with a NOT pattern)", lambda: sorted(a.value for a in errors_of(reader.search(controller="attributes", value=["45.83.64.11", "pymisp-driver.example.com", "!%.com"], pythonify=True))))
attempt("search(events, %pattern)", lambda: [e.info for e in errors_of(reader.search(controller="events", value="%driver.example.com", pythonify=True))])
attempt("search(attributes, include_context)", lambda: [(a.value, a.Event.info, a.Event.Orgc.name, sorted(t.name for t in a.Event.tags), a.Event.threat_level_id) for a in errors_of(reader.search(controller="attributes", value="45.83.64.11", include_context=True, pythonify=True))])
attempt("search(return_format=suricata)", lambda: [l for l in errors_of(reader.search(controller="attributes", value=["45.83.64.11", "pymisp-driver.example.com"], return_format="suricata")).replace(url.rstrip("/"), "NODE").splitlines() if not l.startswith("#")])
attempt("search(return_format=snort)", lambda: [l for l in errors_of(reader.search(controller="attributes", value="45.83.64.11", return_format="snort")).replace(url.rstrip("/"), "NODE").splitlines() if not l.startswith("#")])
attempt("search(attributes, CIDR)", lambda: sorted(a.value for a in errors_of(reader.search(controller="attributes", value="45.83.64.0/24", type_attribute="ip-dst", pythonify=True))))
attempt("search(attributes, type)", lambda: sorted(a.value for a in errors_of(reader.search(controller="attributes", type_attribute="md5", pythonify=True))))
attempt("search(attributes, tags)", lambda: len(errors_of(reader.search(controller="attributes", tags=["tlp:green"], pythonify=True))))
attempt("search(attributes, to_ids)", lambda: sorted(a.value for a in errors_of(reader.search(controller="attributes", to_ids=True, value="45.83.64.11", pythonify=True))))
attempt("search(attributes, limit/page)", lambda: len(errors_of(reader.search(controller="attributes", limit=2, page=1, pythonify=True))))
attempt("search(events, value)", lambda: [e.info for e in errors_of(reader.search(controller="events", value="pymisp-driver.example.com", pythonify=True))])
attempt("search(return_format=csv)", lambda: errors_of(reader.search(controller="attributes", value="45.83.64.11", return_format="csv")).splitlines()[0])
# MISP's text export defaults to published=1: the driver's event was published above.
attempt("search(return_format=text)", lambda: errors_of(reader.search(controller="attributes", value="45.83.64.11", return_format="text")).strip())
attempt("search(return_format=stix2)", lambda: errors_of(reader.search(controller="attributes", value="45.83.64.11", return_format="stix2")).get("type"))
attempt("search_index(eventinfo)", lambda: [e.info for e in errors_of(reader.search_index(eventinfo="PyMISP driver", pythonify=True))])
attempt("search_index(eventinfo, NOT)", lambda: [e.info for e in errors_of(reader.search_index(eventinfo="!driver", pythonify=True))])
attempt("search_index(sort, desc)", lambda: [e.info for e in errors_of(reader.search_index(sort="date", desc=True, pythonify=True))])
attempt("search_index(sort)", lambda: [e.info for e in errors_of(reader.search_index(sort="date", pythonify=True))])
attempt("search_index(eventinfo a|b)", lambda: sorted(e.info for e in errors_of(reader.search_index(eventinfo="driver|older", pythonify=True))))
attempt("search_index(eventinfo with %)", lambda: sorted(e.info for e in errors_of(reader.search_index(eventinfo="PyMISP%event", pythonify=True))))
attempt("search_index(attribute)", lambda: [e.info for e in errors_of(reader.search_index(attribute="45.83.64", pythonify=True))])
attempt("search_index(attribute, NOT)", lambda: [e.info for e in errors_of(reader.search_index(attribute="!45.83.64", pythonify=True))])
attempt("search_index(analysis)", lambda: [[e.info for e in errors_of(reader.search_index(analysis=[lvl], pythonify=True))] for lvl in (0, 1, 2)])
attempt("search_index(threatlevel)", lambda: [e.info for e in errors_of(reader.search_index(threatlevel=[2], pythonify=True))])
attempt("search_index(hasproposal)", lambda: [len(errors_of(reader.search_index(hasproposal=True))), len(errors_of(reader.search_index(hasproposal=False)))])
attempt("search_index(all)", lambda: errors_of(reader.search_index(all="driver")))
attempt("search_index(sort=attribute_count)", lambda: [(e.info, e.attribute_count) for e in errors_of(reader.search_index(sort="attribute_count", pythonify=True))])
attempt("search_index(sort=attribute_count, desc)", lambda: [(e.info, e.attribute_count) for e in errors_of(reader.search_index(sort="attribute_count", desc=True, pythonify=True))])
attempt("search_index(sort=org, desc)", lambda: [(e.info, e.Orgc.name) for e in errors_of(reader.search_index(sort="org", desc=True, pythonify=True))])
attempt("search(attributes, type pattern)", lambda: sorted(a.value for a in errors_of(reader.search(controller="attributes", type_attribute="ip-%", pythonify=True))))
attempt("search(attributes, category pattern)", lambda: sorted(f"{a.category}:{a.value}" for a in errors_of(reader.search(controller="attributes", category="Payload%", pythonify=True))))
attempt("search(attributes, NOT category)", lambda: sorted(a.value for a in errors_of(reader.search(controller="attributes", category="!Network activity", pythonify=True))))
attempt("search(attributes, tag pattern)", lambda: len(errors_of(reader.search(controller="attributes", tags="tlp:%", pythonify=True))))
attempt("search(attributes, NOT tag pattern)", lambda: sorted(a.value for a in errors_of(reader.search(controller="attributes", tags=reader.build_complex_query(not_parameters=["tlp:g%"]), pythonify=True))))
attempt("search(events, tag pattern)", lambda: sorted(e.info for e in errors_of(reader.search(controller="events", tags="%green", metadata=True, pythonify=True))))
attempt("search(attributes, org)", lambda: sorted(a.value for a in errors_of(reader.search(controller="attributes", org="PyMISP Org", type_attribute="ip-dst", pythonify=True))))
attempt("events(pythonify)", lambda: sorted(e.info for e in errors_of(reader.events(pythonify=True))))
attempt("tags()", lambda: [(t.name, t.count, t.attribute_count, t.local_only) for t in errors_of(misp.tags(pythonify=True))])
attempt("tags() as another organisation", lambda: [t.name for t in errors_of(partner.tags(pythonify=True))])
attempt("tag(event) by another organisation", lambda: errors_of(partner.tag(ev, "tlp:clear")) if ev is not None else None)
attempt("publish by another organisation", lambda: errors_of(PyMISP(url, partner_key, ssl=False).publish(ev)) if ev is not None else None)
attempt("organisations()", lambda: sorted(f"{o.name} local={o.local}" for o in errors_of(misp.organisations(pythonify=True))))
attempt("organisations(scope=all)", lambda: sorted(o.name for o in errors_of(misp.organisations(scope="all", pythonify=True))))
attempt("organisations(scope=all) as a reader", lambda: sorted(o.name for o in errors_of(reader.organisations(scope="all", pythonify=True))))
attempt("sharing_groups()", lambda: sorted(f"{g.name}: {','.join(sorted(m.Organisation.name for m in g.SharingGroupOrg))}" for g in errors_of(misp.sharing_groups(pythonify=True))))
attempt("sharing_groups() as a reader", lambda: sorted(g.name for g in errors_of(reader.sharing_groups(pythonify=True))))
attempt("users()", lambda: sorted(f"{type(u).__name__} org={u.org_id} role={u.role_id} disabled={u.disabled}" for u in errors_of(misp.users(pythonify=True))))
attempt("users(organisation)", lambda: [u["User"]["email"].split("@")[1] for u in errors_of(misp.users(organisation=2))])
attempt("users() as a reader", lambda: errors_of(reader.users()))
attempt("feeds()", lambda: errors_of(misp.feeds(pythonify=True)))


def partner_event():
    e = MISPEvent()
    e.info = "Partner Org event"
    e.distribution = 1
    e.add_attribute("domain", "partner-only.example.net")
    return errors_of(partner.add_event(e, pythonify=True)).info


attempt("add_event by another organisation", partner_event)
attempt("search_index(org)", lambda: [sorted(e.info for e in errors_of(reader.search_index(org=o, pythonify=True))) for o in ("Partner Org", "!Partner Org", "no such org")])
attempt("search_index(org by id)", lambda: sorted(e.info for e in errors_of(reader.search_index(org=[1], pythonify=True))))
if state.get("obj") is not None:
    attempt("delete_object", lambda: errors_of(misp.delete_object(state["obj"])).get("message"))
    attempt("get_object after delete_object", lambda: errors_of(misp.get_object(state["obj"].id)))
    attempt("search(objects) after delete_object", lambda: errors_of(reader.search(controller="objects", value="45.83.64.12")))
if ev is not None:
    attempt("delete_event", lambda: errors_of(misp.delete_event(ev)) and True)
print(json.dumps(out))
