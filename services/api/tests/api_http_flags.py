"""api_http_flags.py: search kinds, prefixes, sort and cursor paging, facets, the flags
endpoints, exports, metrics and notice versions of vigie-api (part of ctest api.http).

For: run(api, ctx) on the main fixture server, run_after_extra() once the fourth notice (whose
buyer starts with '=' and holds quotes and a comma) is in, run_versions(ctx) on a database
holding two versions of one procedure.
Not for: tokens, roles, reviews or CORS (api_http_auth.py)."""
import csv
import io
import json
import os
import re
import subprocess
import time

from api_http_lib import Api, check, ids_of, is_error, q, wait_for


def flags_q(params):
    return q(params, "/api/v1/flags")


def test_prefixes(api, man):
    works, laptops, cleaning = man
    cases = [("buyer:lyon", [laptops]), ("country:FR", man), ("cpv:45", [works]), ("type:cn-standard", man),
             ("procedure:open", man), ("label:penalties", [works]), ("flag:R07-uncapped-penalties", [works]),
             ("rule:R03-no-competition", [cleaning]), ("status:dismissed", [cleaning]),
             ("status:open", [works]), ("lang:en", [laptops]), ("version:latest", man),
             ("notice:00001234-2026", [works]), (f"id:{works['id']}", [works]),
             ('buyer:"Ville de Grenoble"', [cleaning])]
    for query, want in cases:
        st, b = api.json(q({"q": query, "limit": "10"}))
        got = sorted(ids_of(b))
        check(st == 200 and got == sorted(d["id"] for d in want), f"prefix {query} -> {len(want)} notice(s) ({len(got)})")
    st, b = api.json(q({"q": f"doc:{works['id']}", "kind": "clauses"}))
    check(st == 200 and b.get("total") == 3, f"doc: over clauses -> the 3 clauses of a notice ({b.get('total')})")
    st, b = api.json(q({"q": "severity:high", "kind": "flags"}))
    check(st == 200 and ids_of(b) == [works["flags"][0]], "severity:high over flags -> the R01 flag")


def test_kinds_sort_cursor(api, man):
    works, laptops, cleaning = man
    st, b = api.json(q({"q": "plafond", "kind": "clauses"}))
    h = (b.get("hits") or [{}])[0]
    check(st == 200 and b.get("kind") == "clauses" and h.get("id") == works["clauses"][1] and
          h.get("label") == "penalties" and "sans plafond" in h.get("text", ""), "kind=clauses: clause hits with text")
    st, b = api.json(q({"kind": "flags", "facets": "1"}))
    hits = b.get("hits", [])
    check(st == 200 and b.get("kind") == "flags" and b.get("total") == 3, f"kind=flags: 3 flag outcomes ({b.get('total')})")
    keys = {"id", "rule_id", "rule_version", "severity", "legal_basis", "explanation", "clause_id", "excerpt", "doc", "review"}
    check(all(keys <= set(x) for x in hits), f"flag hit shape ({sorted(set(hits[0]) if hits else [])})")
    check(all({"id", "title", "buyer"} <= set(x.get("doc", {})) and x.get("review", {}).get("status") for x in hits),
          "flag hits carry a document summary and a review status")
    fac = b.get("facets", {})
    check(fac.get("severity", {}).get("high") == 1 and fac.get("status", {}).get("open") == 2 and
          fac.get("status", {}).get("dismissed") == 1, f"flag facets: severity and status ({fac.get('status')})")
    st, b = api.json(q({"facets": "1"}))
    check("status" in b.get("facets", {}), "notice facets include the review status")
    st, b = api.json(q({"sort": "deadline"}))
    check(ids_of(b) == [works["id"], laptops["id"], cleaning["id"]], "sort=deadline: soonest first")
    st, b = api.json(q({"sort": "-deadline"}))
    check(ids_of(b) == [cleaning["id"], laptops["id"], works["id"]], "sort=-deadline reverses")
    st, b = api.json(q({"sort": "flags"}))
    check(ids_of(b)[:1] == [works["id"]], "sort=flags: most flags first")
    st, b = api.json(q({"kind": "flags", "sort": "severity"}))
    check([x.get("severity") for x in b.get("hits", [])] == ["high", "medium", "low"], "flags sort=severity")
    st, b = api.json(q({"sort": "sideways"}))
    check(st == 400 and is_error(b, 400), "unknown sort key -> 400")
    st, b = api.json(q({"sort": "a b"}))
    check(st == 400 and is_error(b, 400, "bad_parameter"), "sort with odd characters -> 400")
    for sort in ("deadline", "relevance"):
        seen, cursor, pages = [], None, 0
        while pages < 6:
            params = {"limit": "1", "sort": sort}
            if cursor:
                params["cursor"] = cursor
            st, b = api.json(q(params))
            pages += 1
            seen += ids_of(b)
            cursor = b.get("next_cursor")
            if st != 200 or not cursor:
                break
        check(len(seen) == 3 and len(set(seen)) == 3 and pages == 3, f"cursor paging sort={sort}: 3 pages, 3 distinct ({pages}, {len(seen)})")
        if sort == "deadline":
            check(seen == [works["id"], laptops["id"], cleaning["id"]], "cursor pages keep the sort order")
    st, b = api.json(q({"limit": "1", "sort": "deadline"}))
    cur = b.get("next_cursor", "")
    st, b = api.json(q({"limit": "1", "sort": "-deadline", "cursor": cur}))
    check(st == 400 and is_error(b, 400), f"a cursor from another query -> 400 ({st})")
    st, b = api.json(q({"cursor": "not-a-cursor"}))
    check(st == 400 and is_error(b, 400), "malformed cursor -> 400")
    st, b = api.json(q({"cursor": "x" * 1100}))
    check(st == 400 and is_error(b, 400, "bad_parameter"), "over-long cursor -> 400")
    for bad in ({"kind": "tenders"}, {"versions": "some"}, {"lang": "f1"}, {"lang": "french"}):
        st, b = api.json(q(bad))
        check(st == 400 and is_error(b, 400, "bad_parameter"), f"{bad} -> 400")
    st, b = api.json(q({"lang": "fr", "q": "pénalités"}))
    check(st == 200 and ids_of(b) == [works["id"]], "lang=fr")
    st, b = api.json(q({"versions": "all"}))
    check(st == 200 and b.get("total") == 3, "versions=all")


def test_flags_endpoint(api, man):
    works, laptops, cleaning = man
    r01, r07 = works["flags"]
    r03 = cleaning["flags"][0]
    st, b = api.json("/api/v1/flags")
    check(st == 200 and b.get("total") == 3 and b.get("kind") == "flags", "GET /flags: every flag")
    cases = [({"rule": "R01-short-submission-period"}, [r01]), ({"rule": "R01-short-submission-period,R03-no-competition"}, [r01, r03]),
             ({"severity": "high"}, [r01]), ({"severity": "low,medium"}, [r07, r03]), ({"status": "open"}, [r01, r07]),
             ({"status": "dismissed"}, [r03]), ({"buyer": "Département de l'Isère"}, [r01, r07]),
             ({"buyer": 'Ville "de" (Grenoble)'}, [r03]), ({"country": "FR"}, [r01, r07, r03]),
             ({"country": "fr", "severity": "medium"}, [r07]), ({"cpv": "45"}, [r01, r07]),
             ({"from": "2026-11-01"}, [r01, r07]), ({"from": "2026-11-01", "to": "2026-11-30"}, [r01, r07]),
             ({"to": "2026-01-01"}, []), ({"q": "plafonnées"}, [r07]),
             ({"q": "plafonnées OR publicité", "severity": "medium"}, [r07]),
             ({"q": "plafonnées OR publicité"}, [r07, r03])]
    for params, want in cases:
        st, b = api.json(flags_q(params))
        got = sorted(ids_of(b))
        check(st == 200 and got == sorted(want), f"flags {params} -> {len(want)} ({len(got)}, {st})")
    for params in ({"rule": "R01 OR x"}, {"rule": "R01\"x"}, {"status": "maybe"}, {"severity": "urgent"},
                   {"country": "France"}, {"cpv": "45a"}, {"from": "2026-13"}, {"from": "2026-12-01", "to": "2026-01-01"},
                   {"buyer": "a\tb"}, {"buyer": "x" * 300}, {"kind": "notices"}, {"limit": "101"}, {"rule": ",".join(["R01"] * 20)}):
        st, b = api.json(flags_q(params))
        check(st == 400 and is_error(b, 400, "bad_parameter"), f"flags {str(params)[:60]} -> 400 ({st})")
    st, b = api.json(flags_q({"q": "foo:1..2"}))
    check(st == 400 and is_error(b, 400, "bad_query"), "flags: a bad q -> 400 bad_query")
    st, f = api.json(f"/api/v1/flags/{r01}")
    check(st == 200 and f.get("rule_id") == "R01-short-submission-period" and f.get("legal_basis") == "CCP R2161-2" and
          isinstance(f.get("inputs"), list) and isinstance(f.get("thresholds"), dict), "GET /flags/{id}: the justification")
    check(f.get("doc", {}).get("id") == works["id"] and f.get("review", {}).get("status") == "open" and
          f.get("history") == [], f"flag: doc summary, open review, empty history ({f.get('review')}, {f.get('history')})")
    st, f = api.json(f"/api/v1/flags/{r03}")
    hist = f.get("history", [])
    check(st == 200 and f.get("review", {}).get("status") == "dismissed" and len(hist) == 1 and
          hist[0].get("reason") == "fixture review", f"reviewed flag: status and history ({f.get('review')})")
    st, b = api.json("/api/v1/flags/" + "0" * 16)
    check(st == 404 and is_error(b, 404, "not_found"), "unknown flag -> 404")
    st, d = api.json(f"/api/v1/documents/{cleaning['id']}")
    fl = [x for x in d.get("flags", []) if x.get("outcome") == "flag"]
    check(fl and fl[0].get("review", {}).get("status") == "dismissed", "document flags carry their review")
    st, d = api.json(f"/api/v1/documents/{works['id']}")
    check(isinstance(d.get("versions"), list) and len(d["versions"]) == 1 and d.get("latest") is True,
          f"document lists its versions (itself) ({d.get('versions')})")


def test_export(api, man):
    st, h, data = api.req(q({"format": "csv"}, "/api/v1/export"))
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    check(st == 200 and h.get("content-type", "").startswith("text/csv") and
          "attachment" in h.get("content-disposition", "") and "vigie-notices.csv" in h.get("content-disposition", ""),
          "export csv: text/csv attachment")
    check(rows and rows[0][:3] == ["id", "notice_id", "title"] and len(rows) == 4, f"export csv: header + 3 rows ({len(rows)})")
    check(text.endswith("\r\n") and "\r\n" in text, "export csv: CRLF line ends")
    titles = {r[2] for r in rows[1:]}
    check(all(d["title"] in titles for d in man), "export csv: the titles round-trip")
    st, h, data = api.req(q({"format": "csv", "kind": "flags", "sort": "severity"}, "/api/v1/export"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    check(st == 200 and rows[0][:4] == ["id", "rule_id", "rule_version", "severity"] and
          [r[3] for r in rows[1:]] == ["high", "medium", "low"], "export csv kind=flags")
    check("review_status" in rows[0] and rows[3][rows[0].index("review_status")] == "dismissed", "export flags has the review status")
    st, h, data = api.req(q({"format": "csv", "kind": "flags", "severity": "low,medium"}, "/api/v1/export"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    check(st == 200 and sorted(r[3] for r in rows[1:]) == ["low", "medium"], "export kind=flags takes the flags filters")
    st, b = api.json(q({"kind": "flags", "status": "nope"}, "/api/v1/export"))
    check(st == 400 and is_error(b, 400, "bad_parameter"), "export: a bad flags filter -> 400")
    st, h, data = api.req(q({"format": "json", "kind": "clauses", "limit": "2"}, "/api/v1/export"))
    b = json.loads(data)
    check(st == 200 and "attachment" in h.get("content-disposition", "") and b.get("kind") == "clauses" and
          b.get("count") == 2 and len(b.get("hits", [])) == 2 and b.get("total") == 5, f"export json kind=clauses ({b.get('count')}, {b.get('total')})")
    st, b = api.json(q({"format": "xml"}, "/api/v1/export"))
    check(st == 400 and is_error(b, 400, "bad_parameter"), "export format=xml -> 400")
    st, b = api.json(q({"limit": "10001"}, "/api/v1/export"))
    check(st == 400 and is_error(b, 400, "bad_parameter"), "export over 10,000 rows -> 400")
    st, h, data = api.req(q({"limit": "10000", "format": "csv"}, "/api/v1/export"))
    check(st == 200, "export of 10,000 rows accepted")


def test_export_guard(api):
    """The fourth notice's buyer is '=Région "Bretagne", nord': quoted, guarded."""
    st, h, data = api.req(q({"format": "csv", "q": "mobilier"}, "/api/v1/export"))
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    buyer = rows[1][rows[0].index("buyer")] if len(rows) == 2 else None
    check(buyer == "'=Région \"Bretagne\", nord", f"formula guard and RFC 4180 quoting round-trip ({buyer!r})")
    check('"\'=Région ""Bretagne"", nord"' in text, "raw CSV cell: quoted, quotes doubled, leading '")


METRIC_LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*")*)?\})? '
                         r'(-?[0-9.eE+-]+|\+Inf|NaN)$')


def parse_metrics(text):
    out, bad = {}, []
    for line in text.splitlines():
        if not line or line.startswith("# HELP ") or line.startswith("# TYPE "):
            continue
        m = METRIC_LINE.match(line)
        if not m:
            bad.append(line)
            continue
        out[(m.group(1), m.group(3) or "")] = float(m.group(5))
    return out, bad


def test_metrics(api, expect_broker=None):
    for _ in range(3):
        api.req(q({"q": "pénalités"}))
    st, h, data = api.req("/metrics")
    text = data.decode("utf-8")
    m, bad = parse_metrics(text)
    check(st == 200 and h.get("content-type", "").startswith("text/plain; version=0.0.4"), "metrics: Prometheus 0.0.4 content type")
    check(not bad, f"metrics: every line parses ({bad[:2]})")
    check(m.get(("vigie_http_requests_total", 'route="search",code="200"'), 0) >= 3, "metrics: requests by route and code")
    check("# TYPE vigie_http_request_duration_seconds histogram" in text, "metrics: latency histogram declared")
    buckets = [(k[1], v) for k, v in m.items() if k[0] == "vigie_http_request_duration_seconds_bucket" and 'route="search"' in k[1]]
    count = m.get(("vigie_http_request_duration_seconds_count", 'route="search"'))
    vals = [v for _, v in buckets]
    check(buckets and vals == sorted(vals) and m.get(("vigie_http_request_duration_seconds_bucket", 'route="search",le="+Inf"')) == count,
          "metrics: buckets cumulative, +Inf equals count")
    check(m.get(("vigie_documents", "")) == 3 and m.get(("vigie_clauses", "")) == 5 and m.get(("vigie_flags", "")) == 3,
          f"metrics: documents, clauses, flags from the index ({m.get(('vigie_documents', ''))}, {m.get(('vigie_flags', ''))})")
    if expect_broker is not None:
        check(m.get(("vigie_broker_up", "")) == expect_broker, f"metrics: vigie_broker_up {expect_broker}")
    return m


def run(api, ctx):
    man, args, db = ctx["man"], ctx["args"], ctx["db"]
    out = subprocess.run([args.fixture, db, "review", man[2]["flags"][0], "dismissed", "fixture review"],
                         capture_output=True, text=True)
    check(out.returncode == 0, f"a review applied to the fixture ({out.stderr.strip()})")
    seen = lambda b: b.get("total") == 1  # noqa: E731
    check(seen(wait_for(api, q({"q": "status:dismissed"}), seen)), "the review is visible to the server")
    test_prefixes(api, man)
    test_kinds_sort_cursor(api, man)
    test_flags_endpoint(api, man)
    test_export(api, man)
    test_metrics(api, expect_broker=0)


def test_metrics_broker(api, ctx):
    """With a real vigie-ingest on the data directory: vigie_broker_up 1 and its workers."""
    args, data = ctx["args"], ctx["data"]
    if not check(bool(args.ingest), "a vigie-ingest binary is given for the queue metrics"):
        return
    log = open(os.path.join(ctx["tmp"], "ingest.log"), "w")
    ing = subprocess.Popen([args.ingest, "--data", data], stdout=log, stderr=log)
    try:
        sock = os.path.join(data, "run", "clients.sock")
        for _ in range(100):
            if os.path.exists(sock) or ing.poll() is not None:
                break
            time.sleep(0.1)
        check(os.path.exists(sock), "vigie-ingest binds its client socket")
        m = {}
        for _ in range(20):  # the first STATUS may race the broker's start
            st, _, body = api.req("/metrics")
            m, _ = parse_metrics(body.decode("utf-8"))
            if m.get(("vigie_broker_up", "")) == 1:
                break
            time.sleep(0.2)
        check(m.get(("vigie_broker_up", "")) == 1 and m.get(("vigie_queue_workers", "")) == 0,
              f"metrics: broker up, 0 workers ({m.get(('vigie_broker_up', ''))}, {m.get(('vigie_queue_workers', ''))})")
        states = ("queued", "dispatched", "analysed", "indexed", "failed")
        check(all(m.get(("vigie_queue_jobs", 'state="%s"' % s)) == 0 for s in states),
              "metrics: queue depth per journal state (empty journal): %s"
              % {k: v for k, v in m.items() if k[0] == "vigie_queue_jobs"})
    finally:
        ing.terminate()
        try:
            rc = ing.wait(timeout=20)
        except subprocess.TimeoutExpired:
            ing.kill()
            rc = None
        log.close()
    check(rc == 0, f"vigie-ingest stops cleanly ({rc})")
    st, _, body = api.req("/metrics")
    m, _ = parse_metrics(body.decode("utf-8"))
    check(st == 200 and m.get(("vigie_broker_up", "")) == 0, "metrics: broker gone -> vigie_broker_up 0, still 200")


def run_after_extra(api, ctx):
    test_export_guard(api)
    test_metrics_broker(api, ctx)


def run_versions(ctx):
    """Two versions of one procedure: latest by default, versions=all, superseded, dossier."""
    args, tmp = ctx["args"], ctx["tmp"]
    db = os.path.join(tmp, "versions")
    out = subprocess.run([args.fixture, db, "versions"], capture_output=True, text=True)
    if not check(out.returncode == 0, f"versions fixture written ({out.stderr.strip()})"):
        return
    man = json.loads(out.stdout)
    v1, v2 = man[0], man[1]
    api = Api(args.api, ["--db", db, "--port", "0", "--ui", args.ui, "--threads", "2"])
    try:
        st, b = api.json(q({}))
        check(st == 200 and ids_of(b) == [v2["id"]], "two versions: only the latest by default")
        st, b = api.json(q({"versions": "all"}))
        check(sorted(ids_of(b)) == sorted([v1["id"], v2["id"]]), "versions=all: both")
        st, b = api.json(q({"q": "version:superseded", "versions": "all"}))
        check(ids_of(b) == [v1["id"]], "version:superseded -> the first")
        st, b = api.json(q({"q": "procedure_id:proc-voirie-2026", "versions": "all"}))
        check(b.get("total") == 2, "procedure_id: prefix")
        st, b = api.json(q({"q": "dossier:ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12"}))
        check(ids_of(b) == [v2["id"]], "dossier: prefix (container sha256)")
        st, b = api.json(q({"q": "format:eforms", "versions": "all"}))
        check(b.get("total") == 2, "format: prefix (source format)")
        st, b = api.json(q({"q": "format:pdf"}))
        check(st == 200 and b.get("total") == 0, "format:pdf finds no notice in an eForms-only index")
        st, b = api.json(flags_q({}))
        check(ids_of(b) == v2["flags"], "flags: latest version only by default")
        st, b = api.json(flags_q({"versions": "all"}))
        check(sorted(ids_of(b)) == sorted(v1["flags"] + v2["flags"]), "flags versions=all")
        st, b = api.json(flags_q({"buyer": 'Commune d\'Échirolles "Centre"'}))
        check(st == 200 and ids_of(b) == v2["flags"], "buyer with quotes and an accent")
        st, d = api.json(f"/api/v1/documents/{v1['id']}")
        vs = d.get("versions", [])
        check(st == 200 and d.get("latest") is False and [v.get("id") for v in vs] == [v1["id"], v2["id"]] and
              [v.get("latest") for v in vs] == [False, True], f"document versions, oldest first ({vs})")
    finally:
        check(api.stop() == 0, "versions server stops cleanly")
