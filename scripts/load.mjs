// Load harness (`make load`): simulated greffiers run a hearing day against real Greffe
// servers, (a) one instance on a SQLite file, (b) two instances on one PostgreSQL database
// behind a client-side load balancer, one of them killed with SIGKILL mid-way and restarted.
// It prints throughput and p50/p95/p99 per action and errors by status, then checks that
// every acknowledged write is in the database exactly once and that `greffe stats` equals a
// recount. Figures only: nothing here asserts on time. It exits non-zero on a 5xx, a lost or
// duplicated write, or figures that differ from a recount.
//
// Settings (environment): LOAD_GREFFIERS (32), LOAD_SECONDS (60), LOAD_TARGETS
// (sqlite,postgres), LOAD_THINK_MS (pause between a greffier's actions, 1000),
// PG_URL (postgres://postgres@127.0.0.1:5432/postgres), GREFFE_BIN (target/release/greffe).

import { spawn, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const GREFFIERS = Number(process.env.LOAD_GREFFIERS || 32);
const SECONDS = Number(process.env.LOAD_SECONDS || 60);
const THINK_MS = Number(process.env.LOAD_THINK_MS || 1000);
const TARGETS = (process.env.LOAD_TARGETS || 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
const PG_URL = process.env.PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const BIN = path.resolve(process.env.GREFFE_BIN || 'target/release/greffe');
const PASSWORD = 'greffe-demo-2026';
const AFFAIRES_PER_ROLE = 20;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const jitter = (ms) => sleep(ms * (0.5 + Math.random()));
const isoDay = (d) => d.toISOString().slice(0, 10);
const addDays = (d, n) => new Date(d.getTime() + n * 86400000);

// ------------------------------------------------------------------ servers

class Instance {
  constructor(name, dbUrl, port, logDir) {
    Object.assign(this, { name, dbUrl, port, logDir, proc: null });
    this.base = `http://127.0.0.1:${port}`;
  }

  env() {
    return { ...process.env, GREFFE_DATABASE_URL: this.dbUrl, GREFFE_LISTEN: `127.0.0.1:${this.port}`, GREFFE_LOG: 'warn' };
  }

  start() {
    const log = fs.openSync(path.join(this.logDir, `${this.name}.log`), 'a');
    this.proc = spawn(BIN, ['serve'], { env: this.env(), stdio: ['ignore', log, log] });
    this.proc.on('exit', () => { this.proc = null; });
  }

  async healthy(timeoutMs = 120000) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      try {
        const r = await fetch(`${this.base}/healthz`);
        if (r.ok) return;
      } catch { /* not up yet */ }
      await sleep(200);
    }
    throw new Error(`${this.name} did not answer /healthz`);
  }

  kill9() {
    if (this.proc) this.proc.kill('SIGKILL');
  }

  async stop() {
    if (!this.proc) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGTERM');
    await Promise.race([exited, sleep(15000)]);
    if (this.proc) this.proc.kill('SIGKILL');
  }
}

function greffe(args, dbUrl) {
  return execFileSync(BIN, args, {
    env: { ...process.env, GREFFE_DATABASE_URL: dbUrl, GREFFE_LOG: 'warn' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

// ------------------------------------------------------------------ measures

class Stats {
  constructor() {
    this.actions = new Map();
  }

  record(action, ms, status) {
    let a = this.actions.get(action);
    if (!a) this.actions.set(action, (a = { times: [], statuses: new Map() }));
    a.times.push(ms);
    a.statuses.set(status, (a.statuses.get(status) || 0) + 1);
  }

  count5xx() {
    let n = 0;
    for (const a of this.actions.values()) for (const [s, c] of a.statuses) if (typeof s === 'number' && s >= 500) n += c;
    return n;
  }

  print(seconds) {
    const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
    const rows = [['action', 'n', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'statuses']];
    for (const [name, a] of [...this.actions.entries()].sort()) {
      const t = [...a.times].sort((x, y) => x - y);
      const statuses = [...a.statuses.entries()].sort().map(([s, c]) => `${s}:${c}`).join(' ');
      rows.push([name, t.length, (t.length / seconds).toFixed(1), pct(t, 50).toFixed(1), pct(t, 95).toFixed(1),
        pct(t, 99).toFixed(1), (t[t.length - 1] || 0).toFixed(1), statuses]);
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
    for (const r of rows) console.log('  ' + r.map((c, i) => (i === 0 || i === 7 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  '));
  }
}

// ------------------------------------------------------------------ client

/** One browser session, sent to the instances in turn (a load balancer), failing over to the
 * next instance when one does not answer. */
class Client {
  constructor(instances, stats) {
    Object.assign(this, { instances, stats, cookie: null, turn: Math.floor(Math.random() * instances.length) });
  }

  async request(action, pathname, init, expectJson = true) {
    for (let tries = 0; tries < this.instances.length; tries++) {
      const inst = this.instances[this.turn++ % this.instances.length];
      const headers = { ...(init.headers || {}) };
      if (this.cookie) headers.cookie = this.cookie;
      const started = performance.now();
      let res;
      try {
        res = await fetch(inst.base + pathname, { ...init, headers, redirect: 'manual' });
      } catch {
        this.stats.record(action, performance.now() - started, 'réseau');
        continue;
      }
      let body;
      try {
        body = await res.text();
      } catch {
        this.stats.record(action, performance.now() - started, 'réseau');
        continue;
      }
      this.stats.record(action, performance.now() - started, res.status);
      const set = res.headers.get('set-cookie');
      if (set && set.startsWith('greffe_session=')) this.cookie = set.split(';')[0];
      let value = body;
      if (expectJson && body) {
        try { value = JSON.parse(body); } catch { /* not JSON */ }
      }
      return { status: res.status, ok: res.ok, value };
    }
    return { status: 'réseau', ok: false, value: null };
  }

  call(action, endpoint, args) {
    return this.request(action, `/api/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
  }

  async login(email) {
    const body = new URLSearchParams({ email, password: PASSWORD, suivant: '/' });
    await this.request('connexion', '/api/connexion', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    }, false);
    if (!this.cookie) throw new Error(`login failed for ${email}`);
  }
}

// ------------------------------------------------------------------ what was acknowledged

class Ledger {
  constructor() {
    this.notes = [];      // { affaire, version, texte }
    this.decisions = [];  // { affaire, prevenu }
    this.renvois = [];    // { affaire }
    this.imports = [];    // { audience, affaires }
    this.pourvois = [];   // { id }
    this.pieces = [];     // { pourvoi, id }
    this.mutations = [];  // { affaire, version, texte } (offline notes)
  }

  get total() {
    return this.notes.length + this.decisions.length + this.renvois.length + this.imports.length
      + this.pourvois.length + this.pieces.length + this.mutations.length;
  }
}

// ------------------------------------------------------------------ simulated people

function roleCsv(prefix, n) {
  let s = 'numero_parquet;rang;nom;prenom;date_naissance;statut;mode_poursuite;mode_comparution;natinf;qualification;date_faits\n';
  for (let i = 1; i <= n; i++) {
    s += `${prefix}/${String(i).padStart(5, '0')};${i};NOM${i};Prénom;01/02/1990;${i % 7 === 0 ? 'detenu' : 'libre'};COPJ;CMP;11886;;01/03/2026\n`;
  }
  return s;
}

function relaxe(affaire) {
  return {
    preventions: affaire.prevenus[0].infractions.map((i) => [i.id, { type: 'relaxe' }]),
    sanction: null, peines: [], mandat_de_depot: false, execution_provisoire: false, interets_civils: [], nature: 'C',
  };
}

let serial = 0;

/** A greffier d'audience: opens an audience, imports its rôle, then for each affaire types the
 * note in a few saves and records a decision or a renvoi; a new audience when the rôle is done. */
async function greffierAudience(c, ledger, deadline, k) {
  const who = k % 2 ? 'strasbourg' : 'lyon';
  await c.login(`greffier.${who}@demo.greffe.fr`);
  while (Date.now() < deadline) {
    const n = ++serial;
    const date = isoDay(addDays(new Date(), 30 + (n % 300)));
    const form = {
      date, heure_debut: '13:30', chambre: `Chambre de charge ${n}`, formation: 'juge_unique',
      president: 'Mme Présidente', assesseurs: '', ministere_public: 'M. Procureur', greffier: 'Mme Greffière',
      prevues: '20', maximum: '40', duree_estimee_min: '240',
    };
    const created = await c.call('audience_creer', 'audience_creer', { form });
    if (!created.ok) { await jitter(THINK_MS); continue; }
    const audience = created.value;
    const prefix = `L${process.pid % 100}${n}`;
    const imp = await c.call('role_importer', 'role_importer', {
      audience_id: audience, format: 'csv', contenu: roleCsv(prefix, AFFAIRES_PER_ROLE), confirmer: true,
    });
    if (!imp.ok) continue;
    ledger.imports.push({ who, audience, prefix, affaires: AFFAIRES_PER_ROLE });
    const opened = await c.call('audience (lecture)', 'audience', { id: audience });
    if (!opened.ok) continue;
    for (const line of opened.value.affaires) {
      if (Date.now() >= deadline) return;
      const got = await c.call('affaire (lecture)', 'affaire', { id: line.id });
      if (!got.ok) continue;
      let affaire = got.value;
      let base = 0;
      for (let s = 1; s <= 3; s++) {
        await jitter(THINK_MS);
        const texte = `Appel de la cause ${affaire.numero_parquet}. Saisie ${s}.`;
        const saved = await c.call('note_enregistrer', 'note_enregistrer', { affaire_id: affaire.id, base, texte });
        if (saved.ok) {
          base = saved.value;
          ledger.notes.push({ who, affaire: affaire.id, version: base, texte });
        }
      }
      await jitter(THINK_MS);
      if (Math.random() < 0.2) {
        const renvoi = { motif: 'absence avis JAP', nouvelle_date: isoDay(addDays(new Date(date), 30 + (n % 60))), mesure: 'aucune', observations: '' };
        const r = await c.call('renvoi_enregistrer', 'renvoi_enregistrer', { affaire_id: affaire.id, version: affaire.version, renvoi });
        if (r.ok) ledger.renvois.push({ who, affaire: affaire.id });
      } else {
        const r = await c.call('decision_enregistrer', 'decision_enregistrer', {
          affaire_id: affaire.id, version: affaire.version, prevenu_id: affaire.prevenus[0].id, decision: relaxe(affaire),
        });
        if (r.ok) ledger.decisions.push({ who, affaire: affaire.id, prevenu: affaire.prevenus[0].id });
      }
      if (Math.random() < 0.2) await c.call('audience (lecture)', 'audience', { id: audience });
    }
  }
}

function pdf(tag) {
  return Buffer.from(`%PDF-1.7\n% ${tag}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);
}

/** A greffier of the Cour de cassation: registers pourvois and files their pièces, searches. */
async function greffierCassation(c, ledger, deadline) {
  await c.login('greffier.cassation@demo.greffe.fr');
  const mine = [];
  const today = new Date();
  while (Date.now() < deadline) {
    if (mine.length === 0 || Math.random() < 0.2) {
      const n = ++serial;
      const yy = String(today.getUTCFullYear() % 100).padStart(2, '0');
      const numero = `${yy}-${String(10 + (process.pid % 80)).padStart(2, '0')}.${String(n).padStart(3, '0')}`;
      const form = {
        numero, matiere: 'civil', date_pourvoi: isoDay(today), decision_juridiction: "Cour d'appel de Lyon",
        decision_date: isoDay(addDays(today, -30)), decision_numero: `24/${n}`, demandeur: `M. Albert MARTIN ${n}`,
        defendeur: 'Mme Berthe DURAND', avocats: 'SCP Exemple', detenu: false,
      };
      const r = await c.call('pourvoi_enregistrer', 'pourvoi_enregistrer', { form });
      if (r.ok) { mine.push(r.value); ledger.pourvois.push({ who: 'cassation', id: r.value }); }
    } else {
      const pourvoi = mine[Math.floor(Math.random() * mine.length)];
      const fd = new FormData();
      fd.set('nature', Math.random() < 0.5 ? 'memoire_ampliatif' : 'autre');
      fd.set('date_piece', isoDay(today));
      fd.set('deposant', 'SCP Exemple');
      fd.set('fichier', new Blob([pdf(randomUUID())], { type: 'application/pdf' }), 'piece.pdf');
      const r = await c.request('piece (dépôt)', `/pourvois/${pourvoi}/pieces`, { method: 'POST', body: fd }, false);
      if (r.status === 201) ledger.pieces.push({ who: 'cassation', pourvoi, id: r.value });
    }
    await jitter(THINK_MS);
    await c.call('pourvois_recherche', 'pourvois_recherche', { criteres: { q: 'MARTIN' } });
    await jitter(THINK_MS);
  }
}

/** A DSGJ: reads the dashboard and its indicators. */
async function dsgj(c, deadline, k) {
  await c.login(k % 2 ? 'dsgj.strasbourg@demo.greffe.fr' : 'dsgj.lyon@demo.greffe.fr');
  const indicators = ['affaires', 'decisions', 'renvois', 'delai_jugement'];
  let i = 0;
  while (Date.now() < deadline) {
    await c.call('tableau_de_bord', 'tableau_de_bord', { filtres: { indicateur: indicators[i++ % indicators.length] } });
    await jitter(THINK_MS);
  }
}

/** 300 note versions typed offline on one audience, then sent back (3 requests of 100). */
async function resync(c, ledger) {
  await c.login('greffier.lyon@demo.greffe.fr');
  const n = ++serial;
  const date = isoDay(addDays(new Date(), 400 + (n % 300)));
  const form = {
    date, heure_debut: '09:00', chambre: `Chambre hors ligne ${n}`, formation: 'juge_unique', president: 'Mme P',
    assesseurs: '', ministere_public: 'M. P', greffier: 'Mme G', prevues: '20', maximum: '200', duree_estimee_min: '240',
  };
  const audience = (await c.call('audience_creer', 'audience_creer', { form })).value;
  await c.call('role_importer', 'role_importer', { audience_id: audience, format: 'csv', contenu: roleCsv(`H${n}`, 100), confirmer: true });
  const taken = await c.call('audience_hors_ligne', 'audience_hors_ligne', { id: audience });
  if (!taken.ok) return null;
  const mutations = [];
  for (let v = 0; v < 3; v++) {
    for (const a of taken.value.affaires) {
      mutations.push({
        id: randomUUID(), audience_id: audience, affaire_id: a.id, cree_le: '03/12/2026 10:00:00',
        op: { type: 'note', base: v, texte: `Hors ligne ${a.numero_parquet} v${v + 1}` }, envoyee: true,
      });
    }
  }
  const started = performance.now();
  for (let i = 0; i < mutations.length; i += 100) {
    const batch = mutations.slice(i, i + 100);
    const r = await c.call('synchroniser (100)', 'synchroniser', { mutations: batch });
    if (r.ok && !r.value.refused) {
      for (const m of batch) ledger.mutations.push({ who: 'lyon', affaire: m.affaire_id, version: m.op.base + 1, texte: m.op.texte });
    }
  }
  return performance.now() - started;
}

// ------------------------------------------------------------------ verification

/** Reads back every acknowledged write, each with a greffier of its juridiction (`as(who)`). */
async function verify(as, ledger) {
  const problems = [];
  // Notes (typed online and resynchronised): each acknowledged version once, with its text.
  const byAffaire = new Map();
  for (const n of [...ledger.notes, ...ledger.mutations]) {
    if (!byAffaire.has(n.affaire)) byAffaire.set(n.affaire, []);
    byAffaire.get(n.affaire).push(n);
  }
  for (const [affaire, acked] of byAffaire) {
    const h = await (await as(acked[0].who)).call('vérification', 'note_historique', { affaire_id: affaire });
    if (!h.ok) { problems.push(`notes of ${affaire}: ${h.status}`); continue; }
    for (const n of acked) {
      const found = h.value.filter((v) => v.version === n.version);
      if (found.length !== 1 || found[0].texte !== n.texte) problems.push(`note ${affaire} v${n.version}: found ${found.length}`);
    }
  }
  for (const d of ledger.decisions) {
    const a = await (await as(d.who)).call('vérification', 'affaire', { id: d.affaire });
    const p = a.ok && a.value.prevenus.find((x) => x.id === d.prevenu);
    if (!p || !p.decision) problems.push(`decision ${d.affaire}: missing`);
  }
  for (const r of ledger.renvois) {
    const a = await (await as(r.who)).call('vérification', 'affaire', { id: r.affaire });
    if (!a.ok || a.value.etat !== 'Renvoyee') problems.push(`renvoi ${r.affaire}: ${a.ok ? a.value.etat : a.status}`);
  }
  // Each imported line once (renvois from other audiences may join the same rôle).
  for (const i of ledger.imports) {
    const a = await (await as(i.who)).call('vérification', 'audience', { id: i.audience });
    const mine = a.ok ? a.value.affaires.filter((x) => x.numero_parquet.startsWith(`${i.prefix}/`)) : [];
    const distinct = new Set(mine.map((x) => x.numero_parquet)).size;
    if (mine.length !== i.affaires || distinct !== i.affaires) problems.push(`import ${i.audience}: ${a.ok ? mine.length : a.status}`);
  }
  const piecesOf = new Map();
  for (const p of ledger.pieces) piecesOf.set(p.pourvoi, [...(piecesOf.get(p.pourvoi) || []), p.id]);
  for (const p of ledger.pourvois) {
    const got = await (await as(p.who)).call('vérification', 'pourvoi', { id: p.id });
    if (!got.ok) { problems.push(`pourvoi ${p.id}: ${got.status}`); continue; }
    for (const id of piecesOf.get(p.id) || []) {
      const n = got.value.pieces.filter((x) => x.id === id).length;
      if (n !== 1) problems.push(`pièce ${id}: found ${n}`);
    }
  }
  return problems;
}

// ------------------------------------------------------------------ one run

async function run(target) {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), `greffe-load-${target}-`));
  let instances;
  let dbUrl;
  if (target === 'sqlite') {
    dbUrl = `sqlite://${path.join(logDir, 'greffe.db')}?mode=rwc`;
    greffe(['seed', '--profile', 'demo'], dbUrl);
    instances = [new Instance('sqlite', dbUrl, 3190, logDir)];
  } else {
    const name = `greffe_load_${process.pid}`;
    execFileSync('psql', [PG_URL, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    execFileSync('psql', [PG_URL, '-qc', `CREATE DATABASE ${name}`]);
    dbUrl = `${PG_URL.replace(/\/[^/]*$/, '')}/${name}`;
    greffe(['seed', '--profile', 'demo'], dbUrl);
    instances = [new Instance('pg-a', dbUrl, 3191, logDir), new Instance('pg-b', dbUrl, 3192, logDir)];
  }
  // Instances start together (they take turns to migrate).
  for (const i of instances) i.start();
  await Promise.all(instances.map((i) => i.healthy()));

  const stats = new Stats();
  const ledger = new Ledger();
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  const people = [];
  const cassation = Math.max(1, Math.round(GREFFIERS / 8));
  const readers = Math.max(1, Math.round(GREFFIERS / 8));
  for (let k = 0; k < GREFFIERS; k++) {
    const c = new Client(instances, stats);
    if (k < cassation) people.push(greffierCassation(c, ledger, deadline));
    else if (k < cassation + readers) people.push(dsgj(c, deadline, k));
    else people.push(greffierAudience(c, ledger, deadline, k));
  }
  // 300 offline edits resynchronised while the others write, a third of the way in.
  const resyncing = sleep(SECONDS * 333).then(() => resync(new Client(instances, stats), ledger));
  // PostgreSQL: one instance killed with SIGKILL half-way, restarted 3 s later.
  let killed = null;
  if (instances.length > 1) {
    killed = sleep(SECONDS * 500).then(async () => {
      instances[1].kill9();
      await sleep(3000);
      instances[1].start();
      await instances[1].healthy();
    });
  }
  const outcomes = await Promise.allSettled([...people, resyncing, ...(killed ? [killed] : [])]);
  const elapsed = (Date.now() - started) / 1000;
  const failed = outcomes.filter((o) => o.status === 'rejected').map((o) => String(o.reason));
  const resyncMs = outcomes[people.length].status === 'fulfilled' ? outcomes[people.length].value : null;

  console.log(`\n== ${target}: ${instances.length} instance(s), ${GREFFIERS} simulated people, ${elapsed.toFixed(0)} s` +
    (killed ? ' (pg-b killed with SIGKILL at half time, restarted)' : ''));
  stats.print(elapsed);
  const writes5xx = stats.count5xx();
  const checkers = new Map();
  const as = async (who) => {
    if (!checkers.has(who)) {
      const c = new Client(instances, new Stats());
      await c.login(`greffier.${who}@demo.greffe.fr`);
      checkers.set(who, c);
    }
    return checkers.get(who);
  };
  const problems = await verify(as, ledger);

  for (const i of instances) await i.stop();
  let statsLine;
  let statsOk = true;
  try {
    statsLine = greffe(['stats'], dbUrl).trim();
  } catch (e) {
    statsOk = false;
    statsLine = `${e.stdout || ''}${e.stderr || ''}`.trim();
  }
  console.log(`  acknowledged writes: ${ledger.total} (notes ${ledger.notes.length}, decisions ${ledger.decisions.length}, ` +
    `renvois ${ledger.renvois.length}, imports ${ledger.imports.length}, pourvois ${ledger.pourvois.length}, ` +
    `pièces ${ledger.pieces.length}, offline edits ${ledger.mutations.length})`);
  console.log(`  found exactly once: ${ledger.total - problems.length}; lost or duplicated: ${problems.length}`);
  for (const p of problems.slice(0, 20)) console.log(`    ${p}`);
  console.log(`  300 offline edits resynchronised in ${resyncMs === null ? 'n/a' : resyncMs.toFixed(0) + ' ms'}`);
  console.log(`  responses >= 500: ${writes5xx}`);
  console.log(`  greffe stats: ${statsLine}`);
  for (const f of failed) console.log(`  simulated person stopped: ${f}`);
  console.log(`  logs: ${logDir}`);
  if (target !== 'sqlite') {
    execFileSync('psql', [PG_URL, '-qc', `DROP DATABASE IF EXISTS greffe_load_${process.pid} WITH (FORCE)`]);
  }
  return writes5xx === 0 && problems.length === 0 && statsOk && failed.length === 0;
}

let ok = true;
for (const t of TARGETS) ok = (await run(t)) && ok;
process.exit(ok ? 0 : 1);
