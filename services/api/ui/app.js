/* app.js: the vigie web UI (plain JS, no framework, no external URL).
 *
 * For: searching notices (GET /api/v1/search), showing one document (GET /api/v1/documents/{id})
 * with its clauses, labels, probabilities, the exact evidence span of every flag highlighted,
 * and each flag's justification, review status and history; the rules that did not fire and
 * why; reviewing a flag (POST /api/v1/flags/{id}/review, mandatory reason) with a token the
 * reviewer pastes (kept in sessionStorage: gone when the tab closes, sent only to this server);
 * a flags page (GET /api/v1/flags) with filters.
 * Not for: any judgement of its own: everything shown comes from the API as is.
 * Every value from the API is inserted with textContent (never innerHTML). */
'use strict';

const PAGE = 10;
const FLAG_PAGE = 20;
const TOKEN_KEY = 'vigie.token';
const state = { q: '', offset: 0, total: 0, flagged: false, view: 'search', foffset: 0, ftotal: 0 };
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8');

function $(id) { return document.getElementById(id); }

/* el('div', {class: 'x'}, child, 'text', ...) */
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of kids) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

function showMessage(text) {
  const m = $('message');
  m.textContent = text || '';
  m.hidden = !text;
}

/* The reviewer's token lives in sessionStorage only (never in the page, never in a URL). */
function getToken() {
  try { return sessionStorage.getItem(TOKEN_KEY) || ''; } catch (e) { return ''; }
}
function setToken(t) {
  try {
    if (t) sessionStorage.setItem(TOKEN_KEY, t); else sessionStorage.removeItem(TOKEN_KEY);
  } catch (e) { /* storage refused: the token is not kept */ }
  showTokenState();
}
function showTokenState() {
  const s = $('tokenstate');
  if (s) s.textContent = getToken() ? 'jeton actif / token set' : 'aucun jeton / no token';
}

async function api(path, opts) {
  const o = opts || {};
  const headers = { Accept: 'application/json' };
  const tok = getToken();
  if (tok) headers.Authorization = `Bearer ${tok}`;
  if (o.body !== undefined) headers['Content-Type'] = 'application/json';
  let resp;
  try {
    resp = await fetch(path, { method: o.method || 'GET', headers,
      body: o.body !== undefined ? JSON.stringify(o.body) : undefined });
  } catch (e) {
    throw new Error('Serveur injoignable / server unreachable');
  }
  let body = null;
  try { body = await resp.json(); } catch (e) { /* not JSON */ }
  if (!resp.ok) {
    const err = body && body.error;
    const hint = resp.status === 401 ? ' — collez un jeton valide / paste a valid token'
      : resp.status === 403 ? ' — rôle insuffisant / role too low' : '';
    throw new Error((err ? `${err.status} ${err.code}: ${err.message}` : `HTTP ${resp.status}`) + hint);
  }
  return body;
}

const SEV_LABEL = { high: 'élevé / high', medium: 'moyen / medium', low: 'faible / low' };

function badge(flag) {
  const sev = flag.severity || 'low';
  return el('span', { class: `badge sev-${sev}`, title: flag.explanation_en || flag.explanation || '' },
    `${SEV_LABEL[sev] || sev} · ${flag.rule_id || flag.model_id || 'model'}`);
}

function fmtValue(v, cur) {
  if (v === null || v === undefined) return '—';
  try {
    return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: cur || 'EUR', maximumFractionDigits: 0 }).format(v);
  } catch (e) { return `${v} ${cur || ''}`; }
}

function fmtProb(p) { return (typeof p === 'number') ? `${Math.round(p * 100)} %` : '—'; }

/* ---------------- search ---------------- */

async function runSearch() {
  const q = state.q + (state.flagged ? ' flags:1..' : '');
  const params = new URLSearchParams({ q: q.trim(), offset: state.offset, limit: PAGE, facets: 1 });
  showMessage('');
  let res;
  try {
    res = await api(`/api/v1/search?${params}`);
  } catch (e) {
    showMessage(`Recherche impossible / search failed — ${e.message}`);
    $('hits').replaceChildren();
    $('summary').textContent = '';
    return;
  }
  state.total = res.total || 0;
  renderHits(res);
  renderFacets(res.facets);
}

function renderHits(res) {
  const hits = res.hits || [];
  $('summary').textContent = `${state.total} avis / notices` +
    (state.q ? ` pour « ${state.q} »` : '');
  $('hits').replaceChildren(...hits.map(renderHit));
  const page = Math.floor(state.offset / PAGE) + 1;
  const pages = Math.max(1, Math.ceil(state.total / PAGE));
  $('page').textContent = `page ${page} / ${pages}`;
  $('prev').disabled = state.offset === 0;
  $('next').disabled = state.offset + PAGE >= state.total;
}

function renderHit(h) {
  const flags = (h.flags || []);
  const open = () => { location.hash = `doc=${encodeURIComponent(h.id)}`; };
  return el('li', { class: 'hit' },
    el('button', { class: 'hit-title', type: 'button', onclick: open }, h.title || '(sans titre / untitled)'),
    el('div', { class: 'hit-meta' },
      el('span', {}, h.buyer || 'acheteur inconnu'),
      el('span', {}, `CPV ${(h.cpv || []).join(', ') || '—'}`),
      el('span', {}, `date limite / deadline ${h.deadline || '—'}`),
      h.value !== undefined && h.value !== null ? el('span', {}, fmtValue(h.value, h.currency)) : null),
    flags.length ? el('div', { class: 'badges' }, ...flags.map(badge))
      : el('div', { class: 'badges none' }, 'aucun signalement / no flag'),
    ...(h.snippets || []).slice(0, 3).map(s =>
      el('p', { class: 'snippet' }, el('span', { class: 'label' }, s.label || 'clause'), ' ',
        ...(s.highlight ? highlighted(s.highlight) : [s.text || '']))));
}

/* The index's snippet marks matches with <mark>…</mark> and escapes the rest as HTML: rebuild
 * it as DOM nodes (text only, never innerHTML). */
function unescapeHtml(t) {
  return t.replace(/&(lt|gt|quot|#39|apos|amp);/g, (m, e) =>
    ({ lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", amp: '&' })[e]);
}
function highlighted(h) {
  return h.split(/<\/?mark>/).map((part, i) =>
    i % 2 ? el('mark', {}, unescapeHtml(part)) : unescapeHtml(part));
}

/* Facet name -> query field, so that a click narrows the search. */
const FACET_FIELD = { cpv_division: 'cpv', country: 'country', procedure: 'procedure', notice_type: 'type',
  lang: 'lang', label: 'label', rule: 'flag', buyer: 'buyer' };
const FACET_NAME = { cpv_division: 'CPV (division)', country: 'Pays / country', procedure: 'Procédure / procedure',
  notice_type: 'Type d\'avis / notice type', lang: 'Langue / language', label: 'Clauses', rule: 'Règles déclenchées / rules fired',
  buyer: 'Acheteur / buyer' };

function narrow(name, value) {
  const f = FACET_FIELD[name];
  if (!f) return;
  const term = /^[A-Za-z0-9_.-]+$/.test(value) ? `${f}:${value}` : `${f}:"${value.replace(/"/g, '')}"`;
  state.q = state.q ? `${state.q} ${term}` : term;
  $('q').value = state.q;
  state.offset = 0;
  runSearch();
}

function renderFacets(facets) {
  const box = $('facets');
  box.replaceChildren();
  if (!facets) return;
  for (const [name, counts] of Object.entries(facets)) {
    const entries = Object.entries(counts || {}).sort((a, b) => b[1] - a[1]).slice(0, 8);
    if (!entries.length) continue;
    box.append(el('div', { class: 'facet' }, el('h3', {}, FACET_NAME[name] || name),
      el('ul', {}, ...entries.map(([k, n]) => el('li', {},
        FACET_FIELD[name] ? el('button', { type: 'button', class: 'link', title: 'filtrer / filter',
          onclick: () => narrow(name, k) }, k) : k, ` (${n})`)))));
  }
}

/* ---------------- document ---------------- */

function metaRow(k, v) {
  return el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, v === null || v === undefined || v === '' ? '—' : v));
}

/* Byte offsets (UTF-8) into doc.text -> the string of [start, end). */
function sliceBytes(bytes, start, end) {
  return dec.decode(bytes.subarray(Math.max(0, start), Math.max(start, end)));
}

/* Clause text with each flag's evidence span wrapped in <mark> (byte-exact). */
function clauseBody(bytes, c, flags) {
  const spans = flags.filter(f => f.evidence && f.evidence.clause_id === c.id &&
      f.evidence.end > f.evidence.start && f.evidence.start >= c.start && f.evidence.end <= c.end)
    .sort((a, b) => a.evidence.start - b.evidence.start);
  const p = el('p', { class: 'clause-text' });
  let at = c.start;
  for (const f of spans) {
    const s = Math.max(at, f.evidence.start);
    if (s > at) p.append(sliceBytes(bytes, at, s));
    if (f.evidence.end > s) {
      p.append(el('mark', { class: `sev-${f.severity || 'low'}`, id: `ev-${f.id}`,
        title: `${f.rule_id || f.model_id} — ${f.explanation_en || ''}` }, sliceBytes(bytes, s, f.evidence.end)));
      at = f.evidence.end;
    }
  }
  if (at < c.end) p.append(sliceBytes(bytes, at, c.end));
  return p;
}

function kvTable(obj) {
  const rows = Object.entries(obj || {});
  if (!rows.length) return el('span', { class: 'muted' }, 'aucun / none');
  return el('table', { class: 'kv' }, ...rows.map(([k, v]) =>
    el('tr', {}, el('th', {}, k), el('td', {}, typeof v === 'object' ? JSON.stringify(v) : String(v)))));
}

function inputsTable(inputs) {
  if (!inputs || !inputs.length) return el('span', { class: 'muted' }, 'aucune / none');
  return el('table', { class: 'kv' }, ...inputs.map(i => {
    const src = i.source ? Object.entries(i.source).map(([k, v]) => `${k}=${v}`).join(' ') : '';
    return el('tr', {}, el('th', {}, i.name || '?'),
      el('td', {}, typeof i.value === 'object' ? JSON.stringify(i.value) : String(i.value)),
      el('td', { class: 'muted' }, src));
  }));
}

function flagCard(f) {
  const ev = f.evidence || {};
  const who = f.rule_id ? `règle / rule ${f.rule_id} v${f.rule_version || '?'}`
    : `modèle / model ${f.model_id || '?'} (sha256 ${(f.model_sha256 || '').slice(0, 12)}…)`;
  const goto = ev.clause_id ? el('button', { type: 'button', class: 'link', onclick: () => {
    const m = document.getElementById(`ev-${f.id}`) || document.getElementById(`cl-${ev.clause_id}`);
    if (m) { m.scrollIntoView({ behavior: 'smooth', block: 'center' }); m.classList.add('pulse'); setTimeout(() => m.classList.remove('pulse'), 1500); }
  } }, 'voir dans le texte / show in text') : null;
  return el('article', { class: `flag sev-${f.severity || 'low'}` },
    el('h4', {}, badge(f), ' ', who),
    f.explanation ? el('p', { class: 'expl' }, f.explanation) : null,
    f.explanation_en && f.explanation_en !== f.explanation ? el('p', { class: 'expl en' }, f.explanation_en) : null,
    el('dl', {},
      el('dt', {}, 'Base légale / legal basis'), el('dd', {}, f.legal_basis || '—'),
      el('dt', {}, 'Preuve / evidence'), el('dd', {},
        ev.clause_id ? `clause ${ev.clause_id}` : (ev.field ? `champ / field ${ev.field}` : '—'),
        ` · octets / bytes ${ev.start}–${ev.end}`, ev.page ? ` · page ${ev.page}` : '',
        ev.excerpt ? el('q', { class: 'excerpt' }, ev.excerpt) : null, goto),
      el('dt', {}, 'Entrées / inputs'), el('dd', {}, inputsTable(f.inputs)),
      el('dt', {}, 'Seuils / thresholds'), el('dd', {}, kvTable(f.thresholds)),
      el('dt', {}, 'Identifiant / flag id'), el('dd', { class: 'mono' }, f.id || '—')),
    f.id ? reviewBlock(f) : null);
}

/* ---------------- review ---------------- */

const STATUS_LABEL = { open: 'ouvert / open', confirmed: 'confirmé / confirmed', dismissed: 'écarté / dismissed',
  contested: 'contesté / contested' };

function statusBadge(review) {
  const st = (review && review.status) || 'open';
  return el('span', { class: `status st-${st}`, title: review && review.reason ? review.reason : '' },
    STATUS_LABEL[st] || st);
}

function historyList(hist) {
  if (!hist || !hist.length) return el('p', { class: 'muted' }, 'Jamais revu / never reviewed.');
  return el('ol', { class: 'history' }, ...hist.map(h => el('li', {},
    `${h.at || '?'} · ${h.who || '?'}${h.role ? ` (${h.role})` : ''} · `, statusBadge(h), ` — ${h.reason || ''}`)));
}

/* Status, reason (mandatory), send; history on demand. */
function reviewBlock(f) {
  const current = el('span', {}, statusBadge(f.review));
  const out = el('span', { class: 'muted', role: 'status' });
  const sel = el('select', { 'aria-label': 'statut / status' },
    ...['confirmed', 'dismissed', 'contested', 'open'].map(v => el('option', { value: v }, STATUS_LABEL[v])));
  sel.value = 'confirmed';
  const reason = el('textarea', { 'aria-label': 'motif / reason', maxlength: 2000, required: true,
    placeholder: 'Motif (obligatoire) / reason (required)' });
  const hist = el('div', { class: 'history-box' });
  const form = el('form', { class: 'review', onsubmit: ev => { ev.preventDefault(); submitReview(f, sel, reason, out, current); } },
    el('strong', {}, 'Revue / review '), current, sel, reason, el('button', { type: 'submit' }, 'Enregistrer / record'),
    el('button', { type: 'button', class: 'link', onclick: () => loadHistory(f.id, hist) }, 'historique / history'), out);
  return el('div', {}, form, hist);
}

async function submitReview(f, sel, reasonEl, out, current) {
  const reason = (reasonEl.value || '').trim();
  out.className = 'error';
  if (!reason) { out.textContent = 'Motif obligatoire / a reason is required'; return; }
  if (!getToken()) { out.textContent = 'Collez d\'abord un jeton de relecteur / paste a reviewer token first'; return; }
  out.className = 'muted';
  out.textContent = 'envoi… / sending…';
  try {
    const e = await api(`/api/v1/flags/${encodeURIComponent(f.id)}/review`, { method: 'POST',
      body: { status: sel.value, reason } });
    out.className = 'ok';
    out.textContent = `enregistré / recorded (journal n° ${e.seq})`;
    current.replaceChildren(statusBadge({ status: e.status, reason: e.reason }));
    reasonEl.value = '';
  } catch (err) {
    out.className = 'error';
    out.textContent = err.message;
  }
}

async function loadHistory(id, box) {
  box.replaceChildren(el('p', { class: 'muted' }, 'Chargement… / loading…'));
  try {
    const f = await api(`/api/v1/flags/${encodeURIComponent(id)}`);
    box.replaceChildren(historyList(f.history));
  } catch (e) {
    box.replaceChildren(el('p', { class: 'error' }, e.message));
  }
}

/* ---------------- flags page ---------------- */

function flagParams() {
  const p = new URLSearchParams({ offset: state.foffset, limit: FLAG_PAGE });
  for (const [id, name] of [['f-rule', 'rule'], ['f-status', 'status'], ['f-severity', 'severity'], ['f-buyer', 'buyer'],
    ['f-country', 'country'], ['f-from', 'from'], ['f-to', 'to'], ['f-q', 'q']]) {
    const v = ($(id) && $(id).value || '').trim();
    if (v) p.set(name, v);
  }
  return p;
}

function renderFlagItem(f) {
  const d = f.doc || {};
  return el('li', { class: 'hit' },
    el('div', { class: 'badges' }, badge(f), statusBadge(f.review)),
    el('button', { class: 'hit-title', type: 'button', onclick: () => { location.hash = `doc=${encodeURIComponent(d.id)}`; } },
      d.title || '(sans titre / untitled)'),
    el('div', { class: 'hit-meta' }, el('span', {}, d.buyer || 'acheteur inconnu'), el('span', {}, d.country || ''),
      el('span', {}, `publié / published ${d.dispatch_date || '—'}`)),
    f.excerpt ? el('q', { class: 'excerpt' }, f.excerpt) : null,
    f.explanation ? el('p', { class: 'expl' }, f.explanation) : null);
}

async function runFlags() {
  showMessage('');
  let res;
  try {
    res = await api(`/api/v1/flags?${flagParams()}`);
  } catch (e) {
    showMessage(`Liste impossible / cannot list flags — ${e.message}`);
    $('flaglist').replaceChildren();
    $('flagsummary').textContent = '';
    return;
  }
  state.ftotal = res.total || 0;
  $('flagsummary').textContent = `${state.ftotal} signalement(s) / flag(s)`;
  $('flaglist').replaceChildren(...(res.hits || []).map(renderFlagItem));
  const page = Math.floor(state.foffset / FLAG_PAGE) + 1;
  $('fpage').textContent = `page ${page} / ${Math.max(1, Math.ceil(state.ftotal / FLAG_PAGE))}`;
  $('fprev').disabled = state.foffset === 0;
  $('fnext').disabled = state.foffset + FLAG_PAGE >= state.ftotal;
}

function showView(v) {
  state.view = v;
  $('results').hidden = v !== 'search';
  $('flagsview').hidden = v !== 'flags';
}

const OUTCOME = { no_flag: 'non déclenchée / did not fire', missing_data: 'données manquantes / missing data',
  not_applicable: 'non applicable / not applicable' };

async function showDoc(id) {
  const box = $('doc');
  box.hidden = false;
  box.replaceChildren(el('p', { class: 'muted' }, 'Chargement… / loading…'));
  let d;
  try {
    d = await api(`/api/v1/documents/${encodeURIComponent(id)}`);
  } catch (e) {
    box.replaceChildren(el('p', { class: 'error' }, `Document introuvable / not found — ${e.message}`));
    return;
  }
  const bytes = enc.encode(d.text || '');
  const all = d.flags || [];
  const fired = all.filter(f => f.outcome === 'flag');
  const others = all.filter(f => f.outcome !== 'flag');
  const close = el('button', { type: 'button', class: 'close',
    onclick: () => { location.hash = state.view === 'flags' ? 'flags' : ''; } }, '× fermer / close');
  box.replaceChildren(
    close,
    el('h2', {}, d.title || '(sans titre / untitled)'),
    el('table', { class: 'meta' },
      metaRow('Acheteur / buyer', d.buyer), metaRow('Pays / country', d.country),
      metaRow('Avis / notice', d.notice_id), metaRow('Type', [d.notice_type, d.notice_subtype].filter(Boolean).join(' ')),
      metaRow('Procédure / procedure', d.procedure), metaRow('Nature', d.contract_nature),
      metaRow('Envoi / dispatch', d.dispatch_date),
      metaRow('Date limite / deadline', [d.deadline, d.deadline_time].filter(Boolean).join(' ')),
      metaRow('Valeur estimée / value', fmtValue(d.value, d.currency)),
      metaRow('CPV', (d.cpv || []).join(', ')), metaRow('Langue / language', d.lang),
      metaRow('Source', `${d.source || '—'} (${d.format || '?'})`),
      metaRow('Identifiant / id', el('span', { class: 'mono' }, d.id))),
    el('h3', {}, `Signalements / flags (${fired.length})`),
    fired.length ? el('div', { class: 'flags' }, ...fired.map(flagCard))
      : el('p', { class: 'muted' }, 'Aucune règle déclenchée / no rule fired.'),
    others.length ? el('details', { class: 'notfired' },
      el('summary', {}, `Règles non déclenchées / rules that did not fire (${others.length})`),
      el('ul', {}, ...others.map(f => el('li', {},
        el('span', { class: 'mono' }, `${f.rule_id || f.model_id} v${f.rule_version || '?'}`), ' — ',
        OUTCOME[f.outcome] || f.outcome, f.reason ? ` : ${f.reason}` : '')))) : null,
    el('h3', {}, `Clauses (${(d.clauses || []).length})`),
    el('ol', { class: 'clauses' }, ...(d.clauses || []).map(c => {
      const cf = fired.filter(f => f.evidence && f.evidence.clause_id === c.id);
      return el('li', { class: cf.length ? 'clause flagged' : 'clause', id: `cl-${c.id}` },
        el('div', { class: 'clause-head' },
          el('span', { class: 'label' }, c.label || 'sans étiquette / unlabelled'),
          el('span', { class: c.low_conf ? 'prob low' : 'prob', title: c.low_conf ? 'confiance faible / low confidence' : '' },
            `p = ${fmtProb(c.prob)}${c.low_conf ? ' ⚠' : ''}`),
          c.number ? el('span', {}, `n° ${c.number}`) : null,
          c.heading ? el('span', { class: 'muted' }, c.heading) : null,
          el('span', { class: 'mono muted' }, c.id),
          ...cf.map(badge)),
        clauseBody(bytes, c, cf),
        (c.notes || []).length ? el('ul', { class: 'history' }, ...c.notes.map(n =>
          el('li', {}, `note · ${n.at || '?'} · ${n.who || '?'} — ${n.note || ''}`))) : null);
    })));
  box.scrollTop = 0;
}

/* ---------------- wiring ---------------- */

function route() {
  const h = location.hash.replace(/^#/, '');
  const m = /^doc=(.+)$/.exec(h);
  if (m) { showDoc(decodeURIComponent(m[1])); return; }
  $('doc').hidden = true;
  $('doc').replaceChildren();
  if (h === 'flags') { showView('flags'); runFlags(); } else showView('search');
}

async function health() {
  try {
    const h = await api('/healthz');
    $('health').textContent = h.index === 'ready'
      ? `${h.notices} avis, ${h.clauses} clauses indexés · v${h.version}`
      : `index indisponible / index not available: ${h.message || h.index}`;
  } catch (e) { $('health').textContent = e.message; }
}

document.addEventListener('DOMContentLoaded', () => {
  $('search').addEventListener('submit', ev => {
    ev.preventDefault();
    state.q = $('q').value.trim();
    state.flagged = $('flagged').checked;
    state.offset = 0;
    runSearch();
  });
  $('prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); runSearch(); });
  $('next').addEventListener('click', () => { state.offset += PAGE; runSearch(); });
  $('flagfilters').addEventListener('submit', ev => { ev.preventDefault(); state.foffset = 0; runFlags(); });
  $('fprev').addEventListener('click', () => { state.foffset = Math.max(0, state.foffset - FLAG_PAGE); runFlags(); });
  $('fnext').addEventListener('click', () => { state.foffset += FLAG_PAGE; runFlags(); });
  $('tokenform').addEventListener('submit', ev => {
    ev.preventDefault();
    setToken(($('token').value || '').trim());
    $('token').value = '';
    health();
    /* a server with closed reads answered 401 before: ask again with the token */
    if (state.view === 'flags') runFlags(); else runSearch();
  });
  $('forget').addEventListener('click', () => setToken(''));
  showTokenState();
  window.addEventListener('hashchange', route);
  health();
  runSearch();
  route();
});
