#!/usr/bin/python3
"""Batch ingestion from platforms, end to end with real processes (integration.batch).

  test_batch.py BINDIR CORPORA

Starts `vigie up` on a fresh data directory and checks, through the CLI summary, the HTTP API
and the dead-letter file, that:
- a TED daily package (tar.gz of folders of R2.0.9 notices, built here from the shared corpus
  with tarfile) ingests with 0 failures and every notice carries fields.container (name,
  sha256 of the package, kind tar, member path);
- a zip dossier of the fixture dossiers gives one document per member linked to the zip's
  sha256, with the member in a format not read counted as skipped; a DOCX named .zip stays
  one document;
- a zip bomb, a path-traversal zip, a truncated tar.gz, an empty zip and a non-zip fail with
  clear lines and dead-letter records while their good siblings are indexed and nothing else
  changes;
- re-running the same ingestion redoes nothing (no new work, no new dead letters);
- DECP files of several contracts and OCDS packages of several ocids are sent as one document
  per part, linked to their file (container kind "split"); --no-split sends them whole;
- `vigie watch` submits what a folder holds, then a file copied in, a file moved in and a file
  in a new subfolder, reports a broken file and a duplicate, and stops cleanly on SIGTERM.
Archives are built in a temporary folder at run time; nothing is copied into the repository."""
import hashlib, io, json, os, re, shutil, signal, subprocess, sys, tarfile, tempfile, threading, time, zipfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigie_stack import Stack, Steps, check

BINDIR, CORPORA = sys.argv[1], sys.argv[2]
TED = os.path.join(CORPORA, 'ted-xml-data-converter')
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'dossiers')
DOSSIER = ['fr_ccap.pdf', 'fr_ccap.docx', 'fr_ccap.odt', 'fr_ccap.html', 'fr_ccap.txt', 'fr_ccap.latin1.txt',
           'en_rfp.pdf', 'en_rfp.docx', 'en_rfp.odt', 'en_rfp.html']
step = Steps()


def ted_notices():
    out = []
    for d, _, fs in os.walk(TED):
        for x in fs:
            p = os.path.join(d, x)
            if x.endswith('.xml') and b'/ted/R2.0.9/' in open(p, 'rb').read(2000):
                out.append(p)
    return sorted(out)


def sha_bytes(b):
    return hashlib.sha256(b).hexdigest()


def sha(path):
    with open(path, 'rb') as f:
        return sha_bytes(f.read())


def unique(path, tag):
    """The bytes of a real notice made distinct (a new document id) by a trailing comment."""
    with open(path, 'rb') as f:
        return f.read() + b'\n<!-- batch test %s -->\n' % tag.encode()


def summary(out):
    m = re.search(r'documents: (\d+) indexed, (\d+) failed, (\d+) skipped \((\d+) sent, (\d+) new, (\d+) already known', out)
    check(m, 'no summary line in:\n' + out)
    return tuple(int(x) for x in m.groups())


def failed_lines(out):
    return [l for l in out.splitlines() if l.startswith('failed: ')]


def dead_letters(st):
    p = os.path.join(st.data, 'dead-letter.jsonl')
    return [json.loads(l) for l in open(p)] if os.path.exists(p) else []


def add_bytes(t, name, b):
    ti = tarfile.TarInfo(name)
    ti.size = len(b)
    ti.mtime = 1764400000
    t.addfile(ti, io.BytesIO(b))


def main():
    notices = ted_notices()
    check(len(notices) >= 50, 'expected the TED R2.0.9 notices of the shared corpus, found %d' % len(notices))
    work = tempfile.mkdtemp(prefix='vgbatch-')
    st = Stack(BINDIR, workers=2).start()
    state = {}
    try:
        def ted_package():
            pkg = os.path.join(work, '20261129_229.tar.gz')
            with tarfile.open(pkg, 'w:gz') as t:  # TED's layout: a folder per day of XML notices
                for p in notices:
                    t.add(p, arcname='20261129_229/' + os.path.basename(p))
            rc, out, err = st.vigie('ingest', pkg)
            n, nf, ns, sent, new, known = summary(out)
            check(rc == 0 and (n, nf) == (len(notices), 0), 'package: rc=%d indexed=%d failed=%d\n%s%s' % (rc, n, nf, out[-1500:], err[-1500:]))
            check(sent == len(notices) and new == len(notices), 'sent %d new %d' % (sent, new))
            psha = sha(pkg)
            for p in notices:
                doc = st.get('/api/v1/documents/' + sha(p))
                c = (doc.get('fields') or {}).get('container')
                want = {'name': pkg, 'sha256': psha, 'kind': 'tar', 'member': '20261129_229/' + os.path.basename(p)}
                check(c == want, '%s: container %r, expected %r' % (os.path.basename(p), c, want))
            state['pkg'] = pkg
            # .tgz and .tar.xz read the same way (here: three other notices made distinct)
            for ext, mode in (('tgz', 'w:gz'), ('tar.xz', 'w:xz'), ('tar', 'w')):
                q = os.path.join(work, 'extra.' + ext)
                with tarfile.open(q, mode) as t:
                    for i, p in enumerate(notices[:3]):
                        add_bytes(t, 'extra/%d.xml' % i, unique(p, ext + str(i)))
                    add_bytes(t, 'extra/README.md', b'not a notice')
                rc, out, err = st.vigie('ingest', q)
                n, nf, ns, _, _, _ = summary(out)
                check(rc == 0 and (n, nf, ns) == (3, 0, 1), '%s: rc=%d %d/%d/%d\n%s' % (ext, rc, n, nf, ns, out))
                check('skipped: %s!extra/README.md: ' % q in out, '%s: README not reported as skipped\n%s' % (ext, out))
        step('a TED daily package (tar.gz of R2.0.9 notices) ingests with 0 failures, each notice linked to it', ted_package)

        def zip_dossier():
            z = os.path.join(work, 'DCE-2026-042.zip')
            with zipfile.ZipFile(z, 'w', zipfile.ZIP_DEFLATED) as zf:
                for n in DOSSIER:
                    zf.write(os.path.join(FIXTURES, n), 'DCE/' + n)
                zf.writestr('DCE/plan.dwg', b'\0DWG binary drawing')
                zf.writestr('DCE/', b'')  # a folder entry
            rc, out, err = st.vigie('ingest', z)
            n, nf, ns, _, _, _ = summary(out)
            check(rc == 0 and (n, nf, ns) == (len(DOSSIER), 0, 1), 'dossier: rc=%d %d/%d/%d\n%s%s' % (rc, n, nf, ns, out, err[-800:]))
            check('skipped: %s!DCE/plan.dwg: ' % z in out, 'plan.dwg not reported as skipped:\n' + out)
            zsha = sha(z)
            for name in DOSSIER:
                doc = st.get('/api/v1/documents/' + sha(os.path.join(FIXTURES, name)))
                c = (doc.get('fields') or {}).get('container')
                want = {'name': z, 'sha256': zsha, 'kind': 'zip', 'member': 'DCE/' + name}
                check(c == want, '%s: container %r' % (name, c))
                check(doc['clauses'], '%s: no clauses' % name)
            r = st.search('dossier:' + zsha, limit=50)  # the index links the members too
            got = {h['id'] for h in r['hits']}
            want_ids = {sha(os.path.join(FIXTURES, x)) for x in DOSSIER}
            check(r['total'] == len(DOSSIER) and got == want_ids, 'dossier:<sha256> found %s of %d' % (r['total'], len(DOSSIER)))
            # A DOCX under a .zip name is one document, not a container.
            d = os.path.join(work, 'lettre.zip')
            shutil.copy(os.path.join(FIXTURES, 'en_rfp.docx'), d)
            rc, out, err = st.vigie('ingest', d)
            n, nf, ns, sent, _, _ = summary(out)
            check(rc == 0 and (n, nf, ns, sent) == (1, 0, 0, 1), 'docx named .zip: %s' % out)
        step('a zip dossier gives one document per member linked to the zip sha256', zip_dossier)

        def hostile_archives():
            h = os.path.join(work, 'hostile')
            os.mkdir(h)
            good = notices[10]
            with zipfile.ZipFile(os.path.join(h, 'bomb.zip'), 'w', zipfile.ZIP_DEFLATED) as zf:
                zf.writestr('ok.xml', unique(good, 'bomb-sibling'))
                with zf.open('bomb.xml', 'w', force_zip64=True) as f:  # 200 MB of zeros, ~200 KB
                    zero = b'\0' * (1 << 20)
                    for _ in range(200):
                        f.write(zero)
                zf.writestr('ratio.xml', b'<a>' + b' ' * (30 << 20) + b'</a>')  # under 64 MiB, ~1000:1
            with zipfile.ZipFile(os.path.join(h, 'traversal.zip'), 'w') as zf:
                zf.writestr('../../evil.xml', b'<evil/>')
                zf.writestr('/etc/abs.xml', b'<evil/>')
                zf.writestr('fine.xml', unique(notices[11], 'traversal-sibling'))
            full = io.BytesIO()
            with tarfile.open(fileobj=full, mode='w:gz') as t:
                for i, p in enumerate(notices[20:30]):
                    add_bytes(t, 'pkg/%d.xml' % i, unique(p, 'trunc%d %s' % (i, os.urandom(20000).hex())))
            b = full.getvalue()
            open(os.path.join(h, 'truncated.tar.gz'), 'wb').write(b[:len(b) // 2])
            with zipfile.ZipFile(os.path.join(h, 'empty.zip'), 'w'):
                pass
            open(os.path.join(h, 'notazip.zip'), 'wb').write(b'PK\3\4 this is not a zip at all')
            before = st.get('/healthz').get('notices')
            dl_before = len(dead_letters(st))
            rc, out, err = st.vigie('ingest', h)
            n, nf, ns, _, _, _ = summary(out)
            lines = failed_lines(out)
            expect = {
                'bomb.zip!bomb.xml': 'limit', 'bomb.zip!ratio.xml': 'compression ratio',
                'traversal.zip!../../evil.xml': 'escapes the archive', 'traversal.zip!/etc/abs.xml': 'escapes the archive',
                'truncated.tar.gz': 'truncated', 'empty.zip: ': 'empty archive', 'notazip.zip: ': 'zip',
            }
            for k, why in expect.items():
                hit = [l for l in lines if (os.path.join(h, k)) in l]
                check(hit and why in hit[0], 'no clear failure for %s (%s):\n%s' % (k, why, out))
            check(rc == 3 and nf == len(lines) == len(expect), 'rc=%d failed=%d lines=%d\n%s' % (rc, nf, len(lines), out))
            check('failures by reason:' in out and re.search(r'^  \d+ VG_E_TOO_BIG ', out, re.M), 'failures not grouped:\n' + out)
            # the good siblings went through; the truncated package delivered its complete members
            # (the cut falls inside a member, which is then named, or between two members)
            m = re.search(r'pkg/(\d+)\.xml: corrupt or truncated', out)
            check(n == 2 + int(m.group(1)) if m else n >= 2, 'indexed %d (cut at %s)' % (n, m and m.group(1)))
            after = st.get('/healthz').get('notices')
            check(after == before + n, 'notices %s -> %s, indexed %d' % (before, after, n))
            dl = dead_letters(st)[dl_before:]
            check(len(dl) == len(expect), '%d new dead letters, expected %d' % (len(dl), len(expect)))
            bomb = [d for d in dl if d['name'].endswith('bomb.zip!bomb.xml')]
            check(bomb and bomb[0]['meta']['container']['sha256'] == sha(os.path.join(h, 'bomb.zip'))
                  and bomb[0]['status'] == 'VG_E_TOO_BIG', 'bomb dead letter: %s' % bomb)
            state['hostile'] = h
            state['dead'] = len(dead_letters(st))
        step('hostile archives (bomb, traversal, truncated, empty, not a zip) fail clearly; siblings unaffected', hostile_archives)

        def rerun_redoes_nothing():
            before = st.get('/healthz').get('notices')
            rc, out, err = st.vigie('ingest', state['pkg'], os.path.join(work, 'DCE-2026-042.zip'))
            n, nf, ns, sent, new, known = summary(out)
            check(rc == 0 and new == 0 and known == sent == len(notices) + len(DOSSIER), 're-run: %s' % out)
            rc, out, err = st.vigie('ingest', state['hostile'])
            _, _, _, sent, new, known = summary(out)
            check(rc == 3 and new == 0 and known == sent, 'hostile re-run: %s' % out)
            check(len(dead_letters(st)) == state['dead'], 'a re-run wrote new dead letters')
            check(st.get('/healthz').get('notices') == before, 'notices changed on a re-run')
        step('re-running the same ingestion redoes nothing', rerun_redoes_nothing)

        def split_files():
            # DECP files of several contracts and OCDS packages of several ocids: one document per part
            decp = os.path.join(CORPORA, 'decp', 'format-commande-publique', 'exemples')
            ocds = os.path.join(CORPORA, 'ocds-sample-data')
            rc, out, err = st.vigie('ingest', decp, ocds)
            n, nf, _, sent, _, _ = summary(out)
            check(rc == 0 and nf == 0, 'split: rc=%d failed=%d\n%s' % (rc, nf, out[-1500:]))
            import sqlite3
            db = sqlite3.connect(os.path.join(st.data, 'journal.sqlite'))
            parts = db.execute("SELECT id, name FROM jobs WHERE name LIKE '%#%' AND state='indexed'").fetchall()
            db.close()
            check(len(parts) >= 2, 'no file was split into parts (%d)' % len(parts))
            files = set()
            for jid, name in parts:
                f, key = name.rsplit('#', 1)
                files.add(f)
                doc = st.get('/api/v1/documents/' + jid)
                c = (doc.get('fields') or {}).get('container')
                want = {'name': f, 'sha256': sha(f), 'kind': 'split', 'member': key}
                check(c == want, '%s: container %r' % (name, c))
            rc, out, _ = st.vigie('ingest', '--no-split', *sorted(files))
            n2, _, _, sent2, _, _ = summary(out)
            check(rc == 0 and sent2 == len(files), '--no-split sends each file whole: %s' % out)
            print('# %d files split into %d parts; %d sent in all' % (len(files), len(parts), sent), flush=True)
        step('multi-contract DECP / multi-ocid OCDS files are split into linked parts', split_files)

        def watch_folder():
            drop = os.path.join(work, 'drop')
            outside = os.path.join(work, 'outside')
            os.mkdir(drop)
            os.mkdir(outside)
            open(os.path.join(drop, 'already.xml'), 'wb').write(unique(notices[40], 'already'))
            p = subprocess.Popen([os.path.join(BINDIR, 'vigie'), 'watch', '--data', st.data, drop],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            lines, cv = [], threading.Condition()

            def pump():
                for l in p.stdout:
                    with cv:
                        lines.append(l.rstrip('\n'))
                        cv.notify_all()
            threading.Thread(target=pump, daemon=True).start()

            def wait_for(pattern, timeout=60):
                end = time.time() + timeout  # a guard against a hang, not a timing assertion
                with cv:
                    while True:
                        hit = [l for l in lines if re.search(pattern, l)]
                        if hit:
                            return hit[0]
                        if time.time() > end or p.poll() is not None:
                            raise AssertionError('watch: no line matching %r:\n%s' % (pattern, '\n'.join(lines)))
                        cv.wait(1)
            try:
                wait_for(r'^watching ')
                wait_for(r'^indexed: %s \(1 document' % re.escape(os.path.join(drop, 'already.xml')))
                src = os.path.join(outside, 'copied.xml')
                open(src, 'wb').write(unique(notices[41], 'copied'))
                shutil.copy(src, os.path.join(drop, 'copied.xml'))
                wait_for(r'^indexed: %s \(' % re.escape(os.path.join(drop, 'copied.xml')))
                mv = os.path.join(outside, 'moved.xml')
                open(mv, 'wb').write(unique(notices[42], 'moved'))
                os.rename(mv, os.path.join(drop, 'moved.xml'))
                wait_for(r'^indexed: %s \(' % re.escape(os.path.join(drop, 'moved.xml')))
                os.mkdir(os.path.join(drop, 'sub'))
                time.sleep(0.5)  # lets the new folder's watch be added; a miss is caught by its scan anyway
                open(os.path.join(drop, 'sub', 'deep.xml'), 'wb').write(unique(notices[43], 'deep'))
                wait_for(r'^indexed: %s \(' % re.escape(os.path.join(drop, 'sub', 'deep.xml')))
                open(os.path.join(drop, 'broken.xml'), 'wb').write(b'<?xml version="1.0"?><TED_EXPORT><unclosed>')
                wait_for(r'^failed: %s: \S' % re.escape(os.path.join(drop, 'broken.xml')))
                shutil.copy(notices[0], os.path.join(drop, 'again.xml'))  # indexed by the package step
                wait_for(r'^duplicate: %s ' % re.escape(os.path.join(drop, 'again.xml')))
                open(os.path.join(drop, 'notes.rtf'), 'wb').write(b'{\\rtf1 hello}')
                wait_for(r'^skipped: %s: ' % re.escape(os.path.join(drop, 'notes.rtf')))
                doc = st.get('/api/v1/documents/' + sha_bytes(unique(notices[42], 'moved')))
                check(doc['source'] == os.path.join(drop, 'moved.xml'), 'moved file stored as %s' % doc.get('source'))
            finally:
                p.send_signal(signal.SIGTERM)
                try:
                    rc = p.wait(20)
                except subprocess.TimeoutExpired:
                    p.kill()
                    raise AssertionError('vigie watch did not stop on SIGTERM')
            check(rc == 0, 'vigie watch exited %d on SIGTERM:\n%s' % (rc, '\n'.join(lines)))
        step('vigie watch: existing, copied, moved and subfolder files; failure, duplicate; SIGTERM', watch_folder)
    finally:
        rc = st.stop()
        if step.failed:
            print('\n'.join(st.log_lines[-60:]))
    step('SIGTERM stops the whole stack cleanly', lambda: check(rc == 0, 'vigie up exited %s' % rc))
    shutil.rmtree(st.data, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return step.summary()


if __name__ == '__main__':
    sys.exit(main())
