"""Drives the OASIS taxii2-client (v21) against a running Renkei TAXII server.

Usage: python3 taxii2client-driver.py <server-root-url> <user> <password> <apt1.json>
(the password is the API key; it is also sent once with TokenAuth, `Authorization: Token <key>`).
Prints one JSON line of observations; the vitest wrapper asserts on it.
"""
import json
import sys

from taxii2client.common import TokenAuth
from taxii2client.v21 import Collection, Server, as_pages

base, user, password, apt1_path = sys.argv[1:5]
auth = dict(user=user, password=password)
out = {}
server = Server(base + "/", **auth)
out["title"] = server.title
out["roots"] = [r.url for r in server.api_roots]
root = [r for r in server.api_roots if r.url.endswith("/trustgroup1/")][0]
out["root"] = [root.title, root.versions, root.max_content_length]
out["collections"] = sorted(c.id for c in root.collections)
read = Collection(base + "/trustgroup1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/", **auth)
out["objects"] = [o["id"] for o in read.get_objects()["objects"]]
env = read.get_objects(limit=2)
out["limit2"] = [len(env["objects"]), env.get("more"), "next" in env]
out["paged"] = sum(len(p.get("objects", [])) for p in as_pages(read.get_objects, per_request=2))
out["manifest"] = len(read.get_manifest()["objects"])
out["object"] = read.get_object("indicator--6770298f-0fd8-471a-ab8c-1c658a46574e")["objects"][0]["modified"]
write = Collection(base + "/trustgroup1/collections/365fed99-08fa-fdcd-a1b3-fb247eb41d01/", **auth)
with open(apt1_path) as f:
    apt1 = json.load(f)
status = write.add_objects({"objects": apt1["objects"]})
status.refresh()
out["status"] = [status.status, status.total_count, status.success_count, status.failure_count]
out["pages_of_3"] = sum(len(p.get("objects", [])) for p in as_pages(write.get_objects, per_request=3))
out["indicators"] = sum(len(p.get("objects", [])) for p in as_pages(write.get_objects, per_request=3, type="indicator"))
token = Collection(base + "/trustgroup1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/", auth=TokenAuth(password))
out["token_objects"] = sorted(o["id"] for o in token.get_objects()["objects"])
print(json.dumps(out))
