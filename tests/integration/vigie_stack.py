"""vigie_stack.py: start and stop a real local vigie stack for integration tests.

Runs `vigie up` as a real process tree on a temporary data directory, finds the API port it
printed, and offers small helpers for HTTP/JSON calls and `vigie` subcommands. Standard
library only (runs on Debian's /usr/bin/python3)."""
import json, os, re, signal, subprocess, tempfile, threading, time, urllib.error, urllib.parse, urllib.request


class Stack:
    def __init__(self, bindir, workers=2, data=None):
        self.bindir = bindir
        self.data = data or tempfile.mkdtemp(prefix='vgit-', dir='/tmp')  # short: ipc paths
        self.workers = workers
        self.proc = None
        self.port = None
        self.log_lines = []

    def vigie(self, *args, timeout=600, check=False):
        """Runs `vigie ARGS --data DIR` and returns (rc, stdout, stderr)."""
        cmd = [os.path.join(self.bindir, 'vigie'), args[0], '--data', self.data] + list(args[1:])
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if check and p.returncode != 0:
            raise AssertionError('%s -> %d\n%s\n%s' % (cmd, p.returncode, p.stdout, p.stderr))
        return p.returncode, p.stdout, p.stderr

    def start(self, timeout=30):
        cmd = [os.path.join(self.bindir, 'vigie'), 'up', '--data', self.data, '--port', '0',
               '--workers', str(self.workers)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        found = threading.Event()

        def pump():
            for line in self.proc.stdout:
                self.log_lines.append(line.rstrip('\n'))
                m = re.search(r'listening on http://127\.0\.0\.1:(\d+)', line)
                if m and not found.is_set():
                    self.port = int(m.group(1))
                    found.set()
        threading.Thread(target=pump, daemon=True).start()
        if not found.wait(timeout):
            self.stop()
            raise AssertionError('vigie up did not print the API address:\n' + '\n'.join(self.log_lines[-40:]))
        return self

    def pids(self, name):
        """PIDs of the stack's children whose command line contains name (e.g. 'vigie-analyse')."""
        out = subprocess.run(['pgrep', '-f', '%s --data %s' % (name, self.data)], capture_output=True, text=True)
        return [int(x) for x in out.stdout.split()]

    def get(self, path, expect=200):
        url = 'http://127.0.0.1:%d%s' % (self.port, path)
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                status, body, ctype = r.status, r.read(), r.headers.get('Content-Type', '')
        except urllib.error.HTTPError as e:
            status, body, ctype = e.code, e.read(), e.headers.get('Content-Type', '')
        if expect is not None and status != expect:
            raise AssertionError('GET %s -> %d (expected %d): %s' % (path, status, expect, body[:300]))
        return json.loads(body) if 'json' in ctype else body

    def search(self, q, **params):
        params['q'] = q
        return self.get('/api/v1/search?' + urllib.parse.urlencode(params))

    def stop(self, timeout=30):
        if not self.proc:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError('vigie up did not stop within %d s after SIGTERM' % timeout)
        return self.proc.returncode


class Steps:
    """Runs named test steps: prints "ok - NAME (T s)" or "not ok - NAME: why" for each and counts
    them, so that every failing step is reported before the run fails."""

    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, name, fn):
        t = time.time()
        try:
            fn()
            self.passed += 1
            print('ok - %s (%.1f s)' % (name, time.time() - t), flush=True)
        except Exception as e:  # report every failing step, then fail the run
            self.failed += 1
            print('not ok - %s: %s' % (name, e), flush=True)

    def summary(self):
        print('%d passed, %d failed' % (self.passed, self.failed), flush=True)
        return 1 if self.failed else 0


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)
