"""api_http_lib.py: what the vigie-api HTTP tests share (ctest: api.http).

For: the check() counter, a running vigie-api process (Api) with a raw HTTP client that
sends paths as they are (no normalisation), bearer tokens and bodies, and small helpers.
Not for: tests themselves (api_http_test.py, api_http_flags.py, api_http_auth.py).
Standard library only (Debian's /usr/bin/python3)."""
import http.client
import json
import select
import signal
import subprocess
import sys
import time
import urllib.parse

FAILS = []


def check(cond, what):
    if cond:
        print(f"ok   {what}")
    else:
        print(f"FAIL {what}")
        FAILS.append(what)
    return cond


class Api:
    """A running vigie-api process."""

    def __init__(self, exe, args, env=None, stderr=None):
        self.proc = subprocess.Popen([exe, *args], stdout=subprocess.PIPE,
                                     stderr=stderr if stderr is not None else sys.stderr,
                                     text=True, env=env)
        ready, _, _ = select.select([self.proc.stdout], [], [], 30)
        line = self.proc.stdout.readline() if ready else ""
        prefix = "vigie-api listening on http://127.0.0.1:"
        if not line.startswith(prefix):
            self.proc.kill()
            raise SystemExit(f"vigie-api did not start: {line!r}")
        self.port = int(line[len(prefix):].strip())

    def req(self, path, method="GET", body=None, headers=None, token=None):
        """Sends path as is (no normalisation); returns (status, headers, bytes)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        c.putrequest(method, path, skip_accept_encoding=True)
        hdrs = dict(headers or {})
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode("utf-8")
            hdrs.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            body = body.encode("utf-8")
        for k, v in hdrs.items():
            c.putheader(k, v)
        if body is not None and "Content-Length" not in hdrs:
            c.putheader("Content-Length", str(len(body)))
        c.endheaders()
        if body is not None:
            try:
                c.send(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data

    def json(self, path, method="GET", body=None, token=None, headers=None, want_headers=False):
        st, h, data = self.req(path, method, body=body, headers=headers, token=token)
        ctype = h.get("content-type", "")
        check(ctype.startswith("application/json"), f"{method} {path[:80]} is JSON ({ctype})")
        try:
            out = json.loads(data.decode("utf-8"))
        except ValueError:
            check(False, f"{path[:80]} body parses as JSON: {data[:200]!r}")
            out = {}
        return (st, out, h) if want_headers else (st, out)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


def q(params, path="/api/v1/search"):
    return path + "?" + urllib.parse.urlencode(params)


def is_error(body, status, code=None):
    e = body.get("error") if isinstance(body, dict) else None
    return (isinstance(e, dict) and e.get("status") == status and isinstance(e.get("message"), str)
            and (code is None or e.get("code") == code))


def wait_for(api, path, pred, token=None):
    """Polls GET path until pred(body) holds (ingested documents show within the readers' 200 ms
    reopen period) and returns the last body; then waits past that period so that every
    thread's reader has moved on."""
    body = {}
    for _ in range(100):
        st, _, data = api.req(path, token=token)
        try:
            body = json.loads(data)
        except ValueError:
            body = {}
        if st == 200 and pred(body):
            time.sleep(0.3)
            return body
        time.sleep(0.1)
    return body


def ids_of(body):
    return [h.get("id") for h in body.get("hits", [])] if isinstance(body, dict) else []
