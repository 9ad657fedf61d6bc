"""api_http_auth.py: tokens, roles, the review and note writes, the audit endpoint and CORS of
vigie-api (part of ctest api.http).

For: run(api, ctx) on the main server (open reads; the indexer is NOT running, so a valid
review answers 503), run_with_indexer(api, ctx) with a real vigie-indexer bound to the review
socket of the same data directory (the success path: 200 with the audit entry, then the
review visible in flags, documents and the audit log), run_closed(ctx) on servers started
with --auth-reads and --cors-origin (and VIGIE_AUTH_READS=1), whose log must name token ids
and names but never a token.
Not for: search behaviour (api_http_flags.py)."""
import json
import os
import subprocess
import sys
import tempfile
import time

from api_http_lib import Api, check, ids_of, is_error, q, wait_for


def auth_error(api, path, method="GET", body=None, token=None, status=401, headers=None):
    st, b, h = api.json(path, method=method, body=body, token=token, headers=headers, want_headers=True)
    code = "unauthorized" if status == 401 else "forbidden"
    ok = st == status and is_error(b, status, code)
    if status == 401:
        ok = ok and h.get("www-authenticate", "").startswith("Bearer")
    return ok


def test_reads_open(api, toks):
    st, b = api.json(q({"q": "pénalités"}))
    check(st == 200, "open reads: search without a token")
    st, b = api.json(q({"q": "pénalités"}), token=toks["reader"]["token"])
    check(st == 200, "open reads: search with a reader token")
    check(auth_error(api, q({}), token="vgt_" + "A" * 43), "open reads: an unknown token is still a 401")
    check(auth_error(api, q({}), headers={"Authorization": "Basic dXNlcjpwYXNz"}), "a non-bearer credential -> 401")


def test_writes(api, ctx):
    toks, man = ctx["tokens"], ctx["man"]
    r01 = man[0]["flags"][0]
    path = f"/api/v1/flags/{r01}/review"
    good = {"status": "confirmed", "reason": "délai de 10 jours contre 35 requis"}
    check(auth_error(api, path, "POST", good), "review without a token -> 401 with WWW-Authenticate")
    check(auth_error(api, path, "POST", good, token=toks["reader"]["token"], status=403), "review by a reader -> 403")
    check(auth_error(api, path, "POST", good, token="vgt_nope"), "review with an unknown token -> 401")
    rev = toks["reviewer"]["token"]
    bad_bodies = [b"not json", b"[1,2]", {"status": "confirmed"}, {"status": "confirmed", "reason": "   "},
                  {"status": "approved", "reason": "x"}, {"status": "confirmed", "reason": "x", "extra": "y"},
                  {"status": "confirmed", "reason": "é" * 1001}, {"status": 1, "reason": "x"}, b""]
    for body in bad_bodies:
        st, b = api.json(path, "POST", body=body, token=rev)
        check(st == 400 and is_error(b, 400, "bad_body"), f"review body {str(body)[:40]} -> 400 ({st})")
    st, b = api.json("/api/v1/flags/" + "0" * 16 + "/review", "POST", body=good, token=rev)
    check(st == 404 and is_error(b, 404, "not_found"), "review of an unknown flag -> 404")
    st, b = api.json(path, "POST", body=good, token=rev)
    check(st == 503 and is_error(b, 503, "indexer_unavailable"), f"review while the indexer is down -> 503 ({st})")
    st, _, _ = api.req(path, "POST", body=b"{" + b" " * 70000 + b"}", token=rev)
    check(st == 413, f"a 70 KB review body -> 413 ({st})")
    cid = man[0]["clauses"][1]
    npath = f"/api/v1/clauses/{cid}/notes"
    check(auth_error(api, npath, "POST", {"note": "x"}, token=toks["reader"]["token"], status=403), "note by a reader -> 403")
    st, b = api.json(npath, "POST", body={"note": ""}, token=rev)
    check(st == 400 and is_error(b, 400, "bad_body"), "empty note -> 400")
    st, b = api.json(f"/api/v1/clauses/{man[0]['id']}/c99/notes", "POST", body={"note": "x"}, token=rev)
    check(st == 404 and is_error(b, 404, "not_found"), "note on an unknown clause -> 404")
    st, b = api.json(npath, "POST", body={"note": "à vérifier"}, token=rev)
    check(st == 503 and is_error(b, 503, "indexer_unavailable"), "note while the indexer is down -> 503")


def test_tokens(api, ctx):
    toks = ctx["tokens"]
    adm = toks["admin"]["token"]
    check(auth_error(api, "/api/v1/tokens"), "token list without a token -> 401")
    check(auth_error(api, "/api/v1/tokens", token=toks["reviewer"]["token"], status=403), "token list by a reviewer -> 403")
    check(auth_error(api, "/api/v1/tokens", "POST", {"name": "x", "role": "admin"}, token=toks["reader"]["token"],
                     status=403), "token creation by a reader -> 403")
    st, b = api.json("/api/v1/tokens", token=adm)
    names = sorted(t.get("name") for t in b.get("tokens", []))
    check(st == 200 and names == ["ada admin", "rene reviewer", "rita reader"], f"admin lists the tokens ({names})")
    check(not any("token" in t for t in b.get("tokens", [])), "the list holds no token value")
    st, b = api.json("/api/v1/tokens", "POST", body={"name": "nina", "role": "reader"}, token=adm)
    new = b.get("token", "")
    check(st == 201 and new.startswith("vgt_") and len(new) == 47 and b.get("role") == "reader" and b.get("id"),
          "admin creates a token: 201, the token once")
    check(b.get("audit", {}).get("action") == "token.create" and b["audit"].get("who", {}).get("name") == "ada admin",
          "token creation is in the audit log, by the admin")
    for body in ({"name": "nina", "role": "reader"}, {"name": "x", "role": "god"}, {"name": "x"},
                 {"name": "x", "role": "reader", "more": 1}, "nope"):
        st, e = api.json("/api/v1/tokens", "POST", body=body, token=adm)
        check(st == 400 and is_error(e, 400, "bad_body"), f"token body {str(body)[:40]} -> 400")
    check(auth_error(api, "/api/v1/tokens", token=new, status=403), "the new reader token is recognised (403 on admin routes)")
    st, r = api.json(f"/api/v1/tokens/{b.get('id')}", "DELETE", token=adm)
    check(st == 200 and r.get("revoked") is True and r.get("audit", {}).get("action") == "token.revoke", "admin revokes it")
    st, r = api.json(f"/api/v1/tokens/{b.get('id')}", "DELETE", token=adm)
    check(st == 404 and is_error(r, 404, "not_found"), "revoking it again -> 404")
    check(auth_error(api, q({}), token=new), "a revoked token -> 401")
    check(auth_error(api, f"/api/v1/tokens/{b.get('id')}", "DELETE", token=toks["reviewer"]["token"], status=403),
          "revocation by a reviewer -> 403")
    return new


def test_audit(api, ctx, new_token):
    toks = ctx["tokens"]
    check(auth_error(api, "/api/v1/audit"), "audit without a token -> 401")
    check(auth_error(api, "/api/v1/audit", token=toks["reader"]["token"], status=403), "audit by a reader -> 403")
    st, b = api.json("/api/v1/audit", token=toks["reviewer"]["token"])
    acts = [e.get("action") for e in b.get("entries", [])]
    check(st == 200 and acts[-2:] == ["token.create", "token.revoke"], f"audit: the token actions ({acts})")
    e = b.get("entries", [{}])[-1]
    check(e.get("who", {}).get("token") == toks["admin"]["id"] and e.get("hash") and e.get("prev"), "audit entry: who and chain")
    check(new_token not in json.dumps(b), "the audit log never holds a token")
    st, b2 = api.json(q({"after": "1", "limit": "1"}, "/api/v1/audit"), token=toks["admin"]["token"])
    ent = b2.get("entries", [])
    check(st == 200 and len(ent) == 1 and ent[0].get("seq") == 2 and b2.get("next_after") == 2, "audit after=1 limit=1")
    for bad in ({"after": "-1"}, {"limit": "0"}, {"limit": "1001"}, {"after": "x"}):
        st, e = api.json(q(bad, "/api/v1/audit"), token=toks["admin"]["token"])
        check(st == 400 and is_error(e, 400, "bad_parameter"), f"audit {bad} -> 400")
    with open(os.path.join(ctx["data"], "audit.jsonl"), encoding="utf-8") as f:
        check(new_token not in f.read(), "audit.jsonl on disk holds no token")


def run(api, ctx):
    test_reads_open(api, ctx["tokens"])
    test_writes(api, ctx)
    new = test_tokens(api, ctx)
    test_audit(api, ctx, new)


def run_with_indexer(api, ctx):
    """The review success path through a real vigie-indexer on the same data directory."""
    args, data, man, toks = ctx["args"], ctx["data"], ctx["man"], ctx["tokens"]
    if not check(bool(args.indexer), "a vigie-indexer binary is given for the review path"):
        return
    log = tempfile.TemporaryFile(mode="w+")
    idx = subprocess.Popen([args.indexer, "--data", data], stdout=log, stderr=log)
    try:
        sock = os.path.join(data, "run", "review.sock")
        for _ in range(100):
            if os.path.exists(sock) or idx.poll() is not None:
                break
            time.sleep(0.1)
        if not check(os.path.exists(sock), "vigie-indexer binds the review socket"):
            return
        r01 = man[0]["flags"][0]
        rev = toks["reviewer"]
        reason = "délai de 10 jours contre 35 requis"
        st, e = api.json(f"/api/v1/flags/{r01}/review", "POST", body={"status": "confirmed", "reason": reason},
                         token=rev["token"])
        check(st == 200 and e.get("action") == "flag.review" and e.get("flag_id") == r01 and
              e.get("status") == "confirmed" and e.get("reason") == reason and e.get("seq") and e.get("hash"),
              f"review through the indexer -> 200 with the audit entry ({st}, {str(e)[:200]})")
        who = e.get("who", {})
        check(who == {"name": rev["name"], "role": "reviewer", "token": rev["id"]}, f"the entry names the reviewer's token ({who})")
        # read-your-writes: at once, whichever pool thread answers (no waiting for the reopen period)
        seen = [api.json(f"/api/v1/flags/{r01}")[1].get("review", {}).get("status") for _ in range(8)]
        check(seen == ["confirmed"] * 8, f"the review is read back at once by every thread ({seen})")
        f = wait_for(api, f"/api/v1/flags/{r01}", lambda b: b.get("review", {}).get("status") == "confirmed")
        check(f.get("review", {}).get("status") == "confirmed" and len(f.get("history", [])) == 1 and
              f["history"][0].get("reason") == reason, "the flag shows the review and its history")
        st, b = api.json(q({"status": "confirmed"}, "/api/v1/flags"))
        check(ids_of(b) == [r01], "flags?status=confirmed lists it")
        st, d = api.json(f"/api/v1/documents/{man[0]['id']}")
        fl = [x for x in d.get("flags", []) if x.get("id") == r01]
        check(fl and fl[0].get("review", {}).get("status") == "confirmed", "the document view carries the review")
        st, b = api.json(q({"q": "status:confirmed"}))
        check(ids_of(b) == [man[0]["id"]], "status:confirmed over notices")
        cid = man[0]["clauses"][1]
        st, n = api.json(f"/api/v1/clauses/{cid}/notes", "POST", body={"note": "plafond à négocier"}, token=rev["token"])
        check(st == 200 and n.get("action") == "clause.note" and n.get("note") == "plafond à négocier", f"note through the indexer ({st})")
        seen = [len(api.json(f"/api/v1/clauses/{cid}")[1].get("notes", [])) for _ in range(8)]
        check(seen == [1] * 8, f"the note is read back at once by every thread ({seen})")
        c = wait_for(api, f"/api/v1/clauses/{cid}", lambda b: len(b.get("notes", [])) == 1)
        check([x.get("note") for x in c.get("notes", [])] == ["plafond à négocier"], "the clause shows its note")
        st, a = api.json("/api/v1/audit", token=rev["token"])
        acts = [x.get("action") for x in a.get("entries", [])]
        check(acts[-2:] == ["flag.review", "clause.note"], f"the audit endpoint lists the review and the note ({acts})")
        st, b = api.json(f"/api/v1/flags/{r01}/review", "POST", body={"status": "contested", "reason": "autre avis"},
                         token=toks["admin"]["token"])
        check(st == 200 and b.get("who", {}).get("role") == "admin", "an admin may review too")
    finally:
        idx.terminate()
        try:
            rc = idx.wait(timeout=20)
        except subprocess.TimeoutExpired:
            idx.kill()
            rc = None
        log.seek(0)
        text = log.read()
        check(rc == 0, f"vigie-indexer stops cleanly (rc={rc}) {text[-300:] if rc else ''}")


def run_closed(ctx):
    """--auth-reads, --cors-origin, --verbose: reads need a token; logs never hold one."""
    args, data, toks = ctx["args"], ctx["data"], ctx["tokens"]
    origin = "https://review.example.org"
    err = tempfile.TemporaryFile(mode="w+")
    api = Api(args.api, ["--data", data, "--port", "0", "--ui", args.ui, "--threads", "2", "--auth-reads",
                         "--cors-origin", origin, "--verbose"], stderr=err)
    try:
        rd = toks["reader"]["token"]
        check(auth_error(api, q({})), "closed reads: search without a token -> 401")
        check(auth_error(api, "/api/v1/flags"), "closed reads: flags without a token -> 401")
        check(auth_error(api, f"/api/v1/documents/{ctx['man'][0]['id']}"), "closed reads: document without a token -> 401")
        check(auth_error(api, "/metrics"), "closed reads: metrics without a token -> 401")
        st, b, h = api.json(q({"q": "pénalités"}), token=rd, want_headers=True)
        check(st == 200 and b.get("total") == 1, "closed reads: a reader token reads")
        check(h.get("access-control-allow-origin") == origin and "Origin" in h.get("vary", ""), "CORS: the configured origin")
        st, h, _ = api.req("/metrics", token=rd)
        check(st == 200, "closed reads: metrics with a reader token")
        st, h, _ = api.req("/healthz")
        check(st == 200, "healthz stays open")
        st, h, data_ = api.req("/")
        check(st == 200 and b"app.js" in data_, "the UI page stays open (it asks for the token)")
        st, h, _ = api.req("/api/v1/flags/abc/review", "OPTIONS",
                           headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
        check(st == 204 and h.get("access-control-allow-origin") == origin and "POST" in h.get("access-control-allow-methods", "") and
              "Authorization" in h.get("access-control-allow-headers", ""), f"CORS preflight -> 204 ({st})")
        st, h, _ = api.req(q({}), headers={"Origin": "https://evil.example"}, token=rd)
        check(h.get("access-control-allow-origin") == origin, "CORS never reflects another origin")
    finally:
        check(api.stop() == 0, "closed server stops cleanly")
    err.seek(0)
    log = err.read()
    check(toks["reader"]["id"] in log and "rita reader" in log, "the access log names the token id and name")
    check(not any(t["token"] in log for t in toks.values()), "the log never holds a token")
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIE_")}
    env["VIGIE_AUTH_READS"] = "1"
    api = Api(args.api, ["--data", data, "--port", "0", "--ui", args.ui, "--threads", "2"], env=env)
    try:
        check(auth_error(api, q({})), "VIGIE_AUTH_READS=1 closes reads")
    finally:
        api.stop()
    p = subprocess.run([args.api, "--db", ctx["db"], "--port", "0", "--auth-reads"], capture_output=True,
                       text=True, timeout=20, env={k: v for k, v in os.environ.items() if not k.startswith("VIGIE_")})
    check(p.returncode == 1 and "token" in p.stderr, "--auth-reads without a token store -> refused at start")
    p = subprocess.run([args.api, "--db", ctx["db"], "--port", "0", "--cors-origin", "a, b"], capture_output=True,
                       text=True, timeout=20)
    check(p.returncode == 1 and "cors" in p.stderr, "--cors-origin with two origins -> refused")
    print(f"closed-read server log lines: {len(log.splitlines())}", file=sys.stderr)
