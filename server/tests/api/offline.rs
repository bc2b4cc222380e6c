//! Offline hearings through the server functions: taking an audience away, and its queued
//! changes coming back exactly once, in order, with conflicts reported; on both backends.

use crate::helpers::{TestApp, on_each_backend};
use app::api::offline::SyncReport;
use app::domain::decision::{Decision, MesureSurete, NatureJugement, Prevention, Renvoi, Sanction};
use app::domain::hearing::{AffaireDetail, AudienceDetail, AudienceSummary, NoteVersion};
use app::domain::import::EXAMPLE_CSV;
use app::domain::offline::{Mutation, OfflineAudience, Operation, Outcome};
use app::error::AppError;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

const GREFFIER: &str = "greffier.lyon@demo.greffe.fr";

fn future(days: i64) -> chrono::NaiveDate {
    crate::helpers::paris_today() + chrono::Duration::days(days)
}

fn uuid(n: u32) -> String {
    format!("{n:08x}-0000-4000-8000-000000000000")
}

/// A fresh audience in Lyon with the example rôle; its id and its affaires.
async fn audience(app: &TestApp, g: &str, days: i64) -> (String, Vec<AffaireDetail>) {
    let form = crate::helpers::audience_form(&future(days).to_string(), "Mme Président");
    let id: String = app
        .post_json("/api/audience_creer", &json!({ "form": form }), Some(g))
        .await
        .json();
    let res = app
        .post_json(
            "/api/role_importer",
            &json!({ "audience_id": id, "format": "csv", "contenu": EXAMPLE_CSV, "confirmer": true }),
            Some(g),
        )
        .await;
    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
    let taken: OfflineAudience = app
        .post_json("/api/audience_hors_ligne", &json!({ "id": id }), Some(g))
        .await
        .json();
    (id, taken.affaires)
}

fn mutation(n: u32, audience: &str, affaire: &str, op: Operation) -> Mutation {
    Mutation {
        id: uuid(n),
        audience_id: audience.into(),
        affaire_id: affaire.into(),
        cree_le: "24/11/2026 10:00:00".into(),
        op,
        envoyee: true,
    }
}

pub(crate) fn relaxe(a: &AffaireDetail) -> Decision {
    Decision {
        preventions: a.prevenus[0]
            .infractions
            .iter()
            .map(|i| (i.id.clone(), Prevention::Relaxe))
            .collect(),
        sanction: None::<Sanction>,
        peines: vec![],
        mandat_de_depot: false,
        execution_provisoire: false,
        interets_civils: vec![],
        nature: NatureJugement::C,
    }
}

async fn sync(app: &TestApp, cookie: &str, batch: &[Mutation]) -> crate::helpers::TestResponse {
    app.post_json("/api/synchroniser", &json!({ "mutations": batch }), Some(cookie))
        .await
}

async fn count(app: &TestApp, sql: &str, id: &str) -> i64 {
    let sql = sql.replace('?', &format!("'{id}'"));
    app.db
        .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

#[tokio::test]
async fn an_audience_taken_offline_carries_everything_needed_to_run_it() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let (id, affaires) = audience(&app, &g, 10).await;
        let taken: OfflineAudience = app
            .post_json("/api/audience_hors_ligne", &json!({ "id": id }), Some(&g))
            .await
            .json();
        let online: AudienceDetail = app
            .post_json("/api/audience", &json!({ "id": id }), Some(&g))
            .await
            .json();
        assert_eq!(taken.audience, online);
        assert_eq!(taken.affaires.len(), online.affaires.len());
        assert_eq!(affaires.len(), online.affaires.len());
        for (line, a) in online.affaires.iter().zip(&taken.affaires) {
            let full: AffaireDetail = app
                .post_json("/api/affaire", &json!({ "id": line.id }), Some(&g))
                .await
                .json();
            assert_eq!(&full, a, "each affaire as the affaire page shows it");
        }
        assert_eq!(taken.notes.len(), taken.affaires.len());
        assert!(
            taken.motifs.iter().any(|m| m == "absence avis JAP"),
            "{:?}",
            taken.motifs
        );
        let now = chrono::Utc::now().timestamp_millis();
        // Kept past the audience's day (10 days ahead) plus the 2 default days, not forever.
        assert!(taken.garder_jusqu_au > now + 11 * 86_400_000);
        assert!(taken.garder_jusqu_au < now + 14 * 86_400_000);
        assert_eq!(taken.delai_apres_synchro_ms, 12 * 3_600_000);

        // Another juridiction's greffier: as if it did not exist; the parquet may not run it.
        let other = app.login("greffier.strasbourg@demo.greffe.fr").await;
        let res = app
            .post_json("/api/audience_hors_ligne", &json!({ "id": id }), Some(&other))
            .await;
        assert_eq!(res.status.as_u16(), 404);
        let parquet = app.login("magistrat-parquet.lyon@demo.greffe.fr").await;
        let res = app
            .post_json("/api/audience_hors_ligne", &json!({ "id": id }), Some(&parquet))
            .await;
        assert_eq!(res.status.as_u16(), 403);
        app
    })
    .await;
}

#[tokio::test]
async fn queued_changes_apply_once_in_order_however_often_they_are_sent() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let (id, affaires) = audience(&app, &g, 12).await;
        let (a, b) = (&affaires[0], &affaires[1]);
        let renvoi = Renvoi {
            motif: "absence avis JAP".into(),
            nouvelle_date: future(40),
            mesure: MesureSurete::Aucune,
            observations: "renvoyée hors ligne".into(),
        };
        let batch = vec![
            mutation(
                1,
                &id,
                &a.id,
                Operation::Note {
                    base: 0,
                    texte: "Appel de la cause.".into(),
                },
            ),
            mutation(
                2,
                &id,
                &a.id,
                Operation::Note {
                    base: 1,
                    texte: "Appel de la cause.\nLe prévenu comparaît.".into(),
                },
            ),
            mutation(
                3,
                &id,
                &a.id,
                Operation::Decision {
                    version: a.version,
                    prevenu_id: a.prevenus[0].id.clone(),
                    decision: relaxe(a),
                },
            ),
            mutation(
                4,
                &id,
                &b.id,
                Operation::Renvoi {
                    version: b.version,
                    renvoi: renvoi.clone(),
                },
            ),
        ];
        let first: SyncReport = sync(&app, &g, &batch).await.json();
        assert_eq!(first.refused, None);
        assert_eq!(first.applied.len(), 4);
        assert!(first.applied.iter().all(|x| !x.deja));
        assert_eq!(first.applied[0].outcome, Outcome::Note(1));
        assert_eq!(first.applied[1].outcome, Outcome::Note(2));
        let Outcome::Renvoi(moved) = &first.applied[3].outcome else {
            panic!("renvoi outcome: {:?}", first.applied[3]);
        };

        // The confirmation was lost (browser closed, server restarted): the same batch again,
        // then twice at the same time. Each answer repeats the first outcome, nothing is added.
        let again: SyncReport = sync(&app, &g, &batch).await.json();
        assert!(again.applied.iter().all(|x| x.deja), "{again:?}");
        assert_eq!(
            again.applied.iter().map(|x| &x.outcome).collect::<Vec<_>>(),
            first.applied.iter().map(|x| &x.outcome).collect::<Vec<_>>()
        );
        let (x, y) = tokio::join!(sync(&app, &g, &batch), sync(&app, &g, &batch));
        assert_eq!(
            (x.status.as_u16(), y.status.as_u16()),
            (200, 200),
            "{} {}",
            x.body,
            y.body
        );
        // A new change sent twice at once (a retry racing the original): applied once.
        let third = [mutation(
            5,
            &id,
            &a.id,
            Operation::Note {
                base: 2,
                texte: "Troisième version.".into(),
            },
        )];
        let (x, y) = tokio::join!(sync(&app, &g, &third), sync(&app, &g, &third));
        let (x, y): (SyncReport, SyncReport) = (x.json(), y.json());
        let mut fresh: Vec<bool> = [&x, &y].iter().map(|r| r.applied[0].deja).collect();
        fresh.sort();
        assert_eq!(fresh, [false, true], "{x:?} {y:?}");
        assert_eq!(x.applied[0].outcome, Outcome::Note(3));
        assert_eq!(y.applied[0].outcome, Outcome::Note(3));

        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM note_audience WHERE affaire_id = ?", &a.id).await,
            3
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM decision WHERE prevenu_id = ?",
                &a.prevenus[0].id
            )
            .await,
            1
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM renvoi WHERE affaire_id = ?", &b.id).await,
            1
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM affaire WHERE audience_id = ?",
                &moved.audience_id
            )
            .await,
            1
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM mutation WHERE affaire_id = ?", &a.id).await,
            4
        );

        let notes: Vec<NoteVersion> = app
            .post_json("/api/note_historique", &json!({ "affaire_id": a.id }), Some(&g))
            .await
            .json();
        assert_eq!(notes[0].texte, "Troisième version.");
        assert_eq!(notes[1].texte, "Appel de la cause.\nLe prévenu comparaît.");
        let judged: AffaireDetail = app
            .post_json("/api/affaire", &json!({ "id": a.id }), Some(&g))
            .await
            .json();
        assert_eq!(judged.version, a.version + 1);
        assert_eq!(judged.prevenus[0].decision.as_ref(), Some(&relaxe(a)));
        let progress = app
            .post_json("/api/audience", &json!({ "id": id }), Some(&g))
            .await
            .json::<AudienceDetail>()
            .progress;
        assert_eq!((progress.jugees, progress.renvoyees), (1, 1));

        // Someone else replaying these ids gets nothing applied and learns nothing.
        let magistrat = app.login("magistrat-siege.lyon@demo.greffe.fr").await;
        let report: SyncReport = sync(&app, &magistrat, &batch[2..3]).await.json();
        assert!(report.applied.is_empty());
        assert!(matches!(
            report.refused.map(|r| r.error),
            Some(AppError::Validation { .. })
        ));
        app
    })
    .await;
}

#[tokio::test]
async fn a_stale_change_is_refused_with_the_server_copy_and_holds_back_the_rest() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let (id, affaires) = audience(&app, &g, 14).await;
        let a = &affaires[0];
        // Meanwhile, online, someone saved a note on the affaire.
        let res = app
            .post_json(
                "/api/note_enregistrer",
                &json!({ "affaire_id": a.id, "base": 0, "texte": "Version de la salle voisine." }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let decision = Operation::Decision {
            version: a.version,
            prevenu_id: a.prevenus[0].id.clone(),
            decision: relaxe(a),
        };
        let batch = vec![
            mutation(
                10,
                &id,
                &a.id,
                Operation::Note {
                    base: 0,
                    texte: "Ma note hors ligne.".into(),
                },
            ),
            mutation(11, &id, &a.id, decision.clone()),
        ];
        let report: SyncReport = sync(&app, &g, &batch).await.json();
        assert!(report.applied.is_empty());
        let refused = report.refused.expect("the stale note is refused");
        assert_eq!(refused.id, uuid(10));
        assert!(matches!(refused.error, AppError::Conflict(_)));
        let copy = refused.server.expect("the server's copy comes with it");
        assert_eq!(copy.notes[0].texte, "Version de la salle voisine.");
        assert_eq!(copy.affaire.version, a.version);
        // The decision behind it was not tried.
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM decision WHERE prevenu_id = ?",
                &a.prevenus[0].id
            )
            .await,
            0
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM mutation WHERE affaire_id = ?", &a.id).await,
            0
        );

        // The greffier keeps their version: rechained on the server's, it goes through.
        let rebased = vec![
            mutation(
                10,
                &id,
                &a.id,
                Operation::Note {
                    base: copy.notes[0].version,
                    texte: "Ma note hors ligne.".into(),
                },
            ),
            mutation(11, &id, &a.id, decision),
        ];
        let report: SyncReport = sync(&app, &g, &rebased).await.json();
        assert_eq!(report.refused, None);
        assert_eq!(report.applied.len(), 2);
        let notes: Vec<NoteVersion> = app
            .post_json("/api/note_historique", &json!({ "affaire_id": a.id }), Some(&g))
            .await
            .json();
        assert_eq!(
            notes.iter().map(|n| n.texte.as_str()).collect::<Vec<_>>(),
            ["Ma note hors ligne.", "Version de la salle voisine."],
            "both versions kept, nothing overwritten"
        );
        let after: AffaireDetail = app
            .post_json("/api/affaire", &json!({ "id": a.id }), Some(&g))
            .await
            .json();
        assert_eq!(after.prevenus[0].decision.as_ref(), Some(&relaxe(a)));
        assert_eq!(after.version, a.version + 1);
        app
    })
    .await;
}

#[tokio::test]
async fn forged_or_foreign_changes_are_refused() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let (id, affaires) = audience(&app, &g, 16).await;
        let a = &affaires[0];
        let note = |n: u32, affaire: &str| {
            mutation(
                n,
                &id,
                affaire,
                Operation::Note {
                    base: 0,
                    texte: "x".into(),
                },
            )
        };

        // Not a UUID: refused, nothing written.
        let mut bad = note(20, &a.id);
        bad.id = "1; DROP TABLE mutation".into();
        let report: SyncReport = sync(&app, &g, &[bad]).await.json();
        assert!(matches!(
            report.refused.map(|r| r.error),
            Some(AppError::Validation { .. })
        ));

        // More than a batch: refused whole.
        let many: Vec<Mutation> = (0..101).map(|n| note(1000 + n, &a.id)).collect();
        assert_eq!(sync(&app, &g, &many).await.status.as_u16(), 422);

        // An affaire of Strasbourg after a good one: the request fails as not found; the
        // first change stays applied and its replay changes nothing.
        let other = app.login("greffier.strasbourg@demo.greffe.fr").await;
        let list: Vec<AudienceSummary> = app.post("/api/mes_audiences", &[], Some(&other)).await.json();
        let foreign: AudienceDetail = app
            .post_json("/api/audience", &json!({ "id": list[0].id }), Some(&other))
            .await
            .json();
        let batch = vec![note(21, &a.id), note(22, &foreign.affaires[0].id)];
        assert_eq!(sync(&app, &g, &batch).await.status.as_u16(), 404);
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM note_audience WHERE affaire_id = ?", &a.id).await,
            1
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM note_audience WHERE affaire_id = ?",
                &foreign.affaires[0].id
            )
            .await,
            0
        );
        let report: SyncReport = sync(&app, &g, &batch[..1]).await.json();
        assert!(report.applied[0].deja);

        // A magistrat du siège records decisions but not the greffier's note.
        let siege = app.login("magistrat-siege.lyon@demo.greffe.fr").await;
        assert_eq!(sync(&app, &siege, &[note(23, &a.id)]).await.status.as_u16(), 403);
        // No session: nothing.
        assert_eq!(
            app.post_json("/api/synchroniser", &json!({ "mutations": [note(24, &a.id)] }), None)
                .await
                .status
                .as_u16(),
            401
        );
        app
    })
    .await;
}

#[tokio::test]
async fn the_service_worker_and_the_shell_name_the_release_and_carry_no_data() {
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await;
    let sw = app.get("/sw.js", None).await;
    assert_eq!(sw.status.as_u16(), 200);
    assert!(
        sw.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let version = sw
        .body
        .lines()
        .find_map(|l| l.strip_prefix("const VERSION = \""))
        .and_then(|v| v.strip_suffix("\";"))
        .expect("a version line");
    assert_eq!(version.len(), 16);
    assert!(version.chars().all(|c| c.is_ascii_hexdigit()), "{version}");
    for asset in [
        "\"/hors-ligne.html\"",
        "\"/greffe-coffre.js\"",
        "\"/manifest.webmanifest\"",
        "\"/icones/greffe-512.png\"",
    ] {
        assert!(sw.body.contains(asset), "{asset} is precached");
    }
    assert!(!sw.body.contains("__PRECACHE__") && !sw.body.contains("/api/"));
    assert_eq!(app.get("/sw.js", None).await.body, sw.body, "stable within a release");

    let shell = app.get("/hors-ligne.html", None).await;
    assert_eq!(shell.status.as_u16(), 200);
    let csp = shell.headers["content-security-policy"].to_str().unwrap();
    let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    assert!(shell.body.contains("/hors-ligne-demarrage.js") && shell.body.contains("/greffe-coffre.js"));
    // The shell is the same for everyone: no session is read, nothing personal is in it.
    let g = app.login(GREFFIER).await;
    assert_eq!(app.get("/hors-ligne.html", Some(&g)).await.body, shell.body);
    let boot = app.get("/hors-ligne-demarrage.js", None).await;
    assert!(boot.body.contains("hors_ligne()"), "{}", boot.body);
    app.cleanup().await;
}
