#!/usr/bin/python3
"""End-to-end test of the walking skeleton with real processes, sockets, database and HTTP.

  test_pipeline.py BINDIR CORPORA

Starts `vigie up` on a fresh data directory, ingests every eForms SDK example and TED R2.0.9
notice of the shared corpora, and checks through the HTTP API that every notice is stored and
searchable and that every flag carries a complete justification whose offsets match the stored
clause text. Then feeds hostile files (each must fail with a reason and a dead-letter record,
leaving the stack and the index intact), kills a worker in the middle of a batch (nothing may
be lost), re-runs an ingestion (nothing redone), and stops the stack with SIGTERM."""
import hashlib, json, os, re, shutil, signal, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigie_stack import Stack, Steps, check

BINDIR, CORPORA = sys.argv[1], sys.argv[2]
FOLDERS = [os.path.join(CORPORA, 'eforms-sdk', 'examples'), os.path.join(CORPORA, 'ted-xml-data-converter')]
step = Steps()


def xml_files():
    out = []
    for f in FOLDERS:
        for d, _, fs in os.walk(f):
            out += [os.path.join(d, x) for x in fs if x.endswith('.xml') and not x.startswith('.')]
    return sorted(out)


def sha(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def summary(out):
    m = re.search(r'documents: (\d+) indexed, (\d+) failed, (\d+) skipped', out)
    check(m, 'no summary line in:\n' + out)
    c = re.search(r'clauses: (\d+)', out)
    fl = re.search(r'flags: (\d+)', out)
    return int(m.group(1)), int(m.group(2)), int(m.group(3)), int(c.group(1)), int(fl.group(1))


def check_flag(doc, f):
    text = doc['text'].encode('utf-8')
    where = 'doc %s flag %s' % (doc['id'][:12], f.get('rule_id'))
    for k in ('id', 'rule_id', 'rule_version', 'severity', 'legal_basis', 'explanation', 'explanation_en'):
        check(f.get(k), '%s: missing %s' % (where, k))
    check(isinstance(f.get('inputs'), list) and f['inputs'], '%s: no inputs' % where)
    check(isinstance(f.get('thresholds'), dict), '%s: no thresholds' % where)
    ev = f.get('evidence') or {}
    check(ev.get('doc') == doc['id'], '%s: evidence names another document' % where)
    s, e = ev.get('start'), ev.get('end')
    check(isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text), '%s: bad span %r..%r' % (where, s, e))
    if e > s:
        check(ev.get('excerpt') == text[s:e].decode('utf-8'), '%s: excerpt differs from text[%d:%d]' % (where, s, e))
    if ev.get('clause_id'):
        cl = [c for c in doc['clauses'] if c['id'] == ev['clause_id']]
        check(cl, '%s: evidence clause %s not in document' % (where, ev['clause_id']))
        check(cl[0]['start'] <= s and e <= cl[0]['end'], '%s: span outside its clause' % where)
    else:
        check(ev.get('field'), '%s: evidence has neither clause nor field' % where)


def main():
    files = xml_files()
    check(len(files) == 164, 'expected 164 XML notices in the shared corpora, found %d' % len(files))
    st = Stack(BINDIR, workers=2).start()
    state = {}
    try:
        def ingest_corpora():
            rc, out, err = st.vigie('ingest', *FOLDERS)
            state['out'] = out
            n, nf, ns, nc, nfl = summary(out)
            check(rc == 0, 'vigie ingest exited %d\n%s\n%s' % (rc, out, err[-2000:]))
            check((n, nf) == (164, 0), 'indexed %d failed %d:\n%s' % (n, nf, out))
            check(ns > 0 and 'skipped:' in out, 'non-XML files should be reported as skipped')
            check(nc > 1000, 'only %d clauses' % nc)
            state['clauses'], state['flags'] = nc, nfl
        step('ingest 164 real notices with 0 failures', ingest_corpora)

        per_rule = state.setdefault('per_rule', {})

        def every_document_complete():
            nflags = 0
            for p in files:
                doc = st.get('/api/v1/documents/' + sha(p))
                check(doc['id'] == sha(p), '%s: wrong id' % p)
                # The SDK's deliberately empty INVALID_* examples carry no notice id at all.
                check(doc.get('notice_id') or os.path.basename(p).startswith('INVALID_'), '%s: no notice id' % p)
                text = doc['text'].encode('utf-8')
                for c in doc['clauses']:
                    check(0 <= c['start'] < c['end'] <= len(text), '%s: clause %s bad offsets' % (p, c['id']))
                    check(c['text'] == text[c['start']:c['end']].decode('utf-8'), '%s: clause %s text differs' % (p, c['id']))
                    check('label' in c and 'prob' in c, '%s: clause %s has no label' % (p, c['id']))
                fired = set()
                for f in doc['flags']:
                    if f['outcome'] == 'flag':
                        nflags += 1
                        check_flag(doc, f)
                        fired.add(f['rule_id'])
                    else:
                        check(f.get('reason'), '%s: %s %s without a reason' % (p, f['rule_id'], f['outcome']))
                for r in fired:
                    per_rule[r] = per_rule.get(r, 0) + 1
            check(nflags == state.get('flags', nflags), 'API flags %d != summary %s' % (nflags, state.get('flags')))
            check(nflags > 0, 'no flag fired on the real notices')
        step('every notice stored with clauses, labels and justified flags', every_document_complete)

        def every_notice_searchable():
            missing = []
            for p in files:
                r = st.search('id:' + sha(p))
                if r['total'] != 1 or r['hits'][0]['id'] != sha(p):
                    missing.append(os.path.basename(p))
            check(not missing, 'not found by id: %s' % missing[:10])
            r = st.search('services', limit=5)
            check(r['total'] > 0 and r['hits'], 'free-text search found nothing')
            h = r['hits'][0]
            for k in ('id', 'title', 'buyer', 'cpv', 'deadline', 'snippets', 'flags'):
                check(k in h, 'hit lacks %s' % k)
            rc, out, _ = st.vigie('search', 'services')
            check(rc == 0 and 'hits' in out, 'vigie search failed: ' + out)
            rc, out, _ = st.vigie('search', '--kind', 'flags', '--sort', 'severity', '--json', '--limit', '100', '')
            fl = json.loads(out) if rc == 0 else {}
            check(rc == 0 and fl.get('hits') and all(h.get('rule_id') and h.get('review', {}).get('status') == 'open'
                                                      for h in fl['hits']), 'vigie search --kind flags: rc=%d' % rc)
            rc, out, _ = st.vigie('search', '--kind', 'clauses', 'services')
            check(rc == 0 and '(label ' in out, 'vigie search --kind clauses: ' + out[:300])
        step('every notice searchable; hits carry snippets and flags', every_notice_searchable)

        def rules_catalogue_and_stats():
            cat = st.get('/api/v1/rules')
            check(len(cat['rules']) >= 26, 'only %d rules' % len(cat['rules']))
            for r in cat['rules']:
                check(r.get('legal_basis') and r.get('version') and r.get('name', {}).get('fr'), 'incomplete rule %s' % r.get('id'))
            stats = st.get('/api/v1/rules/stats')
            check(stats['notices'] == 164, 'stats over %s notices' % stats['notices'])
            got = {x['rule_id']: x['flagged'] for x in stats['rules'] if x['flagged']}
            check(got == per_rule, 'stats %s != documents %s' % (got, per_rule))
            rc, out, _ = st.vigie('rules')
            check(rc == 0 and out.count('legal basis:') == len(cat['rules']), 'vigie rules: ' + out[:300])
            rc, out, _ = st.vigie('rules', 'stats', '--warn-share', '0.01')
            check(rc == 0 and 'WARNING' in out, 'vigie rules stats did not warn: ' + out[-300:])
        step('rule catalogue and per-rule hit rates (API and CLI)', rules_catalogue_and_stats)

        def ocds_and_decp():
            ocds = os.path.join(CORPORA, 'ocds-sample-data')
            decp = os.path.join(CORPORA, 'decp', 'format-commande-publique', 'exemples')
            rc, out, err = st.vigie('ingest', ocds, decp)
            n, nf, _, nc, _ = summary(out)
            # 196 files; 4 of them hold several procedures/contracts and are split into 10 parts
            check((rc, nf) == (0, 0) and n == 200, 'OCDS+DECP: rc=%d indexed=%d failed=%d\n%s' % (rc, n, nf, out[-1500:]))
            r = st.search('Bristol')
            check(r['total'] >= 1 and any('Bristol' in (h.get('buyer') or '') for h in r['hits']), 'OCDS release not searchable: %s' % r['total'])
        step('OCDS releases and DECP contracts ingest with 0 failures', ocds_and_decp)

        def dossiers():
            fx = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'dossiers')
            names = ['fr_ccap.pdf', 'fr_ccap.docx', 'fr_ccap.odt', 'fr_ccap.html', 'fr_ccap.txt',
                     'fr_ccap.latin1.txt', 'en_rfp.pdf', 'en_rfp.docx', 'en_rfp.odt', 'en_rfp.html']
            forms = os.path.join(CORPORA, 'ocp-european-union-support')
            rc, out, err = st.vigie('ingest', *[os.path.join(fx, n) for n in names], forms)
            n, nf, _, _, _ = summary(out)
            check((rc, nf) == (0, 0) and n >= len(names) + 5, 'dossiers: rc=%d indexed=%d failed=%d\n%s' % (rc, n, nf, out[-1500:]))
            doc = st.get('/api/v1/documents/' + sha(os.path.join(fx, 'fr_ccap.pdf')))
            pages = {c['page'] for c in doc['clauses']}
            check(doc['format'] == 'pdf' and pages == {1, 2}, 'PDF clauses should carry pages 1 and 2: %s' % pages)
            # undeclared language detected and recorded; clauses cut at the authors' headings
            check(doc.get('lang') == 'fr' and doc['processing']['language']['detector'] == 'libexttextcat',
                  'fr_ccap.pdf language: %s' % doc.get('lang'))
            heads = [c.get('heading') or '' for c in doc['clauses']]
            check(any(' > ' in h and 'nalit' in h for h in heads), 'no heading path in fr_ccap.pdf: %s' % heads[:8])
            rfp = st.get('/api/v1/documents/' + sha(os.path.join(fx, 'en_rfp.docx')))
            check(rfp.get('lang') == 'en', 'en_rfp.docx language: %s' % rfp.get('lang'))
            odt = st.get('/api/v1/documents/' + sha(os.path.join(fx, 'fr_ccap.odt')))
            check(odt['format'] == 'odt' and 'Pénalités' in odt['text'], 'ODT text not extracted')
            rc, out, _ = st.vigie('ingest', os.path.join(fx, 'hostile_encrypted.pdf'), os.path.join(fx, 'hostile_traversal.docx'),
                                  os.path.join(fx, 'hostile_notzip.docx'), os.path.join(fx, 'hostile_truncated.pdf'))
            n, nf, _, _, _ = summary(out)
            check(rc == 3 and (n, nf) == (0, 4), 'hostile dossiers: %s' % out)
            check('encrypted PDF' in out and 'escapes the archive' in out, 'hostile dossier reasons missing:\n' + out)
        step('tender dossiers (PDF with pages, DOCX, ODT, HTML, text) and hostile ones', dossiers)

        def hostile_inputs():
            d = tempfile.mkdtemp(prefix='vghostile-')
            files = {
                'not-xml.xml': b'this is not xml at all',
                'truncated.xml': b'<?xml version="1.0"?><ContractNotice><cbc:ID>1</cbc:ID>',
                'xxe.xml': b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
                'dtd.xml': b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://example.invalid/r.dtd"><r/>',
                'laughs.xml': b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>',
                'bad-utf8.xml': b'<?xml version="1.0" encoding="UTF-8"?><TED_EXPORT>\xff\xfe\xfd</TED_EXPORT>',
                'empty.xml': b'',
                'deep.xml': b'<a>' * 100000 + b'</a>' * 100000,
            }
            for n, b in files.items():
                with open(os.path.join(d, n), 'wb') as f:
                    f.write(b)
            with open(os.path.join(d, 'huge.xml'), 'wb') as f:  # over the 64 MiB ingest limit
                f.write(b'<a>' + b'x' * (65 * 1024 * 1024) + b'</a>')
            before = st.get('/healthz')
            rc, out, err = st.vigie('ingest', d)
            n, nf, _, _, _ = summary(out)
            check(rc == 3 and n == 0 and nf == len(files) + 1, 'rc=%d indexed=%d failed=%d\n%s' % (rc, n, nf, out))
            for name in list(files) + ['huge.xml']:
                line = [l for l in out.splitlines() if l.startswith('failed: ') and name in l]
                check(line and len(line[0]) > len('failed: ') + len(d) + len(name) + 5, 'no reason for %s' % name)
            dead = open(os.path.join(st.data, 'dead-letter.jsonl')).read().splitlines()
            names = {json.loads(l)['name'] for l in dead}
            check(all(any(n in x for x in names) for n in files), 'dead letters missing: %s' % names)
            after = st.get('/healthz')
            check(after.get('notices') == before.get('notices'), 'stored notices changed: %s -> %s' % (before, after))
            shutil.rmtree(d)
        step('hostile files fail with reasons and dead letters; nothing stored is lost', hostile_inputs)

        def worker_killed_mid_batch():
            d = tempfile.mkdtemp(prefix='vgkill-')
            src = files[:40]
            for i, p in enumerate(src):  # distinct content: a new id per copy
                with open(p, 'rb') as f:
                    b = f.read()
                with open(os.path.join(d, '%03d.xml' % i), 'wb') as f:
                    f.write(b + b'\n<!-- kill test copy %d -->\n' % i)
            import subprocess, threading
            victims = st.pids('vigie-analyse')
            check(victims, 'no analyse worker found')
            killer = threading.Timer(0.3, lambda: [os.kill(p, signal.SIGKILL) for p in victims[:1]])
            killer.start()
            rc, out, err = st.vigie('ingest', d)
            killer.join()
            n, nf, _, _, _ = summary(out)
            check((rc, n, nf) == (0, 40, 0), 'after killing a worker: rc=%d indexed=%d failed=%d\n%s' % (rc, n, nf, out))
            time.sleep(1.5)
            check(len(st.pids('vigie-analyse')) == 2, 'the killed worker was not restarted')
            shutil.rmtree(d)
        step('a worker killed mid-batch loses nothing and is restarted', worker_killed_mid_batch)

        def indexer_killed_mid_batch():
            d = tempfile.mkdtemp(prefix='vgkillix-')
            for i, p in enumerate(files[40:80]):
                with open(p, 'rb') as f:
                    b = f.read()
                with open(os.path.join(d, '%03d.xml' % i), 'wb') as f:
                    f.write(b + b'\n<!-- indexer kill test copy %d -->\n' % i)
            import threading
            before = st.get('/healthz').get('notices')
            victims = st.pids('vigie-indexer')
            check(len(victims) == 1, 'expected one indexer, found %s' % victims)
            killer = threading.Timer(0.5, lambda: os.kill(victims[0], signal.SIGKILL))
            killer.start()
            t = time.time()
            rc, out, err = st.vigie('ingest', d)
            killer.join()
            n, nf, _, _, _ = summary(out)
            check((rc, n, nf) == (0, 40, 0), 'after killing the indexer: rc=%d indexed=%d failed=%d\n%s' % (rc, n, nf, out))
            check(time.time() - t < 45, 'recovery waited for the commit timeout instead of the indexer HELLO')
            state['notices'] = st.get('/healthz').get('notices')
            check(state['notices'] == before + 40, 'notices %s after the indexer kill, %s before' % (state['notices'], before))
            shutil.rmtree(d)
        step('the indexer killed mid-batch loses nothing (re-sent on its HELLO)', indexer_killed_mid_batch)

        def resume_is_idempotent():
            t = time.time()
            rc, out, _ = st.vigie('ingest', *FOLDERS)
            n, nf, _, _, _ = summary(out)
            check((rc, n, nf) == (0, 164, 0), 'second run: %s' % out)
            h = st.get('/healthz')
            check(h.get('notices') == state.get('notices'), 'notices after re-run: %s, before %s' % (h, state.get('notices')))
        step('re-running an ingestion redoes nothing and duplicates nothing', resume_is_idempotent)


        def bad_query_is_400():
            body = st.get('/api/v1/search?q=deadline%3Aabc..def', expect=400)
            check(body['error']['code'] == 'bad_query' and body['error']['message'], 'no reason: %s' % body)
            st.get('/api/v1/search?q=%22unbalanced', expect=200)  # Xapian reads it as a phrase
            st.get('/api/v1/documents/' + '0' * 64, expect=404)
            rc, _, err = st.vigie('search', 'deadline:abc..def')
            check(rc == 2 and 'bad query' in err, 'vigie search: rc=%d %s' % (rc, err))
        step('bad queries and unknown ids get clear errors', bad_query_is_400)
    finally:
        rc = st.stop()
        if step.failed:
            print('\n'.join(st.log_lines[-60:]))
    step('SIGTERM stops the whole stack cleanly', lambda: check(rc == 0, 'vigie up exited %s' % rc))
    shutil.rmtree(st.data, ignore_errors=True)
    return step.summary()


if __name__ == '__main__':
    sys.exit(main())
