#!/usr/bin/python3
"""api_http_test.py: end-to-end test of vigie-api over real HTTP (ctest: api.http).

For: building a real Xapian database and a real token store with api_fixture_db, starting
the real vigie-api on port 0, and checking every endpoint, JSON shapes, errors
(400/401/403/404/405/413/503), limits, the UI files, path traversal, clause ids holding '/',
a database that appears after start, and a clean stop on SIGTERM. Flags, prefixes, paging,
export, metrics and versions are in api_http_flags.py; tokens, roles, reviews (with a real
vigie-indexer) and CORS in api_http_auth.py.
Not for: load testing (see tests/bench/search_http.sh). Uses only the Python standard library."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api_http_lib import FAILS, Api, check, is_error, q  # noqa: E402
import api_http_auth  # noqa: E402
import api_http_flags  # noqa: E402

def test_search(api, man):
    works, laptops, cleaning = man
    st, b = api.json("/api/v1/search")
    check(st == 200 and b.get("total") == 3 and len(b.get("hits", [])) == 3, "match-all: 3 notices")
    keys = {"id", "title", "buyer", "cpv", "deadline", "snippets", "flags"}
    check(all(keys <= set(h) for h in b.get("hits", [])), "hit shape has id/title/buyer/cpv/deadline/snippets/flags")
    st, b = api.json(q({"q": "pénalités"}))
    ids = [h["id"] for h in b.get("hits", [])]
    check(st == 200 and ids == [works["id"]], f"q=pénalités finds the works notice ({ids})")
    hit = b["hits"][0] if b.get("hits") else {}
    check(hit.get("title") == works["title"] and "45000000" in hit.get("cpv", []), "hit title and CPV")
    check(hit.get("deadline") == "2026-11-30", "hit deadline")
    fl = hit.get("flags", [])
    check(len(fl) == 2 and {"rule_id", "severity", "rule_version"} <= set(fl[0]), "hit flags with rule and severity")
    check(any(s.get("label") == "penalties" for s in hit.get("snippets", [])), "matching clause snippet with label")
    st, b = api.json(q({"q": "flag:R03-no-competition"}))
    check([h["id"] for h in b.get("hits", [])] == [cleaning["id"]], "flag: filter")
    st, b = api.json(q({"q": "laptops", "facets": "1"}))
    check(b.get("total") == 1 and isinstance(b.get("facets"), dict), "facets=1 gives a facets object")
    st, b = api.json(q({"q": "", "limit": "1", "offset": "1"}))
    check(st == 200 and len(b.get("hits", [])) == 1 and b.get("total") == 3, "offset/limit paging")
    st, b = api.json(q({"q": "zzzyxnotaword"}))
    check(st == 200 and b.get("total") == 0 and b.get("hits") == [], "no match: 0 hits")


def test_search_errors(api):
    st, b = api.json(q({"limit": "101"}))
    check(st == 400 and is_error(b, 400, "bad_parameter"), "limit over 100 -> 400")
    st, b = api.json(q({"offset": "9995", "limit": "10"}))
    check(st == 400 and is_error(b, 400, "result_window"), "offset+limit over 10000 -> 400")
    st, b = api.json(q({"limit": "-1"}))
    check(st == 400 and is_error(b, 400, "bad_parameter"), "negative limit -> 400")
    st, b = api.json(q({"limit": "ten"}))
    check(st == 400 and is_error(b, 400, "bad_parameter"), "non-numeric limit -> 400")
    st, b = api.json(q({"facets": "maybe"}))
    check(st == 400 and is_error(b, 400, "bad_parameter"), "bad facets value -> 400")
    st, b = api.json(q({"q": "a" * 2001}))
    check(st == 400 and is_error(b, 400, "query_too_long"), "2001-byte query -> 400")
    st, b = api.json(q({"q": "a" * 2000}))
    check(st == 200, "2000-byte query accepted")
    st, b = api.json("/api/v1/search?q=%FF%FE")
    check(st == 400 and is_error(b, 400, "bad_query"), "invalid UTF-8 query -> 400")
    # Queries Xapian's parser rejects (it is lenient with most syntax errors: these are the
    # ones it throws QueryParserError for) must give 400 bad_query, never 500.
    for bad in ["deadline:abc..def", "foo:1..2", "1..2"]:
        st, b = api.json(q({"q": bad}))
        check(st == 400 and is_error(b, 400, "bad_query") and len(b["error"]["message"]) > 0,
              f"unparsable query {bad!r} -> 400 bad_query ({b.get('error', {}).get('message')!r})")
    # Malformed but recoverable queries must never be a 500.
    for odd in ["title:(", '"unbalanced', "(a OR", "AND", "NOT", "cpv:", "))((", "*", "a..", "\\"]:
        st, b = api.json(q({"q": odd}))
        check(st in (200, 400), f"odd query {odd!r} -> {st} (200 or 400, never 500)")


def test_random_queries(api):
    """300 queries of random syntax pieces (fixed seed): always 200 or 400, never 500."""
    import random
    rnd = random.Random(20261129)
    pieces = ["(", ")", '"', "AND", "OR", "NOT", "XOR", "NEAR", "ADJ", "+", "-", "*", "..", ":",
              "title:", "buyer:", "cpv:", "flag:", "deadline:", "value:", "flags:", "label:", "id:",
              "pénalités", "é", "2026-01-01", "45", "0", "~", "^", "\\", "'", "{", "}", "[", "]",
              "/", "&", "|", "!", "\t", "\u00a0", "日本", "\U0001F600", " "]
    bad = []
    for _ in range(300):
        qs = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        st, _, data = api.req(q({"q": qs, "facets": "1"}))
        if st not in (200, 400):
            bad.append((qs, st, data[:120]))
    check(not bad, f"300 random queries: only 200/400 ({bad[:3]})")
    # the flags list composes a query from q and filters: hostile pieces in q and buyer
    bad = []
    for _ in range(200):
        qs = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        buyer = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6)))
        params = {"q": qs, "buyer": buyer, "facets": "1", "kind": "flags"}
        for path in (q(params, "/api/v1/flags"), q(params, "/api/v1/export")):
            st, _, data = api.req(path)
            if st not in (200, 400):
                bad.append((qs, buyer, st, data[:120]))
    check(not bad, f"200 random flags/export queries with hostile buyers: only 200/400 ({bad[:3]})")


def test_documents(api, man):
    works, laptops, cleaning = man
    st, d = api.json(f"/api/v1/documents/{works['id']}")
    check(st == 200 and d.get("id") == works["id"] and d.get("title") == works["title"], "document by id")
    cls = d.get("clauses", [])
    check(len(cls) == 3 and all({"id", "label", "prob", "start", "end", "text"} <= set(c) for c in cls),
          "document clauses with label, probability, offsets, text")
    check([c.get("label") for c in cls] == ["object", "penalties", "submission_deadline"], "clause labels")
    text = d.get("text", "").encode("utf-8")
    fired = [f for f in d.get("flags", []) if f.get("outcome") == "flag"]
    check(len(fired) == 2 and len(d.get("flags", [])) == 4, "document carries 2 flags + 2 other outcomes")
    for f in fired:
        ev = f.get("evidence", {})
        check(all(f.get(k) for k in ("rule_id", "rule_version", "severity", "legal_basis",
                                     "explanation", "explanation_en")),
              f"flag {f.get('rule_id')}: rule id, version, severity, legal basis, explanations")
        check(isinstance(f.get("inputs"), list) and isinstance(f.get("thresholds"), dict),
              f"flag {f.get('rule_id')}: inputs and thresholds")
        check(ev.get("clause_id") in [c["id"] for c in cls] and
              text[ev.get("start", 0):ev.get("end", 0)].decode("utf-8") == ev.get("excerpt"),
              f"flag {f.get('rule_id')}: evidence span is the exact excerpt in the text")
    r01 = [f for f in fired if f["rule_id"] == "R01-short-submission-period"]
    check(r01 and r01[0]["thresholds"].get("min_days_open") == 35 and r01[0]["inputs"][0]["value"] == 10,
          "R01 thresholds and inputs round-trip")
    st, fl = api.json(f"/api/v1/documents/{works['id']}/flags")
    check(st == 200 and len(fl.get("flags", [])) == 2 and all(f["outcome"] == "flag" for f in fl["flags"]),
          "/flags: only FLAG outcomes under flags")
    nf = fl.get("not_fired", [])
    check(len(nf) == 2 and {f["outcome"] for f in nf} == {"no_flag", "missing_data"} and all(f.get("reason") for f in nf),
          "/flags: not_fired with outcomes and reasons")
    st, fl = api.json(f"/api/v1/documents/{laptops['id']}/flags")
    check(st == 200 and fl.get("flags") == [] and len(fl.get("not_fired", [])) == 1, "/flags of an unflagged notice")
    st, b = api.json("/api/v1/documents/" + "0" * 64)
    check(st == 404 and is_error(b, 404, "not_found"), "unknown document -> 404")
    st, b = api.json("/api/v1/documents/" + "0" * 64 + "/flags")
    check(st == 404 and is_error(b, 404, "not_found"), "flags of unknown document -> 404")
    st, b = api.json("/api/v1/documents/" + "x" * 600)
    check(st == 404 and is_error(b, 404), "over-long id -> 404")


def test_clauses(api, man):
    works = man[0]
    cid = works["clauses"][1]
    check("/" in cid, f"clause id holds a '/' ({cid})")
    st, c = api.json(f"/api/v1/clauses/{cid}")
    check(st == 200 and c.get("id") == cid and c.get("label") == "penalties", "clause by id, raw '/'")
    check("sans plafond" in c.get("text", ""), "clause carries its text")
    st, c2 = api.json("/api/v1/clauses/" + urllib.parse.quote(cid, safe=""))
    check(st == 200 and c2.get("id") == cid, "clause by id, '/' sent as %2F")
    st, b = api.json(f"/api/v1/clauses/{works['id']}/c99")
    check(st == 404 and is_error(b, 404, "not_found"), "unknown clause -> 404")


def test_misc(api):
    st, h = api.json("/healthz")
    check(st == 200 and h.get("status") == "ok" and h.get("notices") == 3 and h.get("clauses") == 5,
          f"healthz counts notices and clauses ({h})")
    st, v = api.json("/api/v1/")
    check(st == 200 and v.get("api") == "v1" and v.get("version"), "version info")
    st, v = api.json("/api/v1")
    check(st == 200 and v.get("api") == "v1", "version info without trailing slash")
    st, b = api.json("/no/such/route")
    check(st == 404 and is_error(b, 404, "not_found"), "unknown route -> 404")
    st, b = api.json("/api/v1/search", method="POST")
    check(st == 405 and is_error(b, 405, "method_not_allowed"), "POST /api/v1/search -> 405")
    st, h, _ = api.req("/api/v1/documents/abc", method="DELETE")
    check(st == 405 and "GET" in h.get("allow", ""), "DELETE -> 405 with Allow")
    st, h, _ = api.req("/api/v1/flags/abc/review")
    check(st == 405 and h.get("allow") == "POST", f"GET on a POST route -> 405 Allow: POST ({h.get('allow')})")
    st, h, data = api.req("/api/v1/search", method="POST", body=b"x" * 100000)
    check(st == 413, f"100 KB body -> 413 ({st})")
    st, h, _ = api.req("/api/v1/search", method="OPTIONS")
    check(st == 405 and "access-control-allow-origin" not in h, "no CORS by default: OPTIONS -> 405")
    st, h, _ = api.req("/api/v1/search")
    check(not any(k.startswith("access-control-") for k in h), "no CORS headers by default")
    st, v = api.json("/api/v1/")
    eps = v.get("endpoints", [])
    check("POST /api/v1/flags/{id}/review" in eps and "DELETE /api/v1/tokens/{id}" in eps and
          "GET /metrics" in eps, f"version lists every route with its method ({len(eps)})")
    check(v.get("limits", {}).get("max_query_bytes") == 2000 and v.get("limits", {}).get("max_export_rows") == 10000,
          "version lists the limits")
    st, h, data = api.req("/healthz", method="HEAD")
    check(st == 200 and data == b"", "HEAD /healthz")


def test_ui(api):
    st, h, data = api.req("/")
    check(st == 200 and h.get("content-type", "").startswith("text/html") and b"app.js" in data, "GET / serves index.html")
    for path, ctype in [("/ui/app.js", "text/javascript"), ("/ui/style.css", "text/css"),
                        ("/ui/index.html", "text/html")]:
        st, h, data = api.req(path)
        check(st == 200 and h.get("content-type", "").startswith(ctype) and len(data) > 100, f"{path} as {ctype}")
    for path in ["/ui/../vg_api_server.c", "/ui/%2e%2e/vg_api_server.c", "/ui/..%2fCMakeLists.txt",
                 "/ui/%2E%2E/%2E%2E/CMakeLists.txt", "/ui/.hidden", "/ui/", "/ui//etc/passwd",
                 "/ui/nope.js", "/ui/a\\..\\b"]:
        st, h, data = api.req(urllib.parse.quote(path, safe="/%\\.") if "\\" in path else path)
        check(st in (400, 404) and b"#include" not in data and b"add_executable" not in data,
              f"{path} refused ({st})")


def test_concurrency(api, man):
    errors = []

    def worker(n):
        for i in range(25):
            path = [q({"q": "pénalités"}), f"/api/v1/documents/{man[i % 3]['id']}", "/healthz"][i % 3]
            st, _, data = api.req(path)
            if st != 200:
                errors.append((path, st, data[:100]))

    ts = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    check(not errors, f"8 clients x 25 requests in parallel, all 200 ({errors[:2]})")


def test_new_commit(api, args, db):
    """A commit made while the server runs becomes visible without a restart."""
    out = subprocess.run([args.fixture, db, "extra"], capture_output=True, text=True)
    check(out.returncode == 0, f"fourth notice committed while serving ({out.stderr.strip()})")
    total = None
    for _ in range(100):  # readers reopen at most every 200 ms; allow up to ~10 s
        st, b = api.json(q({"q": "mobilier"}))
        total = b.get("total")
        if total == 1:
            break
        time.sleep(0.1)
    check(total == 1, f"new commit visible to the running server ({total})")
    time.sleep(0.3)  # past the 200 ms reopen period: every thread's reader moves on
    st, h = api.json("/healthz")
    check(h.get("notices") == 4, f"healthz counts the new notice ({h.get('notices')})")


def test_config(args, db, busy_port):
    """argv/environment handling: refusals exit non-zero with a message; flags win over env."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIE_")}

    def run(argv, extra_env=None):
        e = dict(env, **(extra_env or {}))
        try:
            p = subprocess.run([args.api, *argv], capture_output=True, text=True, env=e, timeout=20)
            return p.returncode, p.stderr
        except subprocess.TimeoutExpired:
            return None, "did not exit"

    rc, err = run([])
    check(rc == 2 and "--data" in err, "no database given -> exit 2 with a message")
    rc, err = run(["--db", db, "--port", "70000"])
    check(rc == 2, "port 70000 -> exit 2")
    rc, err = run(["--db", db, "--threads", "0"])
    check(rc == 2, "0 threads -> exit 2")
    rc, err = run(["--db", db, "--bogus"])
    check(rc == 2 and "--bogus" in err, "unknown flag -> exit 2")
    rc, err = run(["--db", db, "--bind", "not-an-address", "--port", "0"])
    check(rc == 1 and "not-an-address" in err, "bad bind address -> exit 1 with a message")
    rc, err = run(["--db", db, "--port", str(busy_port)])
    check(rc == 1 and "cannot listen" in err, "port in use -> exit 1 with a message")
    rc, err = run(["--db", db], {"VIGIE_API_PORT": "eighty"})
    check(rc == 2 and "VIGIE_API_PORT" in err, "bad VIGIE_API_PORT -> exit 2")
    # environment only, then a flag overriding the environment (port 1 would need root)
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        os.environ.update({"VIGIE_DATA": os.path.dirname(db), "VIGIE_API_PORT": "1",
                           "VIGIE_UI_DIR": args.ui, "VIGIE_API_THREADS": "2"})
        api = Api(args.api, ["--port", "0"])
        st, h = api.json("/healthz")
        check(st == 200 and h.get("notices", 0) >= 3, "VIGIE_DATA used, --port wins over VIGIE_API_PORT")
        st, hd, data = api.req("/")
        check(st == 200 and b"app.js" in data, "VIGIE_UI_DIR used")
        check(api.stop() == 0, "env-configured server stops on SIGTERM")
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_shards(args, tmp):
    """--db given twice: two disjoint databases are searched as one."""
    db, shard = os.path.join(tmp, "shard-a"), os.path.join(tmp, "shard-b")
    out = subprocess.run([args.fixture, db], capture_output=True, text=True)
    out2 = subprocess.run([args.fixture, shard, "extra"], capture_output=True, text=True)
    check(out.returncode == 0 and out2.returncode == 0, "two disjoint shards written")
    api = Api(args.api, ["--db", db, "--db", shard, "--port", "0", "--ui", args.ui, "--threads", "2"])
    try:
        st, b = api.json("/api/v1/search")
        check(st == 200 and b.get("total") == 4, f"two shards searched as one ({b.get('total')} notices)")
        st, b = api.json(q({"q": "mobilier"}))
        hid = b["hits"][0]["id"] if b.get("hits") else ""
        st, d = api.json(f"/api/v1/documents/{hid}")
        check(st == 200 and d.get("title") == "Fourniture de mobilier scolaire", "document fetched from the second shard")
    finally:
        check(api.stop() == 0, "shard server stops cleanly")


def test_late_database(args, tmp):
    """Starts on a data dir with no index yet; the index appears; the API sees it."""
    data = os.path.join(tmp, "late")
    os.makedirs(data)
    api = Api(args.api, ["--data", data, "--port", "0", "--ui", args.ui, "--threads", "2"])
    try:
        st, b = api.json("/api/v1/search")
        check(st == 503 and is_error(b, 503, "index_unavailable"), "no index yet: search -> 503")
        st, h = api.json("/healthz")
        check(st == 200 and h.get("index") == "missing" and h.get("notices") == 0, "no index yet: healthz says missing")
        out = subprocess.run([args.fixture, os.path.join(data, "index")], capture_output=True, text=True)
        check(out.returncode == 0, "fixture written after start")
        total = None
        for _ in range(100):  # the readers retry every 200 ms; allow up to ~10 s
            st, _, body = api.req("/api/v1/search")
            if st == 200:
                total = json.loads(body).get("total")
                break
            time.sleep(0.1)
        check(total == 3, f"index appearing after start is picked up ({total})")
    finally:
        rc = api.stop()
    check(rc == 0, f"SIGTERM stops the second server cleanly (rc={rc})")


def test_routes(args):
    """`vigie-api --routes` prints the route table the server dispatches on."""
    out = subprocess.run([args.api, "--routes"], capture_output=True, text=True, timeout=20)
    routes = json.loads(out.stdout) if out.returncode == 0 else []
    pairs = {(r.get("method"), r.get("path")) for r in routes}
    check(("POST", "/api/v1/clauses/{id}/notes") in pairs and ("GET", "/api/v1/export") in pairs and
          ("DELETE", "/api/v1/tokens/{id}") in pairs and len(pairs) == len(routes) >= 20,
          f"--routes prints the route table ({len(routes)} routes)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--api", required=True)
    ap.add_argument("--fixture", required=True)
    ap.add_argument("--ui", required=True)
    ap.add_argument("--node", help="node binary: also run ui/app.js against the server (api_ui_test.js)")
    ap.add_argument("--indexer", help="vigie-indexer binary: the review success path runs against it")
    ap.add_argument("--ingest", help="vigie-ingest binary: the queue metrics are read from it")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="vigie-api-test-")
    try:
        data = os.path.join(tmp, "data")
        os.makedirs(os.path.join(data, "run"))
        db = os.path.join(data, "index")
        out = subprocess.run([args.fixture, db], capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"api_fixture_db failed: {out.stderr}")
        man = json.loads(out.stdout)
        titles = [d["title"] for d in man]
        order = ["Travaux", "Supply", "Services"]
        man = [next(d for d in man if d["title"].startswith(o)) for o in order]
        print(f"fixture: {titles}")
        out = subprocess.run([args.fixture, os.path.join(data, "tokens.sqlite"), "tokens"],
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"api_fixture_db tokens failed: {out.stderr}")
        toks = json.loads(out.stdout)
        ctx = {"args": args, "tmp": tmp, "data": data, "db": db, "man": man, "tokens": toks}
        api = Api(args.api, ["--data", data, "--port", "0", "--ui", args.ui, "--threads", "4",
                             "--review-timeout", "1500"])
        try:
            test_misc(api)
            test_search(api, man)
            api_http_flags.run(api, ctx)
            api_http_auth.run(api, ctx)
            test_search_errors(api)
            test_random_queries(api)
            test_documents(api, man)
            test_clauses(api, man)
            test_ui(api)
            test_concurrency(api, man)
            if args.node:
                ui = subprocess.run([args.node, os.path.join(os.path.dirname(__file__), "api_ui_test.js"),
                                     os.path.join(args.ui, "app.js"), str(api.port), man[0]["id"],
                                     "un délai de 10 jours", "sans plafond"],
                                    capture_output=True, text=True, timeout=120,
                                    env=dict(os.environ, VIGIE_UI_TOKEN=toks["reviewer"]["token"]))
                print(ui.stdout, end="")
                check(ui.returncode == 0, f"UI script run against the server in node ({ui.stderr.strip()[:300]})")
            test_new_commit(api, args, db)
            api_http_flags.run_after_extra(api, ctx)
            api_http_auth.run_with_indexer(api, ctx)
            check(api.proc.poll() is None, "server still running after all requests")
            test_config(args, db, api.port)
        finally:
            rc = api.stop()
        check(rc == 0, f"SIGTERM stops vigie-api with status 0 (rc={rc})")
        test_shards(args, tmp)
        test_late_database(args, tmp)
        api_http_flags.run_versions(ctx)
        api_http_auth.run_closed(ctx)
        test_routes(args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(FAILS)} failure(s)")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
