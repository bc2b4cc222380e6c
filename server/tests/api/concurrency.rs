//! Many writers at once through the server functions, on both backends: every write is
//! answered without a 5xx, is found in the database exactly once, and the pilotage figures
//! still equal a recount; a real conflict (same affaire, same version) stays a 409. On
//! PostgreSQL, a second instance on the same database hears the first one's events, and
//! instances started together migrate one at a time.

use crate::helpers::{Backend, TestApp, TestResponse, on_each_backend};
use crate::offline::relaxe;
use app::api::offline::SyncReport;
use app::domain::hearing::{AffaireDetail, AudienceDetail, EtatAffaire};
use app::domain::offline::{Mutation, Operation};
use futures::future::join_all;
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

const GREFFIER: &str = "greffier.lyon@demo.greffe.fr";
const GREFFIER_CASSATION: &str = "greffier.cassation@demo.greffe.fr";

/// Writers sent at the same moment.
const WRITERS: usize = 16;

fn future(days: i64) -> String {
    (crate::helpers::paris_today() + chrono::Duration::days(days)).to_string()
}

/// A rôle of `n` affaires (one prévenu, one infraction each), numbers starting at `first`.
pub(crate) fn role_csv(first: usize, n: usize) -> String {
    let mut s = String::from(
        "numero_parquet;rang;nom;prenom;date_naissance;statut;mode_poursuite;mode_comparution;natinf;qualification;date_faits\n",
    );
    for i in first..first + n {
        s.push_str(&format!(
            "26/{i:06};{};NOM{i};Prénom;01/02/1990;libre;COPJ;CMP;11886;;01/03/2026\n",
            i - first + 1
        ));
    }
    s
}

/// A JSON POST whose body the request owns (so that many can be sent at once).
async fn post(app: &TestApp, path: &str, body: serde_json::Value, cookie: &str) -> TestResponse {
    app.post_json(path, &body, Some(cookie)).await
}

/// Panics on any answer but a success; returns the answer.
fn ok(res: TestResponse, what: &str) -> TestResponse {
    assert!(res.status.is_success(), "{what}: {} {}", res.status, res.body);
    res
}

pub(crate) async fn new_audience(app: &TestApp, g: &str, days: i64) -> String {
    let form = crate::helpers::audience_form(&future(days), "Mme Président");
    ok(
        app.post_json("/api/audience_creer", &json!({ "form": form }), Some(g))
            .await,
        "audience",
    )
    .json()
}

pub(crate) async fn import(app: &TestApp, g: &str, audience: &str, csv: &str) -> TestResponse {
    app.post_json(
        "/api/role_importer",
        &json!({ "audience_id": audience, "format": "csv", "contenu": csv, "confirmer": true }),
        Some(g),
    )
    .await
}

pub(crate) async fn affaires(app: &TestApp, g: &str, audience: &str) -> Vec<AffaireDetail> {
    let detail: AudienceDetail = app
        .post_json("/api/audience", &json!({ "id": audience }), Some(g))
        .await
        .json();
    let mut out = Vec::new();
    for line in detail.affaires {
        out.push(
            app.post_json("/api/affaire", &json!({ "id": line.id }), Some(g))
                .await
                .json(),
        );
    }
    out
}

fn decision_body(a: &AffaireDetail) -> serde_json::Value {
    json!({ "affaire_id": a.id, "version": a.version, "prevenu_id": a.prevenus[0].id, "decision": relaxe(a) })
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    app.db
        .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql.to_owned()))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

/// The stored pilotage figures equal a full recount, and every pourvoi has its search words
/// under its own date, number, stade and chambre.
async fn figures_hold(app: &TestApp) {
    let astray = count(
        app,
        "SELECT COUNT(*) FROM pourvoi_mot m JOIN pourvoi p ON p.id = m.pourvoi_id \
         WHERE m.date_pourvoi <> p.date_pourvoi OR m.numero <> p.numero OR m.juridiction_id <> p.juridiction_id \
         OR m.stade <> p.stade OR m.chambre <> COALESCE(p.chambre, '')",
    )
    .await;
    let wordless = count(
        app,
        "SELECT COUNT(*) FROM pourvoi p WHERE NOT EXISTS (SELECT 1 FROM pourvoi_mot m WHERE m.pourvoi_id = p.id)",
    )
    .await;
    assert_eq!(
        (astray, wordless),
        (0, 0),
        "{:?}: word index and pourvois differ",
        app.backend
    );
    let stored = app::store::stats::stored(&app.db).await.unwrap();
    let recount = app::store::stats::recount(&app.db).await.unwrap();
    assert!(
        stored == recount,
        "{:?}: stored figures differ from a recount",
        app.backend
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hearings_decisions_notes_and_renvois_saved_at_once_all_hold() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id = new_audience(&app, &g, 20).await;
        ok(import(&app, &g, &id, &role_csv(1, 2 * WRITERS + 2)).await, "import");
        let all = affaires(&app, &g, &id).await;
        let (decided, noted) = all.split_at(WRITERS);
        let (noted, renvoyees) = noted.split_at(WRITERS);
        let renvoi_date = future(60);

        // 16 decisions, 16 notes and 2 renvois on different affaires of one audience, at once.
        let decisions = decided
            .iter()
            .map(|a| post(&app, "/api/decision_enregistrer", decision_body(a), &g));
        let notes = noted.iter().map(|a| {
            let body = json!({ "affaire_id": a.id, "base": 0, "texte": format!("Note de {}", a.numero_parquet) });
            post(&app, "/api/note_enregistrer", body, &g)
        });
        let renvois = renvoyees.iter().map(|a| {
            let body = json!({ "affaire_id": a.id, "version": a.version, "renvoi": {
                "motif": "absence avis JAP", "nouvelle_date": renvoi_date, "mesure": "aucune", "observations": "" } });
            post(&app, "/api/renvoi_enregistrer", body, &g)
        });
        let (d, n, r) = futures::join!(join_all(decisions), join_all(notes), join_all(renvois));
        for res in d.into_iter().chain(n).chain(r) {
            ok(res, "a write among many at once");
        }

        // Each one is there, once.
        for a in decided {
            let now: AffaireDetail = app
                .post_json("/api/affaire", &json!({ "id": a.id }), Some(&g))
                .await
                .json();
            assert_eq!(now.etat, EtatAffaire::Jugee, "{}", a.numero_parquet);
        }
        for a in noted {
            let n = count(
                &app,
                &format!("SELECT COUNT(*) FROM note_audience WHERE affaire_id = '{}'", a.id),
            )
            .await;
            assert_eq!(n, 1, "{}", a.numero_parquet);
        }
        for a in renvoyees {
            let n = count(
                &app,
                &format!("SELECT COUNT(*) FROM renvoi WHERE affaire_id = '{}'", a.id),
            )
            .await;
            assert_eq!(n, 1, "{}", a.numero_parquet);
        }
        figures_hold(&app).await;
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_writers_on_one_affaire_at_one_version_get_one_success_and_one_conflict() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id = new_audience(&app, &g, 21).await;
        ok(import(&app, &g, &id, &role_csv(500, 1)).await, "import");
        let a = affaires(&app, &g, &id).await.remove(0);
        let body = decision_body(&a);
        let note = json!({ "affaire_id": a.id, "base": 0, "texte": "Première version" });
        let note2 = json!({ "affaire_id": a.id, "base": 0, "texte": "Autre première version" });
        let (d1, d2, n1, n2) = futures::join!(
            app.post_json("/api/decision_enregistrer", &body, Some(&g)),
            app.post_json("/api/decision_enregistrer", &body, Some(&g)),
            app.post_json("/api/note_enregistrer", &note, Some(&g)),
            app.post_json("/api/note_enregistrer", &note2, Some(&g)),
        );
        for pair in [[d1, d2], [n1, n2]] {
            let mut statuses: Vec<u16> = pair.iter().map(|r| r.status.as_u16()).collect();
            statuses.sort();
            assert_eq!(
                statuses,
                [200, 409],
                "{:?}",
                pair.iter().map(|r| &r.body).collect::<Vec<_>>()
            );
        }
        let n = count(
            &app,
            &format!("SELECT COUNT(*) FROM note_audience WHERE affaire_id = '{}'", a.id),
        )
        .await;
        assert_eq!(n, 1);
        figures_hold(&app).await;
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rôles_imported_at_once_into_several_audiences_are_all_there() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let mut audiences = Vec::new();
        for i in 0..4 {
            audiences.push(new_audience(&app, &g, 30 + i).await);
        }
        let csvs: Vec<String> = (0..4).map(|i| role_csv(1000 + i * 100, 25)).collect();
        let results = join_all(audiences.iter().zip(&csvs).map(|(a, csv)| import(&app, &g, a, csv))).await;
        for res in results {
            ok(res, "import");
        }
        for a in &audiences {
            let n = count(&app, &format!("SELECT COUNT(*) FROM affaire WHERE audience_id = '{a}'")).await;
            assert_eq!(n, 25);
        }
        figures_hold(&app).await;
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn offline_changes_synchronised_at_once_apply_exactly_once() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id = new_audience(&app, &g, 40).await;
        ok(import(&app, &g, &id, &role_csv(2000, 8)).await, "import");
        let all = affaires(&app, &g, &id).await;
        // Eight devices, each with its affaire's note and decision; device 0's batch is sent
        // twice at once (a retry crossing the first answer).
        let batch = |k: usize| -> Vec<Mutation> {
            let a = &all[k];
            let m = |n: usize, op: Operation| Mutation {
                id: format!("{:08x}-0000-4000-8000-{:012x}", k, n),
                audience_id: id.clone(),
                affaire_id: a.id.clone(),
                cree_le: "24/11/2026 10:00:00".into(),
                op,
                envoyee: true,
            };
            vec![
                m(
                    1,
                    Operation::Note {
                        base: 0,
                        texte: format!("Hors ligne {k}"),
                    },
                ),
                m(
                    2,
                    Operation::Decision {
                        version: a.version,
                        prevenu_id: a.prevenus[0].id.clone(),
                        decision: relaxe(a),
                    },
                ),
            ]
        };
        let batches: Vec<Vec<Mutation>> = (0..all.len()).map(batch).chain([batch(0)]).collect();
        let results = join_all(
            batches
                .iter()
                .map(|b| post(&app, "/api/synchroniser", json!({ "mutations": b }), &g)),
        )
        .await;
        for res in results {
            let report: SyncReport = ok(res, "sync").json();
            assert!(report.refused.is_none(), "{:?}", report.refused);
            assert_eq!(report.applied.len(), 2);
        }
        for a in &all {
            let notes = count(
                &app,
                &format!("SELECT COUNT(*) FROM note_audience WHERE affaire_id = '{}'", a.id),
            )
            .await;
            let done = count(
                &app,
                &format!("SELECT COUNT(*) FROM mutation WHERE affaire_id = '{}'", a.id),
            )
            .await;
            assert_eq!((notes, done), (1, 2), "{}", a.numero_parquet);
        }
        figures_hold(&app).await;
        app
    })
    .await;
}

fn pourvoi_form(numero: &str) -> serde_json::Value {
    let today = crate::helpers::paris_today();
    json!({ "form": {
        "numero": numero, "matiere": "civil", "date_pourvoi": today.to_string(),
        "decision_juridiction": "Cour d'appel de Lyon", "decision_date": (today - chrono::Duration::days(30)).to_string(),
        "decision_numero": "24/01234", "demandeur": "M. Albert MARTIN", "defendeur": "Mme Berthe DURAND",
        "avocats": "SCP Exemple", "detenu": false } })
}

fn numero(seq: usize) -> String {
    format!(
        "{:02}-98.{seq:03}",
        chrono::Datelike::year(&crate::helpers::paris_today()) % 100
    )
}

/// Reads server-sent events from `body` until one contains `wanted`.
async fn event_containing(body: &mut axum::body::Body, wanted: &str) -> String {
    tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            let f = body.frame().await.unwrap().unwrap();
            if let Ok(d) = f.into_data() {
                let text = String::from_utf8_lossy(&d).into_owned();
                if text.contains(wanted) {
                    return text;
                }
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no event with {wanted}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pourvois_and_pieces_filed_at_once_are_all_there_and_heard_by_every_instance() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER_CASSATION).await;
        // Registered at once.
        let ids: Vec<String> =
            join_all((0..8).map(|i| post(&app, "/api/pourvoi_enregistrer", pourvoi_form(&numero(i)), &g)))
                .await
                .into_iter()
                .map(|r| ok(r, "pourvoi").json())
                .collect();

        // Each is found by its parties' names, however many were registered at once.
        let found: app::domain::pourvoi::Resultats = ok(
            post(
                &app,
                "/api/pourvois_recherche",
                json!({ "criteres": { "q": "albert berthe" } }),
                &g,
            )
            .await,
            "search",
        )
        .json();
        let mut found: Vec<String> = found.lignes.into_iter().map(|l| l.id).collect();
        found.sort();
        let mut registered = ids.clone();
        registered.sort();
        assert_eq!(found, registered);

        // A second instance on the same database (behind a load balancer) streams the first
        // dossier's events; on SQLite, the one instance does.
        let other = app.second_instance();
        let listener = if app.backend == Backend::Postgres { &other } else { &app };
        let (status, mut stream) = listener
            .open_stream(&format!("/flux?pourvoi={}", ids[0]), &g, None)
            .await;
        assert_eq!(status.as_u16(), 200);

        // One pièce on each, at once, half through each instance.
        let date = crate::helpers::paris_today().to_string();
        let fields = crate::dossiers::piece_fields("memoire_ampliatif", &date);
        let files: Vec<Vec<u8>> = (0..ids.len())
            .map(|i| crate::dossiers::pdf(&format!("piece {i}")))
            .collect();
        let urls: Vec<String> = ids.iter().map(|id| format!("/pourvois/{id}/pieces")).collect();
        let uploads = urls.iter().zip(&files).enumerate().map(|(i, (url, file))| {
            let through = if i % 2 == 0 { &app } else { &other };
            through.upload(url, &fields, ("m.pdf", file), Some(&g))
        });
        for res in join_all(uploads).await {
            assert_eq!(res.status.as_u16(), 201, "{}", res.body);
        }
        // The same file twice at once on one dossier: filed once, the other refused as a duplicate.
        let same = crate::dossiers::pdf("same file");
        let url = format!("/pourvois/{}/pieces", ids[1]);
        let autre = crate::dossiers::piece_fields("autre", &date);
        let (r1, r2) = futures::join!(
            app.upload(&url, &autre, ("x.pdf", &same), Some(&g)),
            other.upload(&url, &autre, ("x.pdf", &same), Some(&g)),
        );
        let mut statuses = [r1.status.as_u16(), r2.status.as_u16()];
        statuses.sort();
        assert_eq!(statuses, [201, 409], "{} / {}", r1.body, r2.body);
        let frame = event_containing(&mut stream, "Mémoire ampliatif").await;
        assert!(frame.contains(&numero(0)), "{frame}");
        for (i, id) in ids.iter().enumerate() {
            let n = count(&app, &format!("SELECT COUNT(*) FROM piece WHERE pourvoi_id = '{id}'")).await;
            assert_eq!(n, if i == 1 { 2 } else { 1 });
        }

        // A stream that reconnects with the last event it received catches up from the table.
        let first_event = frame
            .lines()
            .find_map(|l| l.strip_prefix("id:"))
            .map(|s| s.trim().to_owned())
            .expect("events carry an id");
        // Meanwhile, a mémoire en défense is filed through the other instance.
        let fields2 = crate::dossiers::piece_fields("memoire_defense", &date);
        let res = other
            .upload(
                &format!("/pourvois/{}/pieces", ids[0]),
                &fields2,
                ("d.pdf", &crate::dossiers::pdf("defense")),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 201, "{}", res.body);
        let (_, mut caught_up) = app
            .open_stream(&format!("/flux?pourvoi={}", ids[0]), &g, Some(&first_event))
            .await;
        event_containing(&mut caught_up, "moire en défense").await;
        figures_hold(&app).await;
        other.cleanup().await;
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_dossier_changed_by_two_writers_at_once_keeps_both_or_refuses_a_stale_version() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER_CASSATION).await;
        let id: String = ok(
            post(&app, "/api/pourvoi_enregistrer", pourvoi_form(&numero(50)), &g).await,
            "pourvoi",
        )
        .json();
        let p = crate::dossiers::open(&app, &g, &id).await;
        let orient = |chambre: &str| json!({ "id": id, "version": p.version, "chambre": chambre, "formation": "fs" });
        let date = crate::helpers::paris_today().to_string();
        let fields = crate::dossiers::piece_fields("memoire_ampliatif", &date);
        let url = format!("/pourvois/{id}/pieces");
        let file = crate::dossiers::pdf("ma");
        // Two orientations from one version (at most one wins, the other is told), and a pièce,
        // which names no version, filed at the same moment (never refused for that).
        let (o1, o2, piece) = futures::join!(
            post(&app, "/api/pourvoi_orienter", orient("civ1"), &g),
            post(&app, "/api/pourvoi_orienter", orient("civ2"), &g),
            app.upload(&url, &fields, ("m.pdf", &file), Some(&g)),
        );
        assert_eq!(piece.status.as_u16(), 201, "{}", piece.body);
        // The pièce saved first makes both orientations stale; otherwise one of them wins.
        let mut statuses = [o1.status.as_u16(), o2.status.as_u16()];
        statuses.sort();
        assert!(
            statuses == [200, 409] || statuses == [409, 409],
            "{} / {}",
            o1.body,
            o2.body
        );
        let oriented = i64::from(statuses[0] == 200);
        let after = crate::dossiers::open(&app, &g, &id).await;
        assert_eq!(after.pieces.len(), 1);
        assert_eq!(
            after.stade.code(),
            if oriented == 1 { "oriente" } else { p.stade.code() }
        );
        assert_eq!(
            after.version,
            p.version + 1 + oriented,
            "each change saved once, one after the other"
        );
        figures_hold(&app).await;
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_chrono_moved_twice_and_a_dossier_followed_twice_at_once_change_once() {
    on_each_backend(|app| async move {
        // Two greffiers open the same audience at once: one opens it, the other is told.
        let g = app.login(GREFFIER).await;
        let id = new_audience(&app, &g, 50).await;
        let open = || {
            post(
                &app,
                "/api/audience_chrono",
                json!({ "id": id, "action": "ouvrir" }),
                &g,
            )
        };
        let (c1, c2) = futures::join!(open(), open());
        let mut statuses = [c1.status.as_u16(), c2.status.as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 422], "{} / {}", c1.body, c2.body);
        assert!(c1.body.contains("déjà commencé") || c2.body.contains("déjà commencé"));

        // "Suivre ce dossier" clicked twice at once: followed once, audited once.
        let gc = app.login(GREFFIER_CASSATION).await;
        let pourvoi: String = ok(
            post(&app, "/api/pourvoi_enregistrer", pourvoi_form(&numero(60)), &gc).await,
            "pourvoi",
        )
        .json();
        let follow = || {
            post(
                &app,
                "/api/pourvoi_suivre",
                json!({ "id": pourvoi, "suivre": true }),
                &gc,
            )
        };
        let (f1, f2) = futures::join!(follow(), follow());
        ok(f1, "follow");
        ok(f2, "follow");
        let rows = count(
            &app,
            &format!("SELECT COUNT(*) FROM suivi WHERE pourvoi_id = '{pourvoi}'"),
        )
        .await;
        let audited = count(
            &app,
            &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'dossier_suivre' AND entity_id = '{pourvoi}'"),
        )
        .await;
        assert_eq!((rows, audited), (1, 1));
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_started_together_on_an_empty_postgresql_migrate_one_at_a_time() {
    let admin_url =
        std::env::var("GREFFE_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let admin = app::store::connect(&admin_url).await.unwrap();
    let name = format!("greffe_test_migrate_{}", std::process::id());
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let url = format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0);
    let started = join_all((0..3).map(|_| server::startup::database(&url))).await;
    for db in started {
        db.expect("every instance starts").close().await.unwrap();
    }
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .unwrap();
}
