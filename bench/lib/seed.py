#!/usr/bin/env python3
"""Seeds a fresh Coffer server with bench/run's fixed data set and prints what the scenarios need as JSON.

  seed.py BASE_URL standard     the data set of the per-endpoint table (below)
  seed.py BASE_URL scale N STATE   N secrets, 100 per folder, 100 folders per project (10,000 secrets per
                                   project), written as one upsert batch per folder by a few concurrent
                                   clients (BENCH_SEED_CLIENTS, 4); prints how long the seeding took
The standard data set, in one project (environment dev):
  /            50 secrets (SECRET_00 … SECRET_49): list, v4 list, get one, If-None-Match
  /tree        20 folders × 50 secrets: recursive list
  /refs        50 secrets, 25 of them referencing another secret of the folder: expandSecretReferences
  /shared      50 secrets; /app 25 secrets importing /shared: include_imports
  /writes      U_0 … U_127 (updated by the update scenario); the create scenario adds keys here
  /batch       the batch create scenario adds keys here
a machine identity with the viewer role (the readers' token, universal-auth client id and secret), and
the bootstrap person's email and password (user login). Values are generated; none is written to disk
by this script (the JSON printed holds tokens and ids only).
"""
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

PASSWORD = "Bench password 2024"
SEED_CLIENTS = int(os.environ.get("BENCH_SEED_CLIENTS", "4"))
EMAIL = "bench@example.com"


class Client:
    def __init__(self, base, token=None):
        u = urllib.parse.urlparse(base)
        self.host, self.port, self.token = u.hostname, u.port, token
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)

    def call(self, method, path, body=None, token=None, headers=None):
        h = {"Content-Type": "application/json"}
        t = token or self.token
        if t:
            h["Authorization"] = "Bearer " + t
        h.update(headers or {})
        data = None if body is None else json.dumps(body)
        for attempt in range(3):
            try:
                self.conn.request(method, path, body=data, headers=h)
                r = self.conn.getresponse()
                raw = r.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                if attempt == 2:
                    raise
        if r.status >= 400:
            raise SystemExit("seed: %s %s answered %d: %s" % (method, path.split("?")[0], r.status, raw[:300]))
        return r, (json.loads(raw) if raw and r.headers.get("Content-Type", "").startswith("application/json") else None)


def items(prefix, n, value=lambda i: None):
    return [{"secretKey": "%s%02d" % (prefix, i), "secretValue": value(i) or "value-%02d-%s" % (i, "x" * 40)}
            for i in range(n)]


def standard(base):
    c = Client(base)
    _, boot = c.call("POST", "/api/v1/admin/bootstrap",
                     {"email": EMAIL, "password": PASSWORD, "organization": "Bench"})
    admin = boot["identity"]["credentials"]["token"]
    org = boot["organization"]["id"]
    c.token = admin
    _, p = c.call("POST", "/api/v2/workspace", {"projectName": "bench"})
    project = p["project"]["id"]

    def batch(path, secrets):
        c.call("PATCH", "/api/v3/secrets/batch/raw",
               {"workspaceId": project, "environment": "dev", "secretPath": path, "mode": "upsert",
                "secrets": secrets})

    batch("/", items("SECRET_", 50))
    for f in range(20):
        batch("/tree/t%02d" % f, items("TREE_%02d_" % f, 50))
    batch("/refs", items("REF_", 50, lambda i: "ref-${REF_%02d}-suffix" % (i - 25) if i >= 25 else None))
    batch("/shared", items("SECRET_", 50))
    batch("/app", items("APP_", 25))
    c.call("POST", "/api/v1/secret-imports",
           {"workspaceId": project, "environment": "dev", "path": "/app",
            "import": {"environment": "dev", "path": "/shared"}})
    batch("/writes", [{"secretKey": "U_%d" % i, "secretValue": "initial"} for i in range(128)])
    batch("/batch", [{"secretKey": "FIRST", "secretValue": "initial"}])

    _, ident = c.call("POST", "/api/v1/identities", {"name": "bench-reader", "organizationId": org, "role": "no-access"})
    ident = ident["identity"]["id"]
    _, ua = c.call("POST", "/api/v1/auth/universal-auth/identities/%s" % ident, {})
    client_id = ua["identityUniversalAuth"]["clientId"]
    _, cs = c.call("POST", "/api/v1/auth/universal-auth/identities/%s/client-secrets" % ident, {})
    client_secret = cs["clientSecret"]
    c.call("POST", "/api/v2/workspace/%s/identity-memberships/%s" % (project, ident), {"role": "viewer"})
    _, login = c.call("POST", "/api/v1/auth/universal-auth/login", {"clientId": client_id, "clientSecret": client_secret})
    reader = login["accessToken"]

    # checks that the data set is what the scenarios assume, and the list's ETag for If-None-Match
    q = "workspaceId=%s&environment=dev" % project
    r, body = c.call("GET", "/api/v3/secrets/raw?%s&secretPath=/" % q, token=reader)
    assert len(body["secrets"]) == 50, "expected 50 secrets at /"
    etag = r.headers.get("ETag") or ""
    _, body = c.call("GET", "/api/v3/secrets/raw?%s&secretPath=/tree&recursive=true" % q, token=reader)
    assert len(body["secrets"]) == 1000, "expected 1,000 secrets below /tree, got %d" % len(body["secrets"])
    _, body = c.call("GET", "/api/v3/secrets/raw?%s&secretPath=/refs&expandSecretReferences=true" % q, token=reader)
    assert any(s["secretValue"].startswith("ref-value-") for s in body["secrets"]), "references were not expanded"
    _, body = c.call("GET", "/api/v3/secrets/raw?%s&secretPath=/app&include_imports=true" % q, token=reader)
    assert len(body["imports"][0]["secrets"]) == 50, "expected 50 imported secrets"
    if etag:
        r, _ = c.call("GET", "/api/v3/secrets/raw?%s&secretPath=/" % q, token=reader, headers={"If-None-Match": etag})
        assert r.status == 304, "If-None-Match with the list's ETag answered %d, not 304" % r.status
    return {"admin": admin, "org": org, "project": project, "reader": reader, "clientId": client_id,
            "clientSecret": client_secret, "email": EMAIL, "password": PASSWORD, "etag": etag}


def scale(base, total, state_file):
    """Seeds up to `total` secrets (100 per folder, 100 folders per project); run again with a larger total
    on the same server, it adds the rest (the state file keeps the admin token and the project ids, and
    BENCH_PROJECTS for the scale scenarios is written next to it)."""
    try:
        with open(state_file) as f:
            state = json.load(f)
    except FileNotFoundError:
        c = Client(base)
        _, boot = c.call("POST", "/api/v1/admin/bootstrap",
                         {"email": EMAIL, "password": PASSWORD, "organization": "Bench"})
        state = {"admin": boot["identity"]["credentials"]["token"], "projects": [], "folders": 0}
    admin = state["admin"]
    c = Client(base, admin)
    folders = max(1, total // 100)
    per_project = 100
    nprojects = (folders + per_project - 1) // per_project
    started = time.monotonic()
    projects = state["projects"]
    while len(projects) < nprojects:
        _, body = c.call("POST", "/api/v2/workspace", {"projectName": "scale-%03d" % len(projects)})
        projects.append(body["project"]["id"])
    work = list(range(folders - 1, state["folders"] - 1, -1))
    lock = threading.Lock()
    failure = []

    def worker():
        w = Client(base, admin)
        while True:
            with lock:
                if not work or failure:
                    return
                f = work.pop()
            secrets = [{"secretKey": "S_%03d" % i, "secretValue": "scale-%05d-%03d-%s" % (f, i, "y" * 32)}
                       for i in range(100)]
            try:
                w.call("PATCH", "/api/v3/secrets/batch/raw",
                       {"workspaceId": projects[f // per_project], "environment": "dev",
                        "secretPath": "/f%05d" % f, "mode": "upsert", "secrets": secrets})
            except BaseException as e:  # noqa: BLE001 - reported below
                failure.append(str(e))
                return

    threads = [threading.Thread(target=worker) for _ in range(int(SEED_CLIENTS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failure:
        raise SystemExit(failure[0])
    seconds = time.monotonic() - started
    added = folders - state["folders"]
    state["folders"] = max(folders, state["folders"])
    with open(state_file, "w") as f:
        json.dump(state, f)
    # the scale scenarios pick a random folder of a random project: only full projects, or the one there is
    with open(state_file + ".projects", "w") as f:
        f.write("\n".join(projects[: max(1, folders // per_project)]) + "\n")
    last = folders - 1
    q = "workspaceId=%s&environment=dev&secretPath=/f%05d" % (projects[last // per_project], last)
    _, body = c.call("GET", "/api/v3/secrets/raw?" + q)
    assert len(body["secrets"]) == 100, "expected 100 secrets in the last folder"
    return {"admin": admin, "projects": len(projects), "foldersPerProject": min(per_project, folders),
            "folders": folders, "secrets": folders * 100, "seedSeconds": round(seconds, 1),
            "secretsPerSecond": round(added * 100 / seconds) if seconds > 0 else 0}


if __name__ == "__main__":
    base, what = sys.argv[1], sys.argv[2]
    if what == "standard":
        print(json.dumps(standard(base)))
    elif what == "scale":
        print(json.dumps(scale(base, int(sys.argv[3]), sys.argv[4])))
    else:
        raise SystemExit("seed.py BASE standard | scale N STATE_FILE")
