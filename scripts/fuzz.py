#!/usr/bin/env python3
"""`make fuzz`: schemathesis walks Greffe's OpenAPI contract against a live server on a fresh
SQLite file with the demo data, in four sessions:

  1. anonymous: must change nothing;
  2. a greffier of TJ Strasbourg whose requests carry the ids of Lyon's and the Cour de
     cassation's records (a forged request for another juridiction): must change none of
     their data;
  3. a greffier of TJ Lyon and 4. a greffier of the Cour de cassation, on their own data.

Every session fails on any response >= 500 and on any request that got no answer (a
dropped connection). Prints the number of requests made. The budget (examples per
operation) is FUZZ_EXAMPLES (default 6); GREFFE_BIN names the server (target/debug/greffe).
"""

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "target"
VENV = TARGET / "fuzz-venv"
SCHEMATHESIS = "schemathesis==4.32.5"
PORT = int(os.environ.get("FUZZ_PORT", "3300"))
BASE = f"http://127.0.0.1:{PORT}"
DB = TARGET / "fuzz.db"
LOG = TARGET / "fuzz-server.log"
BIN = Path(os.environ.get("GREFFE_BIN", TARGET / "debug" / "greffe"))
EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "6")
PASSWORD = "greffe-demo-2026"

# Rows that say who tried what, not what the court recorded: sessions, the audit log and
# the login throttle change under any request, by design.
SECURITY_TABLES = {"app_session", "audit_log", "login_throttle"}

# How each table's rows belong to a juridiction (None: shared reference data).
OWNER = {
    "audience": "SELECT t.*, t.juridiction_id AS owner FROM audience t",
    "affaire": "SELECT t.*, t.juridiction_id AS owner FROM affaire t",
    "pourvoi": "SELECT t.*, t.juridiction_id AS owner FROM pourvoi t",
    "seance": "SELECT t.*, t.juridiction_id AS owner FROM seance t",
    "stat_cell": "SELECT t.*, t.juridiction_id AS owner FROM stat_cell t",
    "app_user": "SELECT t.*, t.juridiction_id AS owner FROM app_user t",
    "prevenu": "SELECT t.*, a.juridiction_id AS owner FROM prevenu t JOIN affaire a ON a.id = t.affaire_id",
    "infraction": "SELECT t.*, a.juridiction_id AS owner FROM infraction t JOIN prevenu p ON p.id = t.prevenu_id "
    "JOIN affaire a ON a.id = p.affaire_id",
    "decision": "SELECT t.*, a.juridiction_id AS owner FROM decision t JOIN prevenu p ON p.id = t.prevenu_id "
    "JOIN affaire a ON a.id = p.affaire_id",
    "peine": "SELECT t.*, a.juridiction_id AS owner FROM peine t JOIN decision d ON d.id = t.decision_id "
    "JOIN prevenu p ON p.id = d.prevenu_id JOIN affaire a ON a.id = p.affaire_id",
    "note_audience": "SELECT t.*, a.juridiction_id AS owner FROM note_audience t JOIN affaire a ON a.id = t.affaire_id",
    "partie_civile": "SELECT t.*, a.juridiction_id AS owner FROM partie_civile t JOIN affaire a ON a.id = t.affaire_id",
    "renvoi": "SELECT t.*, a.juridiction_id AS owner FROM renvoi t JOIN affaire a ON a.id = t.affaire_id",
    "mutation": "SELECT t.*, a.juridiction_id AS owner FROM mutation t JOIN affaire a ON a.id = t.affaire_id",
    "visa_notes": "SELECT t.*, a.juridiction_id AS owner FROM visa_notes t JOIN audience a ON a.id = t.audience_id",
    "echeance": "SELECT t.*, p.juridiction_id AS owner FROM echeance t JOIN pourvoi p ON p.id = t.pourvoi_id",
    "evenement": "SELECT t.*, p.juridiction_id AS owner FROM evenement t JOIN pourvoi p ON p.id = t.pourvoi_id",
    "piece": "SELECT t.*, p.juridiction_id AS owner FROM piece t JOIN pourvoi p ON p.id = t.pourvoi_id",
    "affectation": "SELECT t.*, p.juridiction_id AS owner FROM affectation t JOIN pourvoi p ON p.id = t.pourvoi_id",
    "arret": "SELECT t.*, p.juridiction_id AS owner FROM arret t JOIN pourvoi p ON p.id = t.pourvoi_id",
    "suivi": "SELECT t.*, p.juridiction_id AS owner FROM suivi t JOIN pourvoi p ON p.id = t.pourvoi_id",
    "notification_lue": "SELECT t.*, u.juridiction_id AS owner FROM notification_lue t JOIN app_user u ON u.id = t.user_id",
}


def say(msg):
    print(f"==> {msg}", flush=True)


def venv_st():
    st = VENV / "bin" / "st"
    if not st.exists():
        say(f"pip install {SCHEMATHESIS} (in {VENV.relative_to(ROOT)})")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", SCHEMATHESIS], check=True)
    return st


def tables(db):
    return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def digest(except_owner=None):
    """A hash per table of the court's data (all of it, or what `except_owner` does not own)."""
    db = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    out = {}
    for t in tables(db):
        if t in SECURITY_TABLES or t.startswith("sqlite_") or t in ("seaql_migrations", "backfill"):
            continue
        query = OWNER.get(t, f"SELECT t.*, NULL AS owner FROM {t} t")
        rows = db.execute(query).fetchall()
        kept = sorted(repr(r) for r in rows if except_owner is None or r[-1] != except_owner)
        out[t] = (len(kept), hashlib.sha256("\n".join(kept).encode()).hexdigest())
    db.close()
    return out


def changed(before, after):
    return [t for t in sorted(set(before) | set(after)) if before.get(t) != after.get(t)]


def juridiction(code):
    db = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    (jid,) = db.execute("SELECT id FROM juridiction WHERE code = ?", (code,)).fetchone()
    db.close()
    return jid


def foreign_ids(owners):
    """Ids of records of juridictions `owners`, for the forged requests."""
    db = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    marks = ",".join("?" * len(owners))
    ids = {}
    for key, query in {
        "audience": f"SELECT id FROM audience WHERE juridiction_id IN ({marks})",
        "affaire": f"SELECT id FROM affaire WHERE juridiction_id IN ({marks})",
        "pourvoi": f"SELECT id FROM pourvoi WHERE juridiction_id IN ({marks})",
        "prevenu": f"SELECT p.id FROM prevenu p JOIN affaire a ON a.id = p.affaire_id WHERE a.juridiction_id IN ({marks})",
        "infraction": f"SELECT i.id FROM infraction i JOIN prevenu p ON p.id = i.prevenu_id "
        f"JOIN affaire a ON a.id = p.affaire_id WHERE a.juridiction_id IN ({marks})",
        "user": f"SELECT id FROM app_user WHERE juridiction_id IN ({marks})",
    }.items():
        ids[key] = [r[0] for r in db.execute(query, owners)]
    db.close()
    return ids


def login(email):
    data = urllib.parse.urlencode({"email": email, "password": PASSWORD}).encode()
    req = urllib.request.Request(f"{BASE}/api/connexion", data=data, method="POST")
    req.add_header("content-type", "application/x-www-form-urlencoded")
    with urllib.request.urlopen(req) as res:
        for v in res.headers.get_all("set-cookie") or []:
            if v.startswith("greffe_session="):
                return v.split(";", 1)[0]
    raise SystemExit(f"login of {email} gave no session")


def start_server():
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ, GREFFE_DATABASE_URL=f"sqlite://{DB}?mode=rwc", GREFFE_LISTEN=f"127.0.0.1:{PORT}",
               GREFFE_LOG="info", NO_COLOR="1")
    with open(LOG, "w") as log:
        subprocess.run([str(BIN), "seed", "--profile", "demo"], env=env, stdout=log, stderr=log, check=True, cwd=ROOT)
    log = open(LOG, "a")
    proc = subprocess.Popen([str(BIN), "serve"], env=env, stdout=log, stderr=log, cwd=ROOT)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=1)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not start (see target/fuzz-server.log)")


def run(st, name, cookie=None, ids=None, exclude=()):
    """One schemathesis session; returns the number of requests it made."""
    say(f"fuzz: {name}")
    counter = TARGET / f"fuzz-count-{os.getpid()}"
    counter.unlink(missing_ok=True)
    env = dict(os.environ, SCHEMATHESIS_HOOKS="fuzz_hooks", PYTHONPATH=str(ROOT / "scripts"),
               FUZZ_COUNTER=str(counter), FUZZ_IDS=json.dumps(ids or {}))
    cmd = [str(st), "run", f"{BASE}/openapi.json", "--url", BASE, "--checks", "not_a_server_error",
           "--max-examples", EXAMPLES, "--workers", "1", "--phases", "coverage,fuzzing",
           "--suppress-health-check", "all", "--seed", "20261204", "--no-color"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    for path in exclude:
        cmd += ["--exclude-path", path]
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    tail = "\n".join(done.stdout.splitlines()[-25:])
    n = int(counter.read_text()) if counter.exists() else 0
    counter.unlink(missing_ok=True)
    if done.returncode != 0:
        print(done.stdout[-20000:], done.stderr[-5000:], sep="\n")
        raise SystemExit(f"fuzz ({name}): schemathesis found a failure (a 5xx or a request without answer)")
    print(tail)
    print(f"    {n} requests")
    return n


def main():
    if not BIN.exists():
        raise SystemExit(f"{BIN} is missing: build the server first (cargo build -p server --bin greffe)")
    st = venv_st()
    proc = start_server()
    total = 0
    try:
        # Logging out would end the session under test.
        keep = ["/api/deconnexion"]
        before = digest()
        total += run(st, "anonymous")
        after = digest()
        if changed(before, after):
            raise SystemExit(f"fuzz: anonymous requests changed {changed(before, after)}")
        say("anonymous: nothing changed")

        strasbourg = juridiction("164")
        victims = [juridiction("167"), juridiction("CCASS")]
        before = digest(except_owner=strasbourg)
        cookie = login("greffier.strasbourg@demo.greffe.fr")
        total += run(st, "TJ Strasbourg, on Lyon's and the Cour de cassation's records", cookie,
                     foreign_ids(victims), keep)
        after = digest(except_owner=strasbourg)
        if changed(before, after):
            raise SystemExit(f"fuzz: another juridiction's session changed {changed(before, after)}")
        say("another juridiction: nothing of Lyon or the Cour de cassation changed")

        for email in ("greffier.lyon@demo.greffe.fr", "greffier.cassation@demo.greffe.fr"):
            total += run(st, email, login(email), foreign_ids([juridiction("167"), juridiction("CCASS")]), keep)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    errors = [l for l in LOG.read_text().splitlines() if " ERROR " in l or "panicked" in l]
    if errors:
        print("\n".join(errors[:40]))
        raise SystemExit(f"fuzz: {len(errors)} server ERROR line(s) (target/fuzz-server.log)")
    say(f"fuzz: {total} requests, 0 responses >= 500, 0 without answer, no change by anonymous or "
        "other-juridiction sessions")


if __name__ == "__main__":
    random.seed(20261204)
    main()
