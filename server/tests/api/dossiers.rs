//! Cour de cassation dossiers through the server functions, on both backends.

use crate::helpers::{TestApp, on_each_backend};
use app::domain::pourvoi::Candidats;
use app::domain::pourvoi::PourvoiDetail;
use app::error::AppError;
use http_body_util::BodyExt;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

const GREFFIER: &str = "greffier.cassation@demo.greffe.fr";

fn form(numero: &str, matiere: &str) -> Value {
    let today = crate::helpers::paris_today();
    json!({ "form": {
        "numero": numero, "matiere": matiere, "date_pourvoi": today.to_string(),
        "decision_juridiction": "Cour d'appel de Lyon", "decision_date": (today - chrono::Duration::days(30)).to_string(),
        "decision_numero": "24/01234", "demandeur": "M. Albert MARTIN", "defendeur": "Mme Berthe DURAND",
        "avocats": "SCP Exemple", "detenu": matiere == "penal" } })
}

fn numero(seq: u32) -> String {
    format!(
        "{:02}-99.{seq:03}",
        chrono::Datelike::year(&crate::helpers::paris_today()) % 100
    )
}

pub(crate) async fn open(app: &TestApp, cookie: &str, id: &str) -> PourvoiDetail {
    app.post_json("/api/pourvoi", &json!({ "id": id }), Some(cookie))
        .await
        .json()
}

#[tokio::test]
async fn a_pourvoi_is_registered_once_with_its_deadlines_and_first_event() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id: String = app
            .post_json("/api/pourvoi_enregistrer", &form(&numero(1), "civil"), Some(&g))
            .await
            .json();
        let p = open(&app, &g, &id).await;
        assert_eq!(p.numero, numero(1));
        assert_eq!(p.stade.code(), "enregistre");
        assert!(!p.detenu);
        let rules: Vec<&str> = p.echeances.iter().map(|e| e.rule_id.as_str()).collect();
        assert_eq!(rules, vec!["cpc-978"]);
        let e = &p.echeances[0];
        assert!(e.basis.contains("978"), "{}", e.basis);
        assert!(e.due > e.depart && e.ouverte);
        assert!(!e.steps.is_empty());
        assert_eq!(p.evenements.len(), 1);
        assert!(p.evenements[0].detail.contains(&numero(1)));

        // Pénal: the three deadlines the déclaration starts, soonest first.
        let id: String = app
            .post_json("/api/pourvoi_enregistrer", &form(&numero(2), "penal"), Some(&g))
            .await
            .json();
        let p = open(&app, &g, &id).await;
        assert!(p.detenu);
        assert_eq!(p.echeances.len(), 3);
        assert!(p.echeances.windows(2).all(|w| w[0].due <= w[1].due));

        // Twice: refused in French; malformed: refused on the field.
        let res = app
            .post_json("/api/pourvoi_enregistrer", &form(&numero(1), "civil"), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 409);
        assert!(matches!(res.error(), AppError::Conflict(m) if m.contains("déjà enregistré")));
        let res = app
            .post_json("/api/pourvoi_enregistrer", &form("26-1.2345", "civil"), Some(&g))
            .await;
        assert!(matches!(res.error(), AppError::Validation { field, .. } if field == "numero"));

        // Only the greffe of the Cour de cassation registers; others cannot read it.
        let lyon = app.login("greffier.lyon@demo.greffe.fr").await;
        let res = app
            .post_json("/api/pourvoi_enregistrer", &form(&numero(3), "civil"), Some(&lyon))
            .await;
        assert_eq!(res.status.as_u16(), 403);
        let res = app.post_json("/api/pourvoi", &json!({ "id": id }), Some(&lyon)).await;
        assert_eq!(res.status.as_u16(), 404);
        let conseiller = app.login("magistrat-siege.cassation@demo.greffe.fr").await;
        assert_eq!(open(&app, &conseiller, &id).await.numero, numero(2));
        let res = app
            .post_json(
                "/api/pourvoi_enregistrer",
                &form(&numero(4), "civil"),
                Some(&conseiller),
            )
            .await;
        assert_eq!(res.status.as_u16(), 403);
        app
    })
    .await;
}

/// A PDF whose bytes differ with `tag`.
pub(crate) fn pdf(tag: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% {tag}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n").into_bytes()
}

pub(crate) fn piece_fields<'a>(nature: &'a str, date: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("nature", nature), ("date_piece", date), ("deposant", "SCP Exemple")]
}

pub(crate) async fn candidats(app: &TestApp, cookie: &str, id: &str) -> Candidats {
    app.post_json("/api/pourvoi_candidats", &json!({ "id": id }), Some(cookie))
        .await
        .json()
}

/// The number `sql` selects (its first column), read straight from the database.
async fn scalar(db: sea_orm::DatabaseConnection, sql: String) -> i64 {
    db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

/// Open dossiers of `user` in `col`, counted straight from the table.
async fn workload(app: &TestApp, col: &str, user: i64) -> i64 {
    let sql = format!("SELECT COUNT(*) AS n FROM pourvoi WHERE {col} = {user} AND stade <> 'arret'");
    scalar(app.db.clone(), sql).await
}

#[tokio::test]
async fn a_dossier_is_oriented_distributed_instructed_and_decided() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let today = crate::helpers::paris_today();
        let id: String = app
            .post_json("/api/pourvoi_enregistrer", &form(&numero(10), "civil"), Some(&g))
            .await
            .json();
        let p = open(&app, &g, &id).await;
        // Not oriented: nobody to distribute to, and distribution is refused.
        assert!(candidats(&app, &g, &id).await.rapporteurs.is_empty());
        let res = app
            .post_json(
                "/api/pourvoi_distribuer",
                &json!({ "id": id, "version": p.version, "rapporteur": 1, "avocat_general": 1, "motif": "" }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 409, "{}", res.body);

        // Orientation: a civil pourvoi cannot go to the chambre criminelle; a stale version is refused.
        let orient = |chambre: &str, version: i64| {
            json!({ "id": id, "version": version, "chambre": chambre, "formation": "fs" })
        };
        let res = app.post_json("/api/pourvoi_orienter", &orient("crim", p.version), Some(&g)).await;
        assert!(matches!(res.error(), AppError::Validation { field, .. } if field == "chambre"));
        let res = app.post_json("/api/pourvoi_orienter", &orient("civ1", p.version + 7), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 409);
        let res = app.post_json("/api/pourvoi_orienter", &orient("civ1", p.version), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let p = open(&app, &g, &id).await;
        assert_eq!((p.chambre.as_deref(), p.stade.code(), p.formation.as_str()), (Some("civ1"), "oriente", "fs"));
        assert!(p.evenements[0].detail.contains("Première chambre civile"));

        // Candidates: magistrats of the chambre (or of none), lightest workload first, counted right.
        let c = candidats(&app, &g, &id).await;
        let names: Vec<&str> = c.rapporteurs.iter().map(|x| x.nom.as_str()).collect();
        assert_eq!(c.rapporteurs.len(), 2, "the two civ1 conseillers: {names:?}");
        for x in &c.rapporteurs {
            assert_eq!(x.en_cours, workload(&app, "rapporteur_id", x.id).await, "{}", x.nom);
        }
        assert!(c.rapporteurs.windows(2).all(|w| w[0].en_cours <= w[1].en_cours));
        assert_eq!(c.avocats_generaux.len(), 1);
        let (r1, ag) = (c.rapporteurs[0].clone(), c.avocats_generaux[0].clone());

        let distribute = |r: i64, version: i64, motif: &str| {
            json!({ "id": id, "version": version, "rapporteur": r, "avocat_general": ag.id, "motif": motif })
        };
        // A magistrat of another chambre is refused.
        let crim = app.login("conseiller3.cassation@demo.greffe.fr").await;
        let crim_id: i64 = serde_json::from_str::<Value>(&app.post("/api/moi", &[], Some(&crim)).await.body).unwrap()["id"]
            .as_i64()
            .unwrap();
        let res = app.post_json("/api/pourvoi_distribuer", &distribute(crim_id, p.version, ""), Some(&g)).await;
        assert!(matches!(res.error(), AppError::Validation { field, .. } if field == "rapporteur"), "{}", res.body);
        let res = app.post_json("/api/pourvoi_distribuer", &distribute(r1.id, p.version, ""), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let p = open(&app, &g, &id).await;
        assert_eq!(p.stade.code(), "distribue");
        assert_eq!(p.rapporteur.as_deref(), Some(r1.nom.as_str()));
        assert_eq!(p.affectations.len(), 2);
        let after = candidats(&app, &g, &id).await;
        assert_eq!(after.rapporteurs.iter().find(|x| x.id == r1.id).unwrap().en_cours, r1.en_cours + 1);

        // Reassignment needs a motif and keeps the history.
        let r2 = c.rapporteurs[1].clone();
        let res = app.post_json("/api/pourvoi_distribuer", &distribute(r2.id, p.version, " "), Some(&g)).await;
        assert!(matches!(res.error(), AppError::Validation { field, .. } if field == "motif"));
        let res = app
            .post_json("/api/pourvoi_distribuer", &distribute(r2.id, p.version, "Déport"), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let p = open(&app, &g, &id).await;
        assert_eq!(p.affectations.len(), 3, "one more, for the rapporteur only");
        let ended: Vec<_> = p.affectations.iter().filter(|a| a.fin.is_some()).collect();
        assert_eq!(ended.len(), 1);
        assert_eq!(ended[0].nom, r1.nom);
        assert!(p.affectations.iter().any(|a| a.nom == r2.nom && a.fin.is_none() && a.motif == "Déport"));

        // The new rapporteur hears of the dossier's events live; Lyon cannot listen to it.
        let r2_cookie = app.login(&email_of(&app, r2.id).await).await;
        let (status, mut stream) = app.open_stream("/flux", &r2_cookie, None).await;
        assert_eq!(status.as_u16(), 200);
        let lyon = app.login("greffier.lyon@demo.greffe.fr").await;
        let (status, _) = app.open_stream(&format!("/flux?pourvoi={id}"), &lyon, None).await;
        assert_eq!(status.as_u16(), 404);

        // Mémoire ampliatif: closes art. 978, opens art. 982 from its date.
        let date = today.to_string();
        let url = format!("/pourvois/{id}/pieces");
        let res = app
            .upload(&url, &piece_fields("memoire_ampliatif", &date), ("ma.pdf", &pdf("ma")), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 201, "{}", res.body);
        let piece_id = res.body.clone();
        let frame = tokio::time::timeout(std::time::Duration::from_secs(5), async {
            loop {
                let f = stream.frame().await.unwrap().unwrap();
                if let Ok(d) = f.into_data() {
                    let text = String::from_utf8_lossy(&d).into_owned();
                    if text.contains("evenement") {
                        return text;
                    }
                }
            }
        })
        .await
        .expect("the event arrives on the stream");
        assert!(frame.contains(&numero(10)) && frame.contains("Mémoire ampliatif"), "{frame}");
        let p = open(&app, &g, &id).await;
        let e978 = p.echeances.iter().find(|e| e.rule_id == "cpc-978").unwrap();
        assert!(!e978.ouverte && e978.cloture.contains("Mémoire ampliatif"), "{e978:?}");
        let e982 = p.echeances.iter().find(|e| e.rule_id == "cpc-982").unwrap();
        let expected = app::domain::deadline::compute(
            app::domain::deadline::rule("cpc-982").unwrap(),
            today,
            app::domain::juridiction::Calendar::parse("metropole"),
        );
        assert_eq!((e982.ouverte, e982.due.clone()), (true, expected.due.to_string()));
        assert_eq!(p.pieces.len(), 1);
        assert_eq!(p.pieces[0].mime, "application/pdf");
        use sha2::Digest;
        assert_eq!(p.pieces[0].sha256, hex::encode(sha2::Sha256::digest(pdf("ma"))));
        assert_eq!(
            app.get_bytes(&format!("/pourvois/{id}/pieces/{piece_id}"), Some(&g)).await,
            pdf("ma")
        );
        let res = app.get(&format!("/pourvois/{id}/pieces/{piece_id}"), Some(&lyon)).await;
        assert_eq!(res.status.as_u16(), 404);

        // Refused uploads change nothing.
        let refused = [
            (piece_fields("memoire_ampliatif", &date), ("copie.pdf", pdf("ma")), 409, "déjà"),
            (piece_fields("autre", &date), ("x.pdf", b"MZ\x90\x00 not a pdf".to_vec()), 415, "PDF, ODT et DOCX"),
            (piece_fields("autre", &date), ("big.pdf", {
                let mut b = pdf("big");
                b.resize(app::domain::pourvoi::MAX_PIECE_BYTES + 1, b' ');
                b
            }), 413, "10 Mo"),
            (piece_fields("avis", &date), ("a.pdf", pdf("a")), 422, "Type de pièce"),
            (piece_fields("autre", "2999-01-01"), ("b.pdf", pdf("b")), 422, "Date"),
            (vec![("nature", "autre"), ("date_piece", &date), ("deposant", "")], ("c.pdf", pdf("c")), 422, "Déposant"),
        ];
        for (fields, (name, bytes), status, message) in refused {
            let res = app.upload(&url, &fields, (name, &bytes), Some(&g)).await;
            assert_eq!((res.status.as_u16(), name), (status, name), "{}", res.body);
            assert!(res.body.contains(message), "{name}: {}", res.body);
        }
        let res = app.upload(&url, &piece_fields("autre", &date), ("d.pdf", &pdf("d")), Some(&lyon)).await;
        assert_eq!(res.status.as_u16(), 403);
        let res = app.upload(&url, &piece_fields("memoire_defense", &date), ("e.pdf", &pdf("e")), Some(&crim)).await;
        assert_eq!(res.status.as_u16(), 403, "a conseiller files his rapport, not the parties' mémoires");
        assert_eq!(open(&app, &g, &id).await.pieces.len(), 1);

        // Mémoire en défense closes art. 982; rapport and avis make the dossier ready.
        let res = app
            .upload(&url, &piece_fields("memoire_defense", &date), ("md.pdf", &pdf("md")), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 201);
        // The task lists wait for the rapport and the avis: the greffe's both, the rapporteur's
        // his rapport only.
        let waiting = |t: &app::domain::pourvoi::Taches| -> Vec<(String, String)> {
            t.attendues
                .iter()
                .filter(|a| a.pourvoi_id == id)
                .map(|a| (a.piece.clone(), a.auteur.clone()))
                .collect()
        };
        let tasks = |cookie: &str| {
            let cookie = cookie.to_owned();
            let app = &app;
            async move {
                app.post_json("/api/taches", &json!({ "chambre": null }), Some(&cookie))
                    .await
                    .json::<app::domain::pourvoi::Taches>()
            }
        };
        assert_eq!(
            waiting(&tasks(&g).await),
            [
                ("Rapport du conseiller rapporteur".to_owned(), r2.nom.clone()),
                ("Avis de l'avocat général".to_owned(), ag.nom.clone())
            ]
        );
        assert_eq!(
            waiting(&tasks(&r2_cookie).await),
            [("Rapport du conseiller rapporteur".to_owned(), r2.nom.clone())]
        );
        // The rapporteur the redistribution replaced no longer files the rapport.
        let r1_cookie = app.login(&email_of(&app, r1.id).await).await;
        let res = app
            .upload(&url, &piece_fields("rapport", &date), ("r1.pdf", &pdf("r1")), Some(&r1_cookie))
            .await;
        assert_eq!(res.status.as_u16(), 403, "{}", res.body);
        assert!(res.body.contains("pas distribué"), "{}", res.body);
        let r2_cookie_rapport = app
            .upload(&url, &piece_fields("rapport", &date), ("rapport.pdf", &pdf("r")), Some(&r2_cookie))
            .await;
        assert_eq!(r2_cookie_rapport.status.as_u16(), 201, "{}", r2_cookie_rapport.body);
        let parquet = app.login("magistrat-parquet.cassation@demo.greffe.fr").await;
        let res = app.upload(&url, &piece_fields("avis_ag", &date), ("avis.pdf", &pdf("avis")), Some(&parquet)).await;
        assert_eq!(res.status.as_u16(), 201);
        let p = open(&app, &g, &id).await;
        assert!(p.echeances.iter().all(|e| !e.ouverte), "{:?}", p.echeances);
        assert_eq!(p.stade.code(), "instruit");
        assert_eq!(p.pieces.len(), 4);
        assert!(waiting(&tasks(&g).await).is_empty(), "nothing awaited once instruit");

        // Arrêt: recorded once, then the dossier is closed to orientation.
        let arret = |version: i64, solution: &str| {
            json!({ "id": id, "version": version,
                "form": { "solution": solution, "date_arret": date, "formation": "fs" } })
        };
        let res = app.post_json("/api/pourvoi_arret", &arret(p.version, "avis"), Some(&g)).await;
        assert!(matches!(res.error(), AppError::Validation { field, .. } if field == "solution"));
        let res = app.post_json("/api/pourvoi_arret", &arret(p.version, "rejet"), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let p = open(&app, &g, &id).await;
        assert_eq!((p.stade.code(), p.arret.as_ref().unwrap().solution.as_str()), ("arret", "rejet"));
        let res = app.post_json("/api/pourvoi_arret", &arret(p.version, "rejet"), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 409);
        let res = app.post_json("/api/pourvoi_orienter", &orient("civ2", p.version), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 409);

        // Following a dossier.
        let res = app.post_json("/api/pourvoi_suivre", &json!({ "id": id, "suivre": true }), Some(&crim)).await;
        assert_eq!(res.status.as_u16(), 200);
        assert!(open(&app, &crim, &id).await.suivi);
        assert!(!open(&app, &g, &id).await.suivi);
        let res = app.post_json("/api/pourvoi_suivre", &json!({ "id": id, "suivre": true }), Some(&lyon)).await;
        assert_eq!(res.status.as_u16(), 404);

        // The pilotage figures followed every change of chambre and stade.
        let stored = app::store::stats::stored(&app.db).await.unwrap();
        assert_eq!(stored, app::store::stats::recount(&app.db).await.unwrap());
        app
    })
    .await;
}

async fn email_of(app: &TestApp, id: i64) -> String {
    app.db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            format!("SELECT email FROM app_user WHERE id = {id}"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<String>(0)
        .unwrap()
}

fn judilibre(which: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/data/judilibre/sample_detail_{which}_652c0c2.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[tokio::test]
async fn a_judilibre_arret_attaches_to_all_its_pourvois_or_to_none() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let register = |numero: &str| {
            let mut f = form(numero, "civil");
            f["form"]["date_pourvoi"] = "2019-03-01".into();
            f["form"]["decision_date"] = "2019-01-31".into();
            f
        };
        let first: String = app.post_json("/api/pourvoi_enregistrer", &register("19-60.222"), Some(&g)).await.json();
        let import = |contenu: String| json!({ "contenu": contenu });

        // The second pourvoi of the arrêt is unknown: reported, nothing written.
        let res = app.post_json("/api/arret_importer", &import(judilibre("resolved")), Some(&g)).await;
        assert!(
            matches!(res.error(), AppError::Validation { ref message, .. } if message.contains("19-70.333") && message.contains("Rien")),
            "{}",
            res.body
        );
        assert!(open(&app, &g, &first).await.arret.is_none());

        // Malformed files.
        for bad in ["{", "[]", r#"{"jurisdiction":"cc","type":"arret","numbers":["19-60.222"],"solution":"rejet"}"#] {
            let res = app.post_json("/api/arret_importer", &import(bad.into()), Some(&g)).await;
            assert_eq!(res.status.as_u16(), 422, "{bad}: {}", res.body);
        }

        let second: String = app.post_json("/api/pourvoi_enregistrer", &register("19-70.333"), Some(&g)).await.json();
        let res = app.post_json("/api/arret_importer", &import(judilibre("unresolved")), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let numeros: Vec<String> = res.json();
        assert_eq!(numeros, ["19-60.222", "19-70.333"]);
        for id in [&first, &second] {
            let p = open(&app, &g, id).await;
            let a = p.arret.unwrap();
            assert_eq!((a.solution.as_str(), a.date_arret.as_str(), a.source.as_str()), ("rejet", "2020-11-25", "judilibre"));
            assert_eq!(a.ecli, "ECLI:FR:CCASS:2020:SO01153");
            assert_eq!(p.stade.code(), "arret");
            assert!(p.echeances.iter().all(|e| !e.ouverte));
        }
        // The same arrêt again (labels this time): refused, nothing doubled.
        let res = app.post_json("/api/arret_importer", &import(judilibre("resolved")), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 409);
        // Only the greffe of the Cour de cassation imports.
        let conseiller = app.login("magistrat-siege.cassation@demo.greffe.fr").await;
        let res = app.post_json("/api/arret_importer", &import(judilibre("resolved")), Some(&conseiller)).await;
        assert_eq!(res.status.as_u16(), 403);
        app
    })
    .await;
}

#[tokio::test]
async fn search_results_come_a_page_at_a_time_each_pourvoi_once() {
    use app::domain::pourvoi::{PAR_PAGE, Resultats};
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let search = |criteres: Value| {
            let (app, g) = (&app, &g);
            async move {
                let res = app
                    .post_json("/api/pourvois_recherche", &json!({ "criteres": criteres }), Some(g))
                    .await;
                assert_eq!(res.status.as_u16(), 200, "{}", res.body);
                res.json::<Resultats>()
            }
        };
        // More registrations than a page holds, all of the same day and parties.
        let mut ids = Vec::new();
        for n in 100..(102 + PAR_PAGE) {
            ids.push(
                app.post_json("/api/pourvoi_enregistrer", &form(&numero(n), "civil"), Some(&g))
                    .await
                    .json::<String>(),
            );
        }
        // A name searched with a stade or chambre finds a pourvoi where it is now: one of them
        // oriented to the première chambre civile leaves « enregistré » and « aucune ».
        let filtered = |stade: &str, chambre: &str| json!({ "q": "berthe durand", "stade": stade, "chambre": chambre });
        let before = search(filtered("enregistre", "aucune")).await.total;
        let p = open(&app, &g, &ids[7]).await;
        let res = app
            .post_json(
                "/api/pourvoi_orienter",
                &json!({ "id": ids[7], "version": p.version, "chambre": "civ1", "formation": "fs" }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        assert_eq!(search(filtered("enregistre", "aucune")).await.total, before - 1);
        let now = search(filtered("oriente", "civ1")).await;
        assert!(now.lignes.iter().any(|l| l.id == ids[7]), "{now:?}");
        assert!(
            search(filtered("oriente", "civ2"))
                .await
                .lignes
                .iter()
                .all(|l| l.id != ids[7])
        );
        // Read from the pourvois (a stade; none), from the word index alone (whole words; the
        // start of a word), from both (a name and a stade), and by number.
        let by_number = numero(1)[..6].to_owned();
        let newest = app::domain::pourvoi::TRANCHES[0].0;
        for criteres in [
            json!({ "stade": "enregistre" }),
            json!({ "q": "durand" }),
            json!({ "q": "berthe durand" }),
            json!({ "q": "Durand Berthe", "tranche": newest }),
            json!({ "q": "duran" }),
            json!({ "q": "Durand", "stade": "enregistre" }),
            json!({}),
            json!({ "q": by_number }),
        ] {
            let first = search(criteres.clone()).await;
            let total = first.total;
            assert!(total > i64::from(PAR_PAGE), "{criteres}: {total}");
            let pages = app::domain::pourvoi::pages(total);
            let mut seen = Vec::new();
            for page in 1..=pages {
                let mut c = criteres.clone();
                c["page"] = page.into();
                let r = search(c).await;
                assert_eq!(r.total, total, "{criteres} page {page}");
                let full = page < pages;
                assert!(!full || r.lignes.len() == PAR_PAGE as usize, "{criteres} page {page}");
                seen.extend(r.lignes.into_iter().map(|l| (l.date_pourvoi, l.numero, l.id)));
            }
            assert_eq!(seen.len() as i64, total, "{criteres}: every result on one page");
            // Newest first, then by number (a number search: by number); each pourvoi once.
            let mut sorted = seen.clone();
            if criteres["q"] == by_number.as_str() {
                sorted.sort_by(|a, b| a.1.cmp(&b.1));
            } else {
                sorted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            }
            assert_eq!(seen, sorted, "{criteres}");
            sorted.dedup_by(|a, b| a.2 == b.2);
            assert_eq!(sorted.len(), seen.len(), "{criteres}");
            // A page past the last is empty and says how many there are.
            let mut c = criteres.clone();
            c["page"] = (pages + 1).into();
            let r = search(c).await;
            assert!(r.lignes.is_empty() && r.total == total);
        }
        // Whole words and starts of words find the same pourvois as each word alone, taken
        // together: one with « albert » but no « durand », one under « durant ».
        for (n, defendeur) in [(300, "Mme Bertille LEROY"), (301, "Mme Berthe DURANT")] {
            let mut f = form(&numero(n), "civil");
            f["form"]["defendeur"] = json!(defendeur);
            let res = app.post_json("/api/pourvoi_enregistrer", &f, Some(&g)).await;
            assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        }
        let found = |q: &'static str| {
            let search = &search;
            async move {
                let total = search(json!({ "q": q })).await.total;
                let mut ids = std::collections::BTreeSet::new();
                for page in 1..=app::domain::pourvoi::pages(total) {
                    ids.extend(
                        search(json!({ "q": q, "page": page }))
                            .await
                            .lignes
                            .into_iter()
                            .map(|l| l.numero),
                    );
                }
                assert_eq!(ids.len() as i64, total, "{q}");
                ids
            }
        };
        let both = found("albert durand").await;
        assert_eq!(both, &found("albert").await & &found("durand").await);
        assert!(!both.contains(&numero(300)) && found("albert").await.contains(&numero(300)));
        let starts = found("ber dur").await;
        let ber = &found("berthe").await | &found("bertille").await;
        let dur = &found("durand").await | &found("durant").await;
        assert_eq!(starts, &ber & &dur);
        assert!(starts.contains(&numero(301)) && !starts.contains(&numero(300)));
        assert!(found("zzzz durand").await.is_empty());
        // Absurd pages are refused in French and change nothing.
        for page in [json!(0), json!(10_001), json!(-1), json!("deux"), json!(1.5)] {
            let res = app
                .post_json(
                    "/api/pourvois_recherche",
                    &json!({ "criteres": { "q": "a", "page": page } }),
                    Some(&g),
                )
                .await;
            assert!(res.status.is_client_error(), "page {page}: {}", res.status);
        }
        let res = app
            .post_json(
                "/api/pourvois_recherche",
                &json!({ "criteres": { "page": 0 } }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 422);
        assert!(res.body.contains("Page de résultats"), "{}", res.body);
        app
    })
    .await;
}

#[tokio::test]
async fn stock_search_and_task_lists_count_what_the_tables_hold() {
    use app::domain::pourvoi::{Resultats, Stock, Taches};
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let count = |sql: String| scalar(app.db.clone(), sql);
        let cass = app.juridiction("CCASS").await;
        // The stock: every open dossier once, cells by chambre × stade.
        let stock: Stock = app.post_json("/api/pourvois_stock", &json!({}), Some(&g)).await.json();
        let open = count(format!(
            "SELECT COUNT(*) FROM pourvoi WHERE juridiction_id = {cass} AND stade <> 'arret'"
        ))
        .await;
        assert!(open > 0);
        assert_eq!(stock.total, open);
        let civ1_distribue = count(format!(
            "SELECT COUNT(*) FROM pourvoi WHERE juridiction_id = {cass} AND chambre = 'civ1' AND stade = 'distribue'"
        ))
        .await;
        let cells: i64 = stock
            .cellules
            .iter()
            .filter(|c| c.0 == "civ1" && c.1.code() == "distribue")
            .map(|c| c.3)
            .sum();
        assert_eq!(cells, civ1_distribue);

        // Each stock cell leads to exactly its dossiers (the search reads the pourvois
        // themselves, by day: the cells kept by the database must agree with it).
        for (chambre, stade, tranche, n) in stock.cellules.iter() {
            let chambre = if chambre.is_empty() { "aucune" } else { chambre };
            let r: Resultats = app
                .post_json(
                    "/api/pourvois_recherche",
                    &json!({ "criteres": { "chambre": chambre, "stade": stade, "tranche": tranche } }),
                    Some(&g),
                )
                .await
                .json();
            assert_eq!(r.total, *n, "{chambre} {stade:?} {tranche}");
        }

        // Search by number, party (any case) and avocat.
        let id: String = app
            .post_json("/api/pourvoi_enregistrer", &form(&numero(20), "civil"), Some(&g))
            .await
            .json();
        let search = |q: &str| json!({ "criteres": { "q": q } });
        for q in [
            numero(20),
            numero(20)[..5].to_owned(),
            "berthe durand".into(),
            "Bérthe DURÀND".into(),
            "DURAND Berthe".into(),
            "dur  ber".into(),
            "SCP EXEMPLE".into(),
        ] {
            let r: Resultats = app
                .post_json("/api/pourvois_recherche", &search(&q), Some(&g))
                .await
                .json();
            assert!(r.lignes.iter().any(|l| l.id == id), "{q}");
        }
        let r: Resultats = app
            .post_json("/api/pourvois_recherche", &search("100%_"), Some(&g))
            .await
            .json();
        assert_eq!(r.total, 0, "wildcards are literal");
        // Words are matched from their start, every word of the search.
        for q in ["erthe", "berthe martine", "%"] {
            let r: Resultats = app
                .post_json("/api/pourvois_recherche", &search(q), Some(&g))
                .await
                .json();
            assert!(r.lignes.iter().all(|l| l.id != id), "{q}");
        }
        let res = app
            .post_json(
                "/api/pourvois_recherche",
                &json!({ "criteres": { "stade": "x" } }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 422);

        // Task lists: the greffe sees the new dossier's deadline when it is due within 30 days;
        // a conseiller sees only his dossiers.
        let late_date = crate::helpers::paris_today() - chrono::Duration::days(15);
        let mut late = form(
            &format!("{:02}-99.021", chrono::Datelike::year(&late_date) % 100),
            "penal",
        );
        late["form"]["date_pourvoi"] = late_date.to_string().into();
        late["form"]["decision_date"] = (late_date - chrono::Duration::days(5)).to_string().into();
        let late_id: String = app.post_json("/api/pourvoi_enregistrer", &late, Some(&g)).await.json();
        let t: Taches = app
            .post_json("/api/taches", &json!({ "chambre": null }), Some(&g))
            .await
            .json();
        let mine: Vec<_> = t.echeances.iter().filter(|e| e.pourvoi_id == late_id).collect();
        assert!(
            mine.iter().any(|e| e.quand == "retard" && e.basis.contains("584")),
            "{mine:?}"
        );
        assert!(mine.iter().any(|e| e.basis.contains("585-1")), "{mine:?}");
        let conseiller = app.login("conseiller4.cassation@demo.greffe.fr").await;
        let t: Taches = app
            .post_json("/api/taches", &json!({ "chambre": null }), Some(&conseiller))
            .await
            .json();
        assert_eq!(t.portee, "Mes dossiers");
        assert!(t.echeances.iter().all(|e| e.pourvoi_id != late_id));
        app.post_json(
            "/api/pourvoi_suivre",
            &json!({ "id": late_id, "suivre": true }),
            Some(&conseiller),
        )
        .await;
        let t: Taches = app
            .post_json("/api/taches", &json!({ "chambre": null }), Some(&conseiller))
            .await
            .json();
        assert!(
            t.echeances.iter().any(|e| e.pourvoi_id == late_id),
            "a followed dossier is his too"
        );
        let res = app.post_json("/api/taches", &json!({ "chambre": "x" }), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 422);
        app
    })
    .await;
}

/// The next working day at least `days` days from today.
fn working_day(days: i64) -> chrono::NaiveDate {
    use chrono::Datelike;
    let mut d = crate::helpers::paris_today() + chrono::Duration::days(days);
    while d.weekday().number_from_monday() > 5 {
        d += chrono::Duration::days(1);
    }
    d
}

#[tokio::test]
async fn ready_dossiers_are_scheduled_to_a_seance_of_their_chambre() {
    use app::domain::pourvoi::{SeanceLigne, SeanceView};
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let date = working_day(10).to_string();
        let seance =
            |chambre: &str, date: &str| json!({ "form": { "chambre": chambre, "formation": "fs", "date": date } });
        let res = app
            .post_json("/api/seance_creer", &seance("civ1", "2020-01-06"), Some(&g))
            .await;
        assert!(matches!(res.error(), AppError::Validation { field, .. } if field == "date"));
        let civ1: String = app
            .post_json("/api/seance_creer", &seance("civ1", &date), Some(&g))
            .await
            .json();
        let res = app
            .post_json("/api/seance_creer", &seance("civ1", &date), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 409, "one séance per chambre, formation and day");
        let soc: String = app
            .post_json("/api/seance_creer", &seance("soc", &date), Some(&g))
            .await
            .json();

        // A dossier made ready: oriented, distributed, rapport and avis filed.
        let id: String = app
            .post_json("/api/pourvoi_enregistrer", &form(&numero(30), "civil"), Some(&g))
            .await
            .json();
        let p = open(&app, &g, &id).await;
        app.post_json(
            "/api/pourvoi_orienter",
            &json!({ "id": id, "version": p.version, "chambre": "civ1", "formation": "fs" }),
            Some(&g),
        )
        .await;
        let schedule = |version: i64, s: &str| json!({ "id": id, "version": version, "seance": s });
        let p = open(&app, &g, &id).await;
        let res = app
            .post_json("/api/pourvoi_audiencer", &schedule(p.version, &civ1), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 409, "not ready yet");
        let c = candidats(&app, &g, &id).await;
        app.post_json(
            "/api/pourvoi_distribuer",
            &json!({ "id": id, "version": p.version, "rapporteur": c.rapporteurs[0].id,
                "avocat_general": c.avocats_generaux[0].id, "motif": "" }),
            Some(&g),
        )
        .await;
        let today = crate::helpers::paris_today().to_string();
        for (nature, tag) in [("rapport", "r"), ("avis_ag", "a")] {
            let res = app
                .upload(
                    &format!("/pourvois/{id}/pieces"),
                    &piece_fields(nature, &today),
                    ("p.pdf", &pdf(tag)),
                    Some(&g),
                )
                .await;
            assert_eq!(res.status.as_u16(), 201, "{}", res.body);
        }
        let p = open(&app, &g, &id).await;
        assert_eq!(p.stade.code(), "instruit");

        // Another chambre's séance is refused; its own is taken.
        let res = app
            .post_json("/api/pourvoi_audiencer", &schedule(p.version, &soc), Some(&g))
            .await;
        assert!(matches!(res.error(), AppError::Validation { field, .. } if field == "seance"));
        let res = app
            .post_json("/api/pourvoi_audiencer", &schedule(p.version, &civ1), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let p = open(&app, &g, &id).await;
        assert_eq!(p.stade.code(), "audience");
        assert!(p.evenements[0].detail.contains("Audiencé"));

        // The rôle of the séance lists it with its rapporteur; the list counts it.
        let s: SeanceView = app
            .post_json("/api/seance", &json!({ "id": civ1 }), Some(&g))
            .await
            .json();
        assert_eq!(s.role.len(), 1);
        assert_eq!(s.role[0].0.numero, numero(30));
        assert_eq!(s.role[0].1, c.rapporteurs[0].nom);
        let l: Vec<SeanceLigne> = app
            .post_json("/api/seances", &json!({ "chambre": "civ1" }), Some(&g))
            .await
            .json();
        assert_eq!(l.iter().find(|x| x.id == civ1).unwrap().dossiers, 1);
        assert!(l.iter().all(|x| x.chambre == "civ1"));
        let conseiller = app.login("magistrat-siege.cassation@demo.greffe.fr").await;
        let res = app
            .post_json("/api/pourvoi_audiencer", &schedule(p.version, &civ1), Some(&conseiller))
            .await;
        assert_eq!(res.status.as_u16(), 403);
        app
    })
    .await;
}

#[tokio::test]
async fn a_corrected_date_recomputes_the_open_deadlines_it_started() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let today = crate::helpers::paris_today();
        let mut f = form(&numero(40), "penal");
        f["form"]["decision_date"] = (today - chrono::Duration::days(60)).to_string().into();
        let id: String = app.post_json("/api/pourvoi_enregistrer", &f, Some(&g)).await.json();
        let p = open(&app, &g, &id).await;
        // Close one deadline first: it must stay as it was.
        app.post_json(
            "/api/pourvoi_reception",
            &json!({ "id": id, "version": p.version, "date": today.to_string() }),
            Some(&g),
        )
        .await;
        let before = open(&app, &g, &id).await;
        let closed = before
            .echeances
            .iter()
            .find(|e| e.rule_id == "cpp-586")
            .unwrap()
            .clone();
        assert!(!closed.ouverte);
        assert!(
            before.echeances.iter().any(|e| e.rule_id == "cpp-567-2" && e.ouverte),
            "détenu: art. 567-2 opened"
        );

        // A new date in the same year as the number (today or earlier that year).
        let new_date = std::cmp::max(
            today - chrono::Duration::days(3),
            chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), 1, 1).unwrap(),
        );
        let correct = |version: i64, date: String| json!({ "id": id, "version": version, "date": date });
        let res = app
            .post_json(
                "/api/pourvoi_corriger_date",
                &correct(before.version, (today + chrono::Duration::days(1)).to_string()),
                Some(&g),
            )
            .await;
        assert!(matches!(res.error(), AppError::Validation { field, .. } if field == "date_pourvoi"));
        if new_date == today {
            return app; // 1 January: no earlier date in the number's year.
        }
        let res = app
            .post_json(
                "/api/pourvoi_corriger_date",
                &correct(before.version, new_date.to_string()),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let after = open(&app, &g, &id).await;
        assert_eq!(after.date_pourvoi, new_date.to_string());
        let calendar = app::domain::juridiction::Calendar::parse("metropole");
        for rule in ["cpp-584", "cpp-585-1"] {
            let e = after.echeances.iter().find(|e| e.rule_id == rule).unwrap();
            let expected =
                app::domain::deadline::compute(app::domain::deadline::rule(rule).unwrap(), new_date, calendar);
            assert_eq!(
                (e.depart.clone(), e.due.clone()),
                (new_date.to_string(), expected.due.to_string()),
                "{rule}"
            );
        }
        let still = after.echeances.iter().find(|e| e.rule_id == "cpp-586").unwrap();
        assert_eq!(
            (still.due.clone(), still.ouverte),
            (closed.due.clone(), false),
            "closed deadlines are kept"
        );
        assert!(after.evenements[0].detail.contains("recalculées"));
        // The word index sorts the pourvoi under its new date.
        let words = |on_date: &'static str| {
            let sql = format!(
                "SELECT COUNT(*) FROM pourvoi_mot WHERE pourvoi_id = '{id}' AND date_pourvoi {on_date} '{new_date}'"
            );
            scalar(app.db.clone(), sql)
        };
        assert!(words("=").await > 0, "search words re-dated");
        assert_eq!(words("<>").await, 0);
        let res = app
            .post_json(
                "/api/pourvoi_corriger_date",
                &correct(before.version, new_date.to_string()),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 409, "stale version");
        app
    })
    .await;
}

#[tokio::test]
async fn a_certificat_de_non_pourvoi_is_refused_when_a_pourvoi_exists() {
    use app::domain::pourvoi::Certificat;
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let today = crate::helpers::paris_today();
        let decision = (today - chrono::Duration::days(30)).to_string();
        let ask = |numero: &str| json!({ "juridiction": "cour d'appel de lyon", "date": decision, "numero": numero });
        app.post_json("/api/pourvoi_enregistrer", &form(&numero(50), "civil"), Some(&g))
            .await;
        let c: Certificat = app
            .post_json("/api/certificat_non_pourvoi", &ask("24/01234"), Some(&g))
            .await
            .json();
        assert_eq!(c.pourvois, vec![numero(50)], "same decision, any case");
        let c: Certificat = app
            .post_json("/api/certificat_non_pourvoi", &ask("24/09999"), Some(&g))
            .await
            .json();
        assert!(c.pourvois.is_empty());
        assert_eq!(c.delivre_le, crate::helpers::paris_today().to_string());
        let res = app
            .post_json(
                "/api/certificat_non_pourvoi",
                &json!({ "juridiction": "", "date": decision, "numero": "1" }),
                Some(&g),
            )
            .await;
        assert!(matches!(res.error(), AppError::Validation { field, .. } if field == "juridiction"));
        app
    })
    .await;
}

#[tokio::test]
async fn a_corrected_piece_date_moves_the_deadlines_it_started_and_closed() {
    use app::domain::deadline::{compute, rule};
    use app::domain::juridiction::Calendar;
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let today = crate::helpers::paris_today();
        let day = |n: i64| today - chrono::Duration::days(n);
        let mut f = form(&numero(40), "civil");
        f["form"]["date_pourvoi"] = day(40).to_string().into();
        f["form"]["decision_date"] = day(60).to_string().into();
        let id: String = app.post_json("/api/pourvoi_enregistrer", &f, Some(&g)).await.json();
        let res = app
            .upload(
                &format!("/pourvois/{id}/pieces"),
                &piece_fields("memoire_ampliatif", &day(20).to_string()),
                ("ma.pdf", &pdf("correction")),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 201, "{}", res.body);
        let piece = res.body.clone();
        let p = open(&app, &g, &id).await;
        let correct = |version: i64, piece: &str, date: chrono::NaiveDate| {
            json!({ "id": id, "version": version, "piece": piece, "date": date.to_string() })
        };

        // Refused: a stale version, a date before the pourvoi or in the future, another
        // dossier's pièce; the Lyon greffe has no access. Nothing changes.
        let res = app.post_json("/api/piece_corriger_date", &correct(p.version - 1, &piece, day(30)), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 409);
        for bad in [day(41), today + chrono::Duration::days(1)] {
            let res = app.post_json("/api/piece_corriger_date", &correct(p.version, &piece, bad), Some(&g)).await;
            assert!(matches!(res.error(), AppError::Validation { field, .. } if field == "date_piece"), "{}", res.body);
        }
        let res = app.post_json("/api/piece_corriger_date", &correct(p.version, "autre", day(30)), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 404);
        let lyon = app.login("greffier.lyon@demo.greffe.fr").await;
        let res = app.post_json("/api/piece_corriger_date", &correct(p.version, &piece, day(30)), Some(&lyon)).await;
        assert_eq!(res.status.as_u16(), 403);
        assert_eq!(open(&app, &g, &id).await.version, p.version);

        // Corrected to 30 days ago: art. 982 runs from it, art. 978 was closed that day.
        let res = app.post_json("/api/piece_corriger_date", &correct(p.version, &piece, day(30)), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let p = open(&app, &g, &id).await;
        assert_eq!(p.pieces[0].date_piece, day(30).to_string());
        let e982 = p.echeances.iter().find(|e| e.rule_id == "cpc-982").unwrap();
        let expected = compute(rule("cpc-982").unwrap(), day(30), Calendar::Metropole).due;
        assert_eq!((e982.depart.as_str(), e982.due.clone()), (day(30).to_string().as_str(), expected.to_string()));
        let e978 = p.echeances.iter().find(|e| e.rule_id == "cpc-978").unwrap();
        assert!(!e978.ouverte);
        assert!(e978.cloture.contains(&day(30).format("%d/%m/%Y").to_string()), "{}", e978.cloture);
        assert!(p.evenements[0].nature == "correction" && p.evenements[0].detail.contains("date corrigée"));
        assert_aggregates_equal(&app).await;
        app
    })
    .await;
}

async fn assert_aggregates_equal(app: &TestApp) {
    let stored = app::store::stats::stored(&app.db).await.unwrap();
    let recount = app::store::stats::recount(&app.db).await.unwrap();
    assert_eq!(stored, recount, "[{:?}]", app.backend);
}

#[tokio::test]
async fn notifications_wait_for_the_user_who_was_away_until_he_reads_them() {
    use app::domain::pourvoi::Notifications;
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id: String = app
            .post_json("/api/pourvoi_enregistrer", &form(&numero(50), "civil"), Some(&g))
            .await
            .json();
        let p = open(&app, &g, &id).await;
        let res = app
            .post_json(
                "/api/pourvoi_orienter",
                &json!({ "id": id, "version": p.version, "chambre": "civ1", "formation": "fs" }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let c = candidats(&app, &g, &id).await;
        let (r, ag) = (c.rapporteurs[0].clone(), c.avocats_generaux[0].clone());
        let p = open(&app, &g, &id).await;
        let res = app
            .post_json(
                "/api/pourvoi_distribuer",
                &json!({ "id": id, "version": p.version, "rapporteur": r.id, "avocat_general": ag.id, "motif": "" }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        // The rapporteur was not connected: the distribution waits for him, unread.
        let rapporteur = app.login(&email_of(&app, r.id).await).await;
        let notices = |cookie: String| {
            let app = &app;
            async move {
                app.post_json("/api/mes_notifications", &json!({}), Some(&cookie))
                    .await
                    .json::<Notifications>()
            }
        };
        let n = notices(rapporteur.clone()).await;
        let ours: Vec<_> = n.evenements.iter().filter(|e| e.pourvoi_id == id).collect();
        assert!(
            ours.iter().any(|e| e.nouvelle && e.detail.starts_with("Distribué")),
            "{ours:?}"
        );
        assert!(n.non_lues >= ours.len() as i64);
        let unread = |cookie: String| {
            let app = &app;
            async move {
                app.post_json("/api/notifications_non_lues", &json!({}), Some(&cookie))
                    .await
                    .json::<i64>()
            }
        };
        assert_eq!(unread(rapporteur.clone()).await, n.non_lues, "the menu's count");
        // Read up to the newest shown: nothing unread; what he does himself is not notified
        // to him. A bad date changes nothing; an earlier mark does not move it back.
        let res = app
            .post_json(
                "/api/notifications_lues",
                &json!({ "jusqua": "hier" }),
                Some(&rapporteur),
            )
            .await;
        assert_eq!(res.status.as_u16(), 422);
        let res = app
            .post_json(
                "/api/notifications_lues",
                &json!({ "jusqua": n.evenements[0].instant }),
                Some(&rapporteur),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let res = app
            .post_json(
                "/api/notifications_lues",
                &json!({ "jusqua": "2020-01-01T00:00:00Z" }),
                Some(&rapporteur),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let n = notices(rapporteur.clone()).await;
        assert_eq!(n.non_lues, 0);
        assert_eq!(unread(rapporteur.clone()).await, 0);
        assert!(n.evenements.iter().all(|e| !e.nouvelle));
        let res = app
            .upload(
                &format!("/pourvois/{id}/pieces"),
                &piece_fields("rapport", &crate::helpers::paris_today().to_string()),
                ("rapport.pdf", &pdf("notifications")),
                Some(&rapporteur),
            )
            .await;
        assert_eq!(res.status.as_u16(), 201, "{}", res.body);
        assert_eq!(notices(rapporteur.clone()).await.non_lues, 0, "his own rapport");
        // The greffe follows the dossier: the rapport is news to it, its own acts are not.
        app.post_json("/api/pourvoi_suivre", &json!({ "id": id, "suivre": true }), Some(&g))
            .await;
        let n = notices(g.clone()).await;
        let ours: Vec<_> = n.evenements.iter().filter(|e| e.pourvoi_id == id).collect();
        assert_eq!(ours.len(), 1, "{ours:?}");
        assert!(ours[0].nouvelle && ours[0].detail.starts_with("Rapport"), "{ours:?}");
        assert_eq!(unread(g.clone()).await, n.non_lues);
        // Another juridiction has no such list.
        let lyon = app.login("greffier.lyon@demo.greffe.fr").await;
        let res = app.post_json("/api/mes_notifications", &json!({}), Some(&lyon)).await;
        assert_eq!(res.status.as_u16(), 403);
        app
    })
    .await;
}

/// Civil delays grow with the party's residence (art. 643 CPC): the demandeur's for the
/// mémoire ampliatif, the défendeur's for the mémoire en défense; each deadline cites the
/// wording in force on its start date. A bad residence is refused on its field.
#[tokio::test]
async fn civil_deadlines_add_the_delais_de_distance_of_the_party_concerned() {
    use app::domain::deadline::{Residence, compute_for, rule};
    use app::domain::juridiction::Calendar;
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let today = crate::helpers::paris_today();
        let day = |n: i64| today - chrono::Duration::days(n);
        let mut f = form(&numero(60), "civil");
        f["form"]["date_pourvoi"] = day(10).to_string().into();
        f["form"]["residence_demandeur"] = "lune".into();
        let res = app.post_json("/api/pourvoi_enregistrer", &f, Some(&g)).await;
        assert_eq!(res.status.as_u16(), 422, "{}", res.body);
        assert!(
            matches!(res.error(), AppError::Validation { field, message } if field == "residence_demandeur" && message.contains("Résidence du demandeur")),
            "{}",
            res.body
        );

        f["form"]["residence_demandeur"] = "etranger".into();
        f["form"]["residence_defendeur"] = "outre-mer".into();
        let id: String = app.post_json("/api/pourvoi_enregistrer", &f, Some(&g)).await.json();
        let p = open(&app, &g, &id).await;
        assert_eq!((p.residence_demandeur.as_str(), p.residence_defendeur.as_str()), ("etranger", "outre-mer"));
        let e978 = p.echeances.iter().find(|e| e.rule_id == "cpc-978").unwrap();
        let expected = compute_for(rule("cpc-978").unwrap(), day(10), Calendar::Metropole, Residence::Etranger);
        assert_eq!(e978.due, expected.due.to_string());
        let plain = compute_for(rule("cpc-978").unwrap(), day(10), Calendar::Metropole, Residence::Metropole);
        assert!(expected.due > plain.due, "six months, not four");
        assert!(e978.steps.iter().any(|s| s.contains("art. 643 CPC") && s.contains("à l'étranger")), "{:?}", e978.steps);
        assert!(e978.basis.contains("art. 978 CPC") && e978.basis.contains("en vigueur le"), "{}", e978.basis);

        let res = app
            .upload(
                &format!("/pourvois/{id}/pieces"),
                &piece_fields("memoire_ampliatif", &day(5).to_string()),
                ("ma.pdf", &pdf("distance")),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 201, "{}", res.body);
        let p = open(&app, &g, &id).await;
        let e982 = p.echeances.iter().find(|e| e.rule_id == "cpc-982").unwrap();
        let expected = compute_for(rule("cpc-982").unwrap(), day(5), Calendar::Metropole, Residence::OutreMer);
        assert_eq!(e982.due, expected.due.to_string(), "the défendeur's residence: one more month");
        app
    })
    .await;
}

/// A détenu's dossier received: the Cour's three months and the demandeur's one-month mémoire
/// (art. 567-2 CPP) open; the mémoire ampliatif closes the latter.
#[tokio::test]
async fn a_detenu_dossier_received_opens_the_memoire_deadline_of_art_567_2() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let today = crate::helpers::paris_today();
        let id: String = app
            .post_json("/api/pourvoi_enregistrer", &form(&numero(61), "penal"), Some(&g))
            .await
            .json();
        let p = open(&app, &g, &id).await;
        let res = app
            .post_json(
                "/api/pourvoi_reception",
                &json!({ "id": id, "version": p.version, "date": today.to_string() }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let p = open(&app, &g, &id).await;
        let open_rules: Vec<&str> = p
            .echeances
            .iter()
            .filter(|e| e.ouverte)
            .map(|e| e.rule_id.as_str())
            .collect();
        assert!(
            open_rules.contains(&"cpp-567-2") && open_rules.contains(&"cpp-567-2-memoire"),
            "{open_rules:?}"
        );
        let memoire = p.echeances.iter().find(|e| e.rule_id == "cpp-567-2-memoire").unwrap();
        let expected = app::domain::deadline::compute(
            app::domain::deadline::rule("cpp-567-2-memoire").unwrap(),
            today,
            app::domain::juridiction::Calendar::Metropole,
        );
        assert_eq!(memoire.due, expected.due.to_string());
        assert!(
            p.evenements[0]
                .detail
                .contains("mémoire du demandeur à déposer au plus tard le"),
            "{}",
            p.evenements[0].detail
        );

        let res = app
            .upload(
                &format!("/pourvois/{id}/pieces"),
                &piece_fields("memoire_ampliatif", &today.to_string()),
                ("ma.pdf", &pdf("567-2")),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 201, "{}", res.body);
        let p = open(&app, &g, &id).await;
        let memoire = p.echeances.iter().find(|e| e.rule_id == "cpp-567-2-memoire").unwrap();
        assert!(!memoire.ouverte, "closed by the mémoire");
        assert!(
            p.echeances.iter().any(|e| e.rule_id == "cpp-567-2" && e.ouverte),
            "the Cour's three months run on"
        );
        app
    })
    .await;
}

/// Courts seated outre-mer count their abolition-of-slavery day as a holiday.
#[tokio::test]
async fn courts_outre_mer_have_their_territory_calendar() {
    on_each_backend(|app| async move {
        for (code, calendar) in [
            ("214", "guadeloupe"),
            ("215", "martinique"),
            ("41809", "mayotte"),
            ("165", "alsace-moselle"),
            ("223", "metropole"),
        ] {
            let id = app.juridiction(code).await;
            let row = app
                .db
                .query_one_raw(sea_orm::Statement::from_sql_and_values(
                    app.db.get_database_backend(),
                    match app.db.get_database_backend() {
                        sea_orm::DbBackend::Postgres => "SELECT calendar FROM juridiction WHERE id = $1",
                        _ => "SELECT calendar FROM juridiction WHERE id = ?",
                    },
                    [id.into()],
                ))
                .await
                .unwrap()
                .unwrap();
            let got: String = row.try_get_by_index(0).unwrap();
            assert_eq!(got, calendar, "{code}");
        }
        app
    })
    .await;
}
