#!/usr/bin/env node
// check_openapi.js: docs/openapi.yaml is a valid OpenAPI 3 document AND matches the server.
//
//   node check_openapi.js SPEC API_BIN FIXTURE_BIN UI_DIR CATALOGUE_DIR
//
// Builds a real Xapian database with api_fixture_db, starts the real vigie-api on port 0, then
// for every GET path of the spec calls the server (ids taken from the fixture) and checks that
// the status it answers is documented for that path and that a 200 JSON body has the required
// top-level properties of the documented schema; every POST/DELETE operation is called without
// a token and must answer a documented status (401). Compares the route table the server
// dispatches on (`vigie-api --routes`) with the spec's operations, both ways, and checks that
// every endpoint the server lists at /api/v1/ is in the spec. Prints "N passed, M failed".
'use strict';
const SwaggerParser = require('@apidevtools/swagger-parser');
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [spec, apiBin, fixtureBin, uiDir, catalogue] = process.argv.slice(2);
let passed = 0, failed = 0;
function check(cond, msg) {
  if (cond) { passed++; console.log('ok   ' + msg); } else { failed++; console.log('FAIL ' + msg); }
}

function startApi(db) {
  return new Promise((resolve, reject) => {
    const p = spawn(apiBin, ['--db', db, '--port', '0', '--ui', uiDir, '--catalogue', catalogue],
                    { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    const timer = setTimeout(() => { p.kill(); reject(new Error('vigie-api did not start')); }, 20000);
    p.stdout.on('data', (d) => {
      buf += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(buf);
      if (m) { clearTimeout(timer); resolve({ proc: p, base: m[1] }); }
    });
    p.on('exit', (c) => { clearTimeout(timer); reject(new Error('vigie-api exited ' + c)); });
  });
}

async function main() {
  const api = await SwaggerParser.validate(spec);   // throws on an invalid document
  check(api.openapi.startsWith('3.'), `${spec} is a valid OpenAPI ${api.openapi} document`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-openapi-'));
  const db = path.join(tmp, 'index');
  const man = JSON.parse(execFileSync(fixtureBin, [db]).toString());
  const doc = man[0].id, clause = man[0].clauses[0], flag = man[0].flags[0];
  // the route table the server dispatches on, against the spec's operations (both ways)
  const routes = JSON.parse(execFileSync(apiBin, ['--routes']).toString());
  const served = new Set(routes.map((r) => `${r.method} ${r.path}`));
  const documented = new Set();
  for (const [p, item] of Object.entries(api.paths))
    for (const m of ['get', 'post', 'delete', 'put', 'patch']) if (item[m]) documented.add(`${m.toUpperCase()} ${p}`);
  for (const r of served) check(documented.has(r), `served route ${r} is in the spec`);
  for (const d of documented) check(served.has(d), `spec operation ${d} is served`);
  const { proc, base } = await startApi(db);
  try {
    for (const [p, item] of Object.entries(api.paths)) {
      if (!item.get) continue;
      let url = p.replace('{file}', 'app.js');
      url = url.startsWith('/api/v1/clauses/') ? url.replace('{id}', clause)
        : url.startsWith('/api/v1/flags/') ? url.replace('{id}', flag) : url.replace('{id}', doc);
      if (p === '/api/v1/search') url += '?q=travaux';
      const r = await fetch(base + url);
      const documented = Object.keys(item.get.responses || {});
      check(documented.includes(String(r.status)), `GET ${p} -> ${r.status} is documented (${documented.join(',')})`);
      const ctype = r.headers.get('content-type') || '';
      if (r.status === 200 && ctype.includes('json')) {
        const body = await r.json();
        const schema = (((item.get.responses['200'] || {}).content || {})['application/json'] || {}).schema || {};
        const missing = (schema.required || []).filter((k) => !(k in body));
        check(missing.length === 0, `GET ${p}: body has the documented required properties ${missing.length ? 'missing ' + missing : ''}`);
      }
    }
    // writes and admin routes without a token: a documented refusal
    for (const [p, item] of Object.entries(api.paths)) {
      for (const m of ['post', 'delete']) {
        if (!item[m]) continue;
        const url = p.replace('{id}', p.startsWith('/api/v1/clauses/') ? clause : p.startsWith('/api/v1/flags/') ? flag : 'abc');
        const r = await fetch(base + url, { method: m.toUpperCase(), body: m === 'post' ? '{}' : undefined,
          headers: m === 'post' ? { 'Content-Type': 'application/json' } : {} });
        const codes = Object.keys(item[m].responses || {});
        check(codes.includes(String(r.status)), `${m.toUpperCase()} ${p} without a token -> ${r.status} is documented (${codes.join(',')})`);
        check(!item[m].security || item[m].security.some((s) => 'bearerAuth' in s), `${m.toUpperCase()} ${p} declares bearerAuth`);
      }
    }
    const v = await (await fetch(base + '/api/v1/')).json();
    for (const e of v.endpoints || []) {
      const [method, route] = e.split(' ');
      check(route in api.paths && api.paths[route][method.toLowerCase()], `server endpoint ${e} is in the spec`);
    }
  } finally {
    proc.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
main().catch((e) => { console.log('FAIL ' + e.message); console.log(`${passed} passed, ${failed + 1} failed`); process.exit(1); });
