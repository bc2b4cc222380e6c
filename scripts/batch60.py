#!/usr/bin/env python3
# `make bench`: every document of a 60-affaire audience with a decision for each prévenu,
# timed on the release server over a fresh SQLite file with the demo data — the server's ZIP,
# then one by one as the audience page's progress bar fetches them. Figures, not assertions.
import json, os, shutil, subprocess, sys, tempfile, time, urllib.request, datetime
BIN = sys.argv[1]; PORT = 3300; BASE = f"http://127.0.0.1:{PORT}"
DIR = tempfile.mkdtemp(prefix="greffe-batch60-")
env = dict(os.environ, GREFFE_DATABASE_URL=f"sqlite://{DIR}/b60.db?mode=rwc", GREFFE_LISTEN=f"127.0.0.1:{PORT}", GREFFE_LOG="warn")
subprocess.run([BIN, "seed", "--profile", "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
srv = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(100):
        try: urllib.request.urlopen(BASE + "/healthz"); break
        except Exception: time.sleep(0.2)
    req = urllib.request.Request(BASE + "/api/connexion", data=b"email=greffier.lyon%40demo.greffe.fr&password=greffe-demo-2026", method="POST")
    res = urllib.request.urlopen(req)
    cookie = [v.split(";")[0] for k, v in res.headers.items() if k.lower() == "set-cookie" and v.startswith("greffe_session")][0]
    def post(path, body):
        r = urllib.request.Request(BASE + path, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json", "Cookie": cookie})
        return json.loads(urllib.request.urlopen(r).read() or "null")
    def get(path):
        r = urllib.request.Request(BASE + path, headers={"Cookie": cookie})
        return urllib.request.urlopen(r).read()
    today = datetime.date.today().isoformat()
    aud = post("/api/audience_creer", {"form": {"date": today, "heure_debut": "09:00", "chambre": "Banc d'essai", "formation": "juge_unique", "president": "P", "assesseurs": "", "ministere_public": "MP", "greffier": "G", "prevues": "60", "maximum": "60", "duree_estimee_min": "600"}})
    csv = "numero_parquet;rang;nom;prenom;date_naissance;statut;mode_poursuite;mode_comparution;natinf;qualification;date_faits\n"
    for i in range(1, 61):
        csv += f"B60/{i:03};{i};NOM{i};Prénom;01/01/1980;libre;COPJ;CMP;11886;;\n"
    post("/api/role_importer", {"audience_id": aud, "format": "csv", "contenu": csv, "confirmer": True})
    a = post("/api/audience", {"id": aud})
    for line in a["affaires"]:
        d = post("/api/affaire", {"id": line["id"]})
        for p in d["prevenus"]:
            d = post("/api/affaire", {"id": line["id"]})
            decision = {"preventions": [[i["id"], {"type": "culpabilite"}] for i in p["infractions"]], "sanction": "condamnation",
                        "peines": [{"type": "emprisonnement_sursis", "mois": 6}, {"type": "amende", "euros": 300}],
                        "mandat_de_depot": False, "execution_provisoire": False, "interets_civils": [], "nature": "C"}
            post("/api/decision_enregistrer", {"affaire_id": line["id"], "version": d["version"], "prevenu_id": p["id"], "decision": decision})
    t = time.time(); z = get(f"/documents/lot-audience?id={aud}&format=pdf"); zt = time.time() - t
    entries = post("/api/documents_audience", {"id": aud})
    t = time.time(); total = sum(len(get(e["url"])) for e in entries); ot = time.time() - t
    print(f"60-affaire audience, {len(entries)} documents: server ZIP {zt:.1f} s ({len(z)//1000} kB); one by one (progress bar) {ot:.1f} s ({total//1000} kB)")
finally:
    srv.terminate()
    srv.wait()
    shutil.rmtree(DIR, ignore_errors=True)
