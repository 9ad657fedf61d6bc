/* api_ui_test.js: runs the real ui/app.js against a running vigie-api, in node, over a
 * minimal stand-in for the browser DOM (no browser is installed on the build machines).
 *
 * For: checking that the UI lists hits with flag badges, and that the document view shows
 * the flags' justification (rule, version, legal basis, thresholds), the rules that did not
 * fire, and marks exactly the evidence spans in the clause text; that a bad query shows
 * the server's reason; that the flags page lists and filters flags; that a review needs a
 * reason and a token, and is sent with the token (VIGIE_UI_TOKEN, a reviewer's: with no
 * indexer running the server answers 503, which the UI shows).
 * Usage: VIGIE_UI_TOKEN=vgt_... node api_ui_test.js APP_JS PORT DOC_ID EXCERPT...
 * Not for: layout or CSS (no rendering engine here). */
'use strict';
const fs = require('fs');
const vm = require('vm');

const [appJs, port, docId, ...excerpts] = process.argv.slice(2);
const base = `http://127.0.0.1:${port}`;
let fails = 0;
function check(cond, what) {
  console.log(`${cond ? 'ok  ' : 'FAIL'} ui: ${what}`);
  if (!cond) fails++;
}

class FNode {
  constructor(tag) {
    this.tagName = tag; this.children = []; this.attrs = {}; this.listeners = {};
    this.className = ''; this.hidden = false; this.disabled = false; this.value = ''; this.checked = false;
    this.classList = { add() {}, remove() {} };
  }
  append(...kids) { for (const k of kids) this.children.push(k instanceof FNode ? k : new FText(String(k))); }
  replaceChildren(...kids) { this.children = []; this.append(...kids); }
  setAttribute(k, v) { this.attrs[k] = v; }
  addEventListener(t, f) { (this.listeners[t] = this.listeners[t] || []).push(f); }
  fire(t, ev) { for (const f of this.listeners[t] || []) f(ev || { preventDefault() {} }); }
  get textContent() { return this.children.map(c => c.textContent).join(''); }
  set textContent(v) { this.children = [new FText(String(v))]; }
  all(tag, out = []) {
    for (const c of this.children) { if (c.tagName === tag) out.push(c); if (c.all) c.all(tag, out); }
    return out;
  }
  scrollIntoView() {}
}
class FText extends FNode {
  constructor(t) { super('#text'); this.t = t; }
  get textContent() { return this.t; }
  set textContent(v) { this.t = v; }
}

const ids = {};
for (const id of ['health', 'search', 'q', 'flagged', 'message', 'results', 'summary', 'hits', 'prev',
  'next', 'page', 'facets', 'doc', 'tokenform', 'token', 'forget', 'tokenstate', 'flagsview', 'flagfilters',
  'f-rule', 'f-status', 'f-severity', 'f-buyer', 'f-country', 'f-from', 'f-to', 'f-q', 'flagsummary', 'flaglist',
  'fprev', 'fnext', 'fpage']) ids[id] = new FNode('div');
const store = {};
const sessionStorage = { getItem: k => (k in store ? store[k] : null), setItem: (k, v) => { store[k] = String(v); },
  removeItem: k => { delete store[k]; } };
const docListeners = {};
const win = new FNode('window');
const location = { _h: '', get hash() { return this._h; }, set hash(v) { this._h = v ? `#${String(v).replace(/^#/, '')}` : ''; win.fire('hashchange'); } };
const ctx = {
  console, TextEncoder, TextDecoder, URLSearchParams, Intl, setTimeout, Promise, JSON, Math, Object, String,
  Node: FNode, location, window: win, sessionStorage,
  fetch: (p, o) => fetch(base + p, o),
  document: {
    getElementById: id => ids[id] || null,
    createElement: tag => new FNode(tag),
    addEventListener: (t, f) => { docListeners[t] = f; },
  },
};
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(appJs, 'utf8'), ctx, { filename: appJs });

const settle = () => new Promise(r => setTimeout(r, 300));
async function until(cond, what) {
  for (let i = 0; i < 50 && !cond(); i++) await settle(); /* up to ~15 s on a loaded machine */
  check(cond(), what);
}

(async () => {
  docListeners.DOMContentLoaded();
  await until(() => ids.hits.children.length === 3, 'match-all search lists 3 hits');
  await until(() => /3 avis, 5 clauses/.test(ids.health.textContent), 'health line shows the counts');
  const hitsText = ids.hits.textContent;
  check(hitsText.includes('R01-short-submission-period') && hitsText.includes('élevé / high'),
    'hit shows flag badges with rule and severity');
  check(hitsText.includes('45000000') && hitsText.includes('2026-11-30') && hitsText.includes("Département de l'Isère"),
    'hit shows CPV, deadline and buyer');
  check(ids.facets.textContent.includes('R01-short-submission-period'), 'facets listed');

  location.hash = `doc=${encodeURIComponent(docId)}`;
  await until(() => ids.doc.textContent.includes('Signalements / flags (2)'), 'document view lists its 2 flags');
  const t = ids.doc.textContent;
  for (const s of ['R01-short-submission-period v1.0.0', 'CCP R2161-2', 'min_days_open', 'submission_days',
    'Le délai de réception des offres (10 jours)', 'R12-missing-award-criteria', 'the condition is not met',
    'données manquantes', 'penalties', 'p = 87 %', 'Pénalités de retard'])
    check(t.includes(s), `document view shows ${JSON.stringify(s)}`);
  const marks = ids.doc.all('mark').map(m => m.textContent).sort();
  check(JSON.stringify(marks) === JSON.stringify([...excerpts].sort()),
    `evidence spans marked exactly (${JSON.stringify(marks)})`);

  check(t.includes('ouvert / open') && t.includes('Revue / review'), 'each flag shows its review status and a review form');
  const form = ids.doc.all('form')[0];
  const out = () => form.children[form.children.length - 1].textContent;
  form.fire('submit');
  await until(() => out().includes('Motif obligatoire'), 'a review without a reason is refused in the page');
  form.all('textarea')[0].value = 'délai trop court';
  form.fire('submit');
  await until(() => out().includes('jeton'), 'a review without a token asks for one');
  ids.token.value = process.env.VIGIE_UI_TOKEN || '';
  ids.tokenform.fire('submit');
  check(store['vigie.token'] === process.env.VIGIE_UI_TOKEN && ids.token.value === '' &&
    ids.tokenstate.textContent.includes('token set'), 'the token goes to sessionStorage, not the page');
  form.all('textarea')[0].value = 'délai trop court';
  form.fire('submit');
  await until(() => out().includes('indexer_unavailable'), `the review is sent with the token; the server's 503 is shown (${out()})`);

  location.hash = 'flags';
  await until(() => ids.flaglist.children.length === 3 && !ids.flagsview.hidden && ids.results.hidden,
    'the flags page lists the 3 flags');
  check(ids.flaglist.textContent.includes('écarté / dismissed'), 'the flags page shows review statuses');
  ids['f-severity'].value = 'high';
  ids.flagfilters.fire('submit');
  await until(() => ids.flaglist.children.length === 1 && ids.flaglist.textContent.includes('R01-short-submission-period'),
    'the severity filter narrows the list');
  location.hash = '';
  await until(() => ids.flagsview.hidden && !ids.results.hidden, 'back to the search view');

  ids.q.value = 'foo:1..2';
  ids.search.fire('submit');
  await until(() => !ids.message.hidden && ids.message.textContent.includes('bad_query'),
    'a query the parser rejects shows the server reason');
  process.exit(fails ? 1 : 0);
})().catch(e => { console.log(`FAIL ui: ${e.stack}`); process.exit(1); });
