#!/usr/bin/env python3
# `make bench`: what a page costs under load, on the release server — figures, not assertions.
#
# Each page is loaded by wrk (32 connections, PAGES_SECONDS each, after a 2 s warm-up) as a
# signed-in user would load it, and compared with the login page measured in the same run:
# affaire, audience, pourvoi, pilotage (tribunal profile, SQLite), and the same pages for one
# user alone (one connection: what a page waits, not what the server can serve); then the Cour
# de cassation's stock and search page `/pourvois` under 8 connections on the cassation profile
# (about 100,000 pourvois), on SQLite and on PostgreSQL, and on the national profile when
# PAGES_NATIONAL=1 (seeded once, long). Seeded databases are kept between runs (temp
# directory, PostgreSQL databases greffe_bench_<profile>).
#
#   scripts/pages.py target/release/greffe
import json, os, re, subprocess, sys, tempfile, time, urllib.request, urllib.parse

BIN = os.path.abspath(sys.argv[1])
PORT = 3310
BASE = f"http://127.0.0.1:{PORT}"
SECONDS = int(os.environ.get("PAGES_SECONDS", "10"))
PG = os.environ.get("PAGES_PG_URL", "postgres://postgres@127.0.0.1:5432")
TMP = tempfile.gettempdir()


def sqlite_url(profile):
    return f"sqlite://{TMP}/greffe-pages-{profile}.db?mode=rwc"


def pg_url(profile):
    name = f"greffe_bench_{profile}"
    exists = subprocess.run(["psql", f"{PG}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
                            capture_output=True, text=True).stdout.strip()
    if exists != "1":
        subprocess.run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    return f"{PG}/{name}"


class Server:
    def __init__(self, url, profile):
        self.env = dict(os.environ, GREFFE_DATABASE_URL=url, GREFFE_LISTEN=f"127.0.0.1:{PORT}", GREFFE_LOG="warn")
        t = time.time()
        subprocess.run([BIN, "seed", "--profile", profile], env=self.env, check=True, stdout=subprocess.DEVNULL)
        print(f"  seed {profile} (or reuse) on {url.split('?')[0]}: {time.time() - t:.0f} s", flush=True)

    def __enter__(self):
        self.proc = subprocess.Popen([BIN, "serve"], env=self.env, stdout=subprocess.DEVNULL)
        for _ in range(300):
            try:
                urllib.request.urlopen(BASE + "/healthz")
                return self
            except Exception:
                time.sleep(0.2)
        raise SystemExit("the server did not start")

    def __exit__(self, *_):
        self.proc.terminate()
        self.proc.wait()


def login(email):
    body = urllib.parse.urlencode({"email": email, "password": "greffe-demo-2026"}).encode()
    res = urllib.request.urlopen(urllib.request.Request(BASE + "/api/connexion", data=body, method="POST"))
    return [v.split(";")[0] for k, v in res.headers.items() if k.lower() == "set-cookie" and v.startswith("greffe_session")][0]


def post(cookie, path, body):
    req = urllib.request.Request(BASE + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "Cookie": cookie})
    return json.loads(urllib.request.urlopen(req).read() or "null")


def html(cookie, path):
    req = urllib.request.Request(BASE + path, headers={"Cookie": cookie} if cookie else {})
    res = urllib.request.urlopen(req)
    assert res.status == 200, (path, res.status)
    return res.read()


# wrk prints these percentiles (µs) when the run is done.
LUA = os.path.join(TMP, "greffe-pages.lua")
with open(LUA, "w") as f:
    f.write('done = function(s, latency, r)\n'
            '  for _, p in ipairs({50, 95, 99}) do io.write(string.format("P%d %f\\n", p, latency:percentile(p))) end\n'
            'end\n')


def wrk(path, cookie, connections):
    """req/s, p50, p95 and p99 in ms, and the page's size, of `path` under `connections`."""
    size = len(html(cookie, path))
    header = ["-H", f"Cookie: {cookie}"] if cookie else []
    url = BASE + path
    load = ["wrk", f"-t{min(2, connections)}", f"-c{connections}"]
    subprocess.run([*load, "-d2s", *header, url], check=True, capture_output=True)
    out = subprocess.run([*load, f"-d{SECONDS}s", "-s", LUA, *header, url],
                         check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"{path}: errors under load\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p = {int(k): float(v) / 1000 for k, v in re.findall(r"^P(\d+) ([\d.]+)$", out, re.M)}
    return rps, p[50], p[95], p[99], size


def line(what, r, base=None):
    rps, p50, _, p99, size = r
    ratio = f", {rps / base[0]:.2f} × the login page" if base else ""
    print(f"{what}: {rps:,.0f} req/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms, {size / 1000:.0f} kB of HTML{ratio}", flush=True)


def tribunal():
    print(f"Pages under 32 connections, {SECONDS} s each (tribunal profile, SQLite):")
    with Server(sqlite_url("tribunal"), "tribunal"):
        greffier, dsgj = login("greffier.lyon@demo.greffe.fr"), login("dsgj.lyon@demo.greffe.fr")
        cassation = login("greffier.cassation@demo.greffe.fr")
        audiences = post(greffier, "/api/audiences", {"du": None, "au": None})
        audience = max(audiences, key=lambda a: a["prevues"])
        detail = post(greffier, "/api/audience", {"id": audience["id"]})
        affaire = max(detail["affaires"], key=lambda a: len(a.get("prevenus", [])))["id"]
        pourvoi = post(cassation, "/api/pourvois_recherche", {"criteres": {"q": "24-"}})["lignes"][0]["id"]
        base = wrk("/connexion", None, 32)
        line("  /connexion (login page, anonymous)", base)
        pages = [
            ("affaire", f"/affaires/{affaire}", greffier),
            (f"audience ({len(detail['affaires'])} affaires)", f"/audiences/{audience['id']}", greffier),
            ("pourvoi", f"/pourvois/{pourvoi}", cassation),
            ("pilotage", "/pilotage", dsgj),
        ]
        for what, path, cookie in pages:
            line(f"  {path} ({what})", wrk(path, cookie, 32), base)
        # One user: a page streamed in several writes once waited 40 ms here for the browser's
        # delayed acknowledgement (the server now sets TCP_NODELAY).
        print("  One user alone (one connection):", flush=True)
        for what, path, cookie in [("login page", "/connexion", None),
                                   ("accessibility statement", "/accessibilite", greffier),
                                   ("home", "/", greffier)] + pages:
            _, p50, _, p99, _ = wrk(path, cookie, 1)
            print(f"    {path} ({what}): p50 {p50:.1f} ms, p99 {p99:.1f} ms", flush=True)


def stock(url, profile, backend):
    with Server(url, profile):
        cookie = login("greffier.cassation@demo.greffe.fr")
        total = post(cookie, "/api/pourvois_stock", {})["total"]
        # The seed draws names from 24 first names and 24 surnames: « durand » finds about 8 %
        # of the stock (7,900 pourvois), « aicha durand » about 700; each page shows 50. A
        # search shows its results alone (the stock is the page without one).
        for what, path in [("stock", "/pourvois"), ("a surname", "/pourvois?q=durand"),
                           ("first name and surname", "/pourvois?q=aicha+durand"),
                           ("surname and stade", "/pourvois?q=durand&stade=distribue"),
                           ("a surname, page 80", "/pourvois?q=durand&page=80"),
                           ("number", "/pourvois?q=24-1")]:
            rps, p50, p95, p99, size = wrk(path, cookie, 8)
            print(f"  {path} ({what}, {profile}, {backend}, {total:,} in stock): {rps:,.0f} req/s, "
                  f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (target ≤ 50 ms), p99 {p99:.1f} ms, {size / 1000:.0f} kB", flush=True)


if __name__ == "__main__":
    tribunal()
    print(f"The stock and search page under 8 connections, {SECONDS} s each:")
    profiles = ["cassation"] + (["national"] if os.environ.get("PAGES_NATIONAL") == "1" else [])
    for profile in profiles:
        stock(sqlite_url(profile), profile, "SQLite")
        stock(pg_url(profile), profile, "PostgreSQL")
