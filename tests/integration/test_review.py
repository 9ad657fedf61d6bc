#!/usr/bin/python3
"""End-to-end test of the review workflow and the audit trail with real processes.

  test_review.py BINDIR SAMPLES REVIEW_CLIENT

Starts `vigie up` on a fresh data directory, ingests the bundled samples, and sends review
actions to vigie-indexer's review socket with REVIEW_CLIENT (a small C program over
vg_review_call; the API's review endpoint has its own tests). Checks: a confirmed review with a
reason is applied (indexer reply, audit log, document endpoint), malformed actions are refused
with VG_E_INPUT / VG_E_DENIED and unknown targets with VG_E_NOTFOUND (nothing logged), tokens
made with `vigie token` are logged, the indexer survives kill -9 and continues the chain, an
entry logged but never applied (a crash between log and index) is replayed at start, and
tampered copies of the log (edit, delete, reorder, insert, truncate, head) each make
`vigie audit verify` exit 1 naming the broken entry."""
import hashlib, json, os, shutil, signal, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigie_stack import Stack, Steps, check

BINDIR, SAMPLES, CLIENT = sys.argv[1], sys.argv[2], sys.argv[3]
step = Steps()


def sha(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def review(st, action):
    """Sends one action; returns (status name, result JSON)."""
    ep = 'ipc://%s/run/review.sock' % st.data
    p = subprocess.run([CLIENT, ep, json.dumps(action)], capture_output=True, text=True, timeout=60)
    check(p.returncode == 0, 'review_client failed (%d): %s %s' % (p.returncode, p.stdout, p.stderr))
    lines = p.stdout.splitlines()
    return lines[0], json.loads(lines[1])


def audit_lines(st):
    with open(os.path.join(st.data, 'audit.jsonl')) as f:
        return [json.loads(x) for x in f]


def verify(data):
    p = subprocess.run([os.path.join(BINDIR, 'vigie'), 'audit', 'verify', '--data', data],
                       capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout + p.stderr


def wait_flag_status(st, doc_id, flag_id, status, timeout=15):
    """The API reader sees a commit after it reopens: poll a little."""
    end = time.time() + timeout
    last = None
    while time.time() < end:
        doc = st.get('/api/v1/documents/' + doc_id)
        f = [x for x in doc['flags'] if x.get('id') == flag_id]
        check(f, 'flag %s not in document %s' % (flag_id, doc_id))
        last = f[0].get('review')
        if last and last.get('status') == status:
            return f[0]
        time.sleep(0.3)
    raise AssertionError('flag %s: review %r, expected status %s' % (flag_id, last, status))


def no_sanitizer_report(st):
    """ASan/UBSan/LSan builds (VIGIE_SANITIZE): any report in the children's output fails."""
    bad = [x for x in st.log_lines if 'Sanitizer' in x or 'runtime error:' in x]
    check(not bad, 'sanitizer report: %s' % '\n'.join(bad[:5]))


WHO = {'name': 'alice', 'role': 'reviewer', 'token': 'abcdef012345'}


def main():
    samples = sorted(os.path.join(SAMPLES, x) for x in os.listdir(SAMPLES) if x.endswith('.xml'))
    check(len(samples) >= 4, 'expected the bundled samples in %s' % SAMPLES)
    st = Stack(BINDIR, workers=1).start()
    state = {}
    try:
        def ingest():
            st.vigie('ingest', SAMPLES, check=True)
            flags = []
            for p in samples:
                doc = st.get('/api/v1/documents/' + sha(p))
                flags += [(doc['id'], f['id'], (f.get('evidence') or {}).get('clause_id'))
                          for f in doc['flags'] if f.get('outcome') == 'flag']
            check(len(flags) >= 3, 'the samples should raise at least 3 flags, got %d' % len(flags))
            state['flags'] = flags
            state['clause'] = next(c for _, _, c in flags if c)
            state['clause_doc'] = next(d for d, _, c in flags if c)
        step('ingest the samples and find their flags', ingest)

        def token_cli():
            rc, out, err = st.vigie('token', 'create', '--role', 'reviewer', '--name', 'alice', check=True)
            tok = out.strip().splitlines()[0]
            check(tok.startswith('vgt_') and len(tok) == 47, 'bad token %r' % tok)
            rc, out, err = st.vigie('token', 'list', '--json', check=True)
            lst = json.loads(out)
            check(len(lst) == 1 and lst[0]['name'] == 'alice' and lst[0]['role'] == 'reviewer', out)
            check(tok not in out, 'token list shows the token')
            rc, out, err = st.vigie('token', 'create', '--role', 'reader', '--name', 'alice')
            check(rc == 1 and 'already' in err, 'a second active "alice" was accepted: %s' % err)
            rc, out, err = st.vigie('token', 'create', '--role', 'root', '--name', 'bob')
            check(rc == 2, 'unknown role accepted')
            log = audit_lines(st)
            check(len(log) == 1 and log[0]['action'] == 'token.create' and log[0]['token_id'] == lst[0]['id'],
                  'token.create not logged: %r' % log)
            check(log[0]['who']['name'].startswith('cli:') and log[0]['who']['role'] == 'admin', log[0]['who'])
            check(tok not in open(os.path.join(st.data, 'audit.jsonl')).read(), 'token in the audit log')
            state['token_id'] = lst[0]['id']
        step('vigie token create / list, logged as token.create', token_cli)

        def confirm():
            doc_id, fid, _ = state['flags'][0]
            stname, res = review(st, {'action': 'flag.review', 'flag_id': fid, 'status': 'confirmed',
                                      'reason': 'Délai de 12 jours, sous le minimum légal.', 'who': WHO})
            check(stname == 'VG_OK', 'review refused: %s %r' % (stname, res))
            check(res['flag_id'] == fid and res['doc_id'] == doc_id and res['status'] == 'confirmed', res)
            check(res['seq'] == 2 and len(res['hash']) == 64 and res['who']['name'] == 'alice', res)
            log = audit_lines(st)
            check(log[-1] == res, 'the reply differs from the logged entry')
            f = wait_flag_status(st, doc_id, fid, 'confirmed')
            check(f['review'].get('reason') == 'Délai de 12 jours, sous le minimum légal.', f['review'])
        step('a confirmed review with a reason is logged and applied', confirm)

        def refused():
            doc_id, fid, _ = state['flags'][1]
            before = len(audit_lines(st))
            cases = [
                ({'action': 'flag.review', 'flag_id': fid, 'status': 'confirmed', 'who': WHO}, 'VG_E_INPUT'),
                ({'action': 'flag.review', 'flag_id': fid, 'status': 'confirmed', 'reason': '   ', 'who': WHO}, 'VG_E_INPUT'),
                ({'action': 'flag.review', 'flag_id': fid, 'status': 'confirmed', 'reason': 'x' * 2001, 'who': WHO}, 'VG_E_INPUT'),
                ({'action': 'flag.review', 'flag_id': fid, 'status': 'maybe', 'reason': 'r', 'who': WHO}, 'VG_E_INPUT'),
                ({'action': 'flag.review', 'flag_id': fid, 'status': 'dismissed', 'reason': 'r'}, 'VG_E_INPUT'),
                ({'action': 'flag.review', 'flag_id': fid, 'status': 'dismissed', 'reason': 'r',
                  'who': {'name': 'eve', 'role': 'reader'}}, 'VG_E_DENIED'),
                ({'action': 'flag.delete', 'flag_id': fid, 'who': WHO}, 'VG_E_INPUT'),
                ({'action': 'flag.review', 'flag_id': '0' * 40, 'status': 'confirmed', 'reason': 'r', 'who': WHO}, 'VG_E_NOTFOUND'),
                ({'action': 'clause.note', 'clause_id': 'no-such-clause', 'note': 'n', 'who': WHO}, 'VG_E_NOTFOUND'),
            ]
            for action, want in cases:
                stname, res = review(st, action)
                check(stname == want and res.get('error'), '%r -> %s %r (expected %s)' % (action, stname, res, want))
            check(len(audit_lines(st)) == before, 'a refused action reached the audit log')
        step('bad actions -> VG_E_INPUT / VG_E_DENIED, unknown targets -> VG_E_NOTFOUND, nothing logged', refused)

        def note():
            stname, res = review(st, {'action': 'clause.note', 'clause_id': state['clause'],
                                      'note': 'Voir aussi le CCAP, article 4.', 'who': WHO})
            check(stname == 'VG_OK' and res['doc_id'] == state['clause_doc'] and res['seq'] == 3, '%s %r' % (stname, res))
        step('a clause note is logged with its document', note)

        def killed():
            old = st.pids('vigie-indexer')
            check(len(old) == 1, 'indexer pids: %r' % old)
            os.kill(old[0], signal.SIGKILL)
            end = time.time() + 20
            while time.time() < end and (not st.pids('vigie-indexer') or st.pids('vigie-indexer') == old):
                time.sleep(0.2)
            doc_id, fid, _ = state['flags'][1]
            stname, res = review(st, {'action': 'flag.review', 'flag_id': fid, 'status': 'dismissed',
                                      'reason': 'Clause présente en annexe.', 'who': WHO})
            check(stname == 'VG_OK' and res['seq'] == 4, 'after restart: %s %r' % (stname, res))
            wait_flag_status(st, doc_id, fid, 'dismissed')
            wait_flag_status(st, state['flags'][0][0], state['flags'][0][1], 'confirmed')
        step('indexer killed with -9: restarted, reviews kept, chain continues', killed)

        def revoke():
            rc, out, err = st.vigie('token', 'revoke', state['token_id'], check=True)
            rc, out, err = st.vigie('token', 'revoke', state['token_id'])
            check(rc == 1, 'revoked twice')
            check(audit_lines(st)[-1]['action'] == 'token.revoke', 'token.revoke not logged')
        step('vigie token revoke, logged as token.revoke', revoke)

        def verified():
            rc, out = verify(st.data)
            check(rc == 0 and 'audit log intact: 5 entries, head ' in out, out)
            # the documented recipe recomputes every hash outside jansson (docs/audit.md)
            for e in audit_lines(st):
                h = e.pop('hash')
                c = json.dumps(e, sort_keys=True, separators=(',', ':'), ensure_ascii=False)
                check(hashlib.sha256(c.encode()).hexdigest() == h, 'seq %s: hash not reproducible' % e['seq'])
            rc, out, err = st.vigie('audit', 'show', check=True)
            check('flag.review' in out and 'clause.note' in out and 'chain verified' in out, out)
            rc, out, err = st.vigie('audit', 'show', '--after', '3', '--json', check=True)
            check([json.loads(x)['seq'] for x in out.splitlines()] == [4, 5], out)
        step('vigie audit verify: intact; audit show', verified)
    finally:
        rc = st.stop()
        step('stack stops cleanly', lambda: check(rc == 0, 'vigie up exited %r' % rc))
        step('no sanitizer report from any process', lambda: no_sanitizer_report(st))

    def replay():
        # A crash after the log write but before the index commit: the entry is in the log
        # only. The next indexer start must apply it before serving.
        doc_id, fid, _ = state['flags'][2]
        entry = {'action': 'flag.review', 'flag_id': fid, 'doc_id': doc_id, 'status': 'contested',
                 'reason': 'Logged just before a crash.', 'who': WHO}
        p = subprocess.run([CLIENT, '--append', os.path.join(st.data, 'audit.jsonl'), json.dumps(entry)],
                           capture_output=True, text=True, timeout=60)
        check(p.returncode == 0, p.stdout + p.stderr)
        st2 = Stack(BINDIR, workers=1, data=st.data).start()
        try:
            wait_flag_status(st2, doc_id, fid, 'contested')
            wait_flag_status(st2, state['flags'][0][0], state['flags'][0][1], 'confirmed')
            check(any('replayed 1 review' in x for x in st2.log_lines), 'no replay logged')
        finally:
            check(st2.stop() == 0, 'second stack did not stop cleanly')
        no_sanitizer_report(st2)
        rc, out = verify(st.data)
        check(rc == 0 and '6 entries' in out, out)
    step('an entry logged but not applied is replayed at the next start', replay)

    def tampered():
        with open(os.path.join(st.data, 'audit.jsonl')) as f:
            lines = f.readlines()
        with open(os.path.join(st.data, 'audit.head')) as f:
            head = f.read()
        check(len(lines) == 6, 'expected 6 entries, got %d' % len(lines))
        edited = list(lines)
        edited[1] = edited[1].replace('"confirmed"', '"dismissed"')
        check(edited[1] != lines[1], 'nothing to edit')
        forged = json.loads(lines[2])
        forged['note'] = 'forged'
        forged_line = json.dumps(forged, sort_keys=True, separators=(',', ':'), ensure_ascii=False) + '\n'
        cases = {
            'edit': (edited, head, 'line 2 (seq 2)'),
            'delete-middle': (lines[:2] + lines[3:], head, 'line 3 (seq 4)'),
            'delete-last': (lines[:-1], head, 'line 6 (seq 6)'),
            'reorder': (lines[:1] + [lines[2], lines[1]] + lines[3:], head, 'line 2 (seq 3)'),
            'insert': (lines[:3] + [forged_line] + lines[3:], head, 'line 4 (seq 3)'),
            'truncate': (lines[:-1] + [lines[-1][:40]], head, 'line 6 (seq 6)'),
            'head': (lines, head.replace(json.loads(head)['hash'], '0' * 64), 'line 6 (seq 6)'),
        }
        bad = []
        for name, (ls, hd, where) in cases.items():
            d = tempfile.mkdtemp(prefix='vgit-audit-', dir='/tmp')
            try:
                with open(os.path.join(d, 'audit.jsonl'), 'w') as f:
                    f.writelines(ls)
                with open(os.path.join(d, 'audit.head'), 'w') as f:
                    f.write(hd)
                rc, out = verify(d)
                if rc != 1 or ('audit log BROKEN at %s' % where) not in out:
                    bad.append('%s: rc=%d %s' % (name, rc, out.strip()))
            finally:
                shutil.rmtree(d)
        check(not bad, '; '.join(bad))
        rc, out = verify(st.data)
        check(rc == 0, 'the original log stopped verifying: ' + out)
    step('tampered copies (edit, delete, reorder, insert, truncate, head) fail verify, naming the entry', tampered)
    shutil.rmtree(st.data, ignore_errors=True)


if __name__ == '__main__':
    try:
        main()
    except Exception as e:
        step.failed += 1
        print('not ok - setup: %s' % e, flush=True)
    sys.exit(step.summary())
