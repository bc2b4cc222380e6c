//! The Cour de cassation's special procedures through the server functions, on both
//! backends: each circuit, what it does to its pourvoi, the Judilibre import, who may do
//! what, and concurrent writers.

use crate::dossiers::{open, pdf, piece_fields};
use crate::helpers::{TestApp, on_each_backend, paris_today};
use app::domain::pourvoi::{ProcedureView, Procedures, Taches};
use app::error::AppError;
use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};

const GREFFIER: &str = "greffier.cassation@demo.greffe.fr";

fn numero(range: u32, seq: u32) -> String {
    format!("{}-{range:02}.{seq:03}", paris_today().format("%y"))
}

fn days_ago(n: i64) -> NaiveDate {
    paris_today() - Duration::days(n)
}

/// Registers a pourvoi formed `ago` days ago; returns its id.
async fn pourvoi(app: &TestApp, g: &str, numero: &str, matiere: &str, ago: i64) -> String {
    let date = days_ago(ago);
    let form = json!({ "form": {
        "numero": numero, "matiere": matiere, "date_pourvoi": date.to_string(),
        "decision_juridiction": "Cour d'appel de Lyon", "decision_date": (date - Duration::days(20)).to_string(),
        "decision_numero": "24/01234", "demandeur": "M. Łukasz WÓJCIK", "defendeur": "Mme Berthe DURAND",
        "avocats": "SCP Exemple", "detenu": false } });
    app.post_json("/api/pourvoi_enregistrer", &form, Some(g)).await.json()
}

fn on_pourvoi(nature: &str, numero: &str, date: NaiveDate) -> Value {
    json!({ "form": { "nature": nature, "pourvoi": numero, "date_saisine": date.to_string(),
        "objet": "", "memoire_distinct": false } })
}

async fn register(app: &TestApp, g: &str, form: &Value) -> String {
    app.post_json("/api/procedure_enregistrer", form, Some(g)).await.json()
}

async fn procedure(app: &TestApp, cookie: &str, id: &str) -> ProcedureView {
    app.post_json("/api/procedure", &json!({ "id": id }), Some(cookie))
        .await
        .json()
}

fn fin(id: &str, version: i64, issue: &str, date: NaiveDate, acte: &str) -> Value {
    json!({ "id": id, "version": version, "form": { "issue": issue, "date_fin": date.to_string(), "acte": acte } })
}

async fn end(app: &TestApp, g: &str, id: &str, issue: &str, date: NaiveDate) {
    let version = procedure(app, g, id).await.version;
    let res = app
        .post_json(
            "/api/procedure_terminer",
            &fin(id, version, issue, date, "ordonnance"),
            Some(g),
        )
        .await;
    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
}

fn deadline<'a>(p: &'a app::domain::pourvoi::PourvoiDetail, rule: &str) -> Vec<&'a app::domain::pourvoi::EcheanceView> {
    p.echeances.iter().filter(|e| e.rule_id == rule).collect()
}

#[tokio::test]
async fn a_qpc_runs_its_three_months_shows_in_the_tasks_and_ends_once() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let n = numero(98, 1);
        let pid = pourvoi(&app, &g, &n, "civil", 100).await;
        // Without its mémoire distinct: refused on that field, nothing written.
        let mut form = on_pourvoi("qpc", &n, days_ago(80));
        form["form"]["objet"] = "L'article 1009-1 CPC méconnaît-il le droit à un recours effectif ?".into();
        let res = app.post_json("/api/procedure_enregistrer", &form, Some(&g)).await;
        assert!(
            matches!(res.error(), AppError::Validation { ref field, .. } if field == "memoire_distinct"),
            "{}",
            res.body
        );
        assert!(open(&app, &g, &pid).await.procedures.is_empty());
        form["form"]["memoire_distinct"] = true.into();
        let id = register(&app, &g, &form).await;
        let q = procedure(&app, &g, &id).await;
        let e = q.echeance.clone().expect("a QPC has its deadline");
        assert_eq!(e.rule_id, "qpc-23-5");
        assert_eq!(e.depart, days_ago(80).to_string());
        let due = NaiveDate::parse_from_str(&e.due, "%Y-%m-%d").unwrap();
        assert!(
            due >= days_ago(80) + Duration::days(89) && due <= days_ago(80) + Duration::days(92),
            "{due}"
        );
        assert!(e.basis.contains("23-5") && e.lapse.contains("23-7"), "{e:?}");
        assert!(
            q.fondement.iter().any(|f| f.contains("loi organique n° 2009-1523")),
            "{:?}",
            q.fondement
        );
        assert!(q.en_cours && q.pieces.iter().any(|p| p.contains("Mémoire distinct")));
        // Shown on its pourvoi, and among the greffe's tasks (due within 30 days).
        let p = open(&app, &g, &pid).await;
        assert_eq!(p.procedures.len(), 1);
        assert!(
            p.evenements[0].detail.contains("Question prioritaire"),
            "{:?}",
            p.evenements[0]
        );
        let t: Taches = app
            .post_json("/api/taches", &json!({ "chambre": null }), Some(&g))
            .await
            .json();
        let task = t
            .echeances
            .iter()
            .find(|t| t.procedure_id.as_deref() == Some(id.as_str()));
        assert!(
            task.is_some_and(|t| t.numero == n && t.label.contains("QPC")),
            "{:?}",
            t.echeances
        );
        // One QPC at a time on a pourvoi.
        let res = app.post_json("/api/procedure_enregistrer", &form, Some(&g)).await;
        assert_eq!(res.status.as_u16(), 409, "{}", res.body);

        // Who may: others read or are refused; only the greffe ends it.
        let conseiller = app.login("magistrat-siege.cassation@demo.greffe.fr").await;
        assert_eq!(procedure(&app, &conseiller, &id).await.id, id);
        let res = app
            .post_json(
                "/api/procedure_terminer",
                &fin(&id, q.version, "renvoi", paris_today(), "arret"),
                Some(&conseiller),
            )
            .await;
        assert_eq!(res.status.as_u16(), 403);
        let lyon = app.login("greffier.lyon@demo.greffe.fr").await;
        for (path, body) in [
            ("/api/procedure", json!({ "id": id })),
            ("/api/procedure_enregistrer", form.clone()),
            ("/api/procedures", json!({ "nature": null, "en_cours": false })),
        ] {
            let res = app.post_json(path, &body, Some(&lyon)).await;
            assert_eq!(res.status.as_u16(), 403, "{path}: {}", res.body);
        }

        // A stale version, an outcome of another procedure, a date before the saisine: refused.
        let stale = app
            .post_json(
                "/api/procedure_terminer",
                &fin(&id, q.version + 1, "renvoi", paris_today(), "arret"),
                Some(&g),
            )
            .await;
        assert_eq!(stale.status.as_u16(), 409, "{}", stale.body);
        for (issue, date) in [
            ("avis_rendu", paris_today()),
            ("renvoi", days_ago(81)),
            ("renvoi", paris_today() + Duration::days(1)),
        ] {
            let res = app
                .post_json(
                    "/api/procedure_terminer",
                    &fin(&id, q.version, issue, date, "arret"),
                    Some(&g),
                )
                .await;
            assert_eq!(res.status.as_u16(), 422, "{issue} {date}: {}", res.body);
        }
        let res = app
            .post_json(
                "/api/procedure_terminer",
                &fin(&id, q.version, "renvoi", days_ago(2), "arret"),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let q = procedure(&app, &g, &id).await;
        assert!(!q.en_cours);
        assert_eq!(q.issue.as_deref(), Some("renvoi"));
        assert!(!q.echeance.unwrap().ouverte);
        // Ending it again: refused; the pourvoi itself goes on.
        let res = app
            .post_json(
                "/api/procedure_terminer",
                &fin(&id, q.version, "non_renvoi", days_ago(1), "arret"),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 409, "{}", res.body);
        assert!(open(&app, &g, &pid).await.arret.is_none());
        app
    })
    .await;
}

#[tokio::test]
async fn radiation_interrupts_the_defence_delay_then_peremption_until_reinscription() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let n = numero(98, 2);
        let pid = pourvoi(&app, &g, &n, "civil", 60).await;
        let url = format!("/pourvois/{pid}/pieces");
        let res = app
            .upload(
                &url,
                &piece_fields("memoire_ampliatif", &days_ago(50).to_string()),
                ("ma.pdf", &pdf("ma-radiation")),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 201, "{}", res.body);
        assert!(deadline(&open(&app, &g, &pid).await, "cpc-982")[0].ouverte);

        // Nothing to reinstate before a radiation; no radiation in penal matters.
        let res = app
            .post_json(
                "/api/procedure_enregistrer",
                &on_pourvoi("reinscription", &n, days_ago(5)),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 409, "{}", res.body);
        let penal = numero(98, 3);
        pourvoi(&app, &g, &penal, "penal", 10).await;
        let res = app
            .post_json(
                "/api/procedure_enregistrer",
                &on_pourvoi("radiation", &penal, days_ago(5)),
                Some(&g),
            )
            .await;
        assert!(
            matches!(res.error(), AppError::Validation { ref message, .. } if message.contains("civile")),
            "{}",
            res.body
        );

        // The request interrupts the défendeur's delay.
        let radiation = register(&app, &g, &on_pourvoi("radiation", &n, days_ago(10))).await;
        let p = open(&app, &g, &pid).await;
        let e = deadline(&p, "cpc-982");
        assert!(!e[0].ouverte && e[0].cloture.contains("radiation"), "{e:?}");
        // Ordered: péremption runs two years from the ordonnance.
        end(&app, &g, &radiation, "radiation", days_ago(5)).await;
        let p = open(&app, &g, &pid).await;
        let per = deadline(&p, "cpc-1009-2");
        assert_eq!(per.len(), 1);
        assert!(per[0].ouverte && per[0].depart == days_ago(5).to_string());
        assert!(
            per[0].due.as_str() >= (days_ago(5) + Duration::days(729)).to_string().as_str(),
            "{per:?}"
        );
        // Reinstated: péremption closed, the défendeur's delay runs again from that day.
        let reinscription = register(&app, &g, &on_pourvoi("reinscription", &n, days_ago(1))).await;
        end(&app, &g, &reinscription, "reinscription", paris_today()).await;
        let p = open(&app, &g, &pid).await;
        assert!(!deadline(&p, "cpc-1009-2")[0].ouverte);
        let again: Vec<_> = deadline(&p, "cpc-982").into_iter().filter(|e| e.ouverte).collect();
        assert_eq!(again.len(), 1, "{:?}", p.echeances);
        assert_eq!(again[0].depart, paris_today().to_string());
        // Listed with their counters.
        let list: Procedures = app
            .post_json(
                "/api/procedures",
                &json!({ "nature": "radiation", "en_cours": false }),
                Some(&g),
            )
            .await
            .json();
        assert_eq!(list.lignes.iter().filter(|l| l.numero == n).count(), 1);
        assert!(list.lignes.iter().all(|l| l.nature.code() == "radiation"));
        let c = list.compteurs.iter().find(|c| c.nature.code() == "radiation").unwrap();
        assert_eq!((c.en_cours, c.terminees_annee >= 1), (0, true));
        let res = app
            .post_json(
                "/api/procedures",
                &json!({ "nature": "grace", "en_cours": false }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 422);
        app
    })
    .await;
}

#[tokio::test]
async fn a_desistement_ends_the_pourvoi_and_a_rabat_brings_it_back() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let n = numero(98, 4);
        let pid = pourvoi(&app, &g, &n, "civil", 30).await;
        let res = app
            .post_json(
                "/api/procedure_enregistrer",
                &on_pourvoi("rabat", &n, days_ago(3)),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 409, "nothing to rabattre yet: {}", res.body);
        let d = register(&app, &g, &on_pourvoi("desistement", &n, days_ago(3))).await;
        end(&app, &g, &d, "desistement", days_ago(1)).await;
        let p = open(&app, &g, &pid).await;
        assert_eq!(p.stade.code(), "arret");
        assert_eq!(p.arret.as_ref().unwrap().solution, "desistement");
        assert!(p.echeances.iter().all(|e| !e.ouverte));
        // Decided: a QPC is too late; a rabat is not.
        let mut qpc = on_pourvoi("qpc", &n, paris_today());
        qpc["form"]["objet"] = "Question".into();
        qpc["form"]["memoire_distinct"] = true.into();
        let res = app.post_json("/api/procedure_enregistrer", &qpc, Some(&g)).await;
        assert_eq!(res.status.as_u16(), 409, "{}", res.body);
        let r = register(&app, &g, &on_pourvoi("rabat", &n, paris_today())).await;
        assert!(procedure(&app, &g, &r).await.echeance.is_none());
        end(&app, &g, &r, "rabat", paris_today()).await;
        let p = open(&app, &g, &pid).await;
        assert_eq!(p.stade.code(), "instruit");
        assert!(p.arret.is_none());
        assert!(p.evenements[0].detail.contains("rabattu"), "{:?}", p.evenements[0]);
        app
    })
    .await;
}

#[tokio::test]
async fn a_saisine_pour_avis_has_its_own_number_and_delay() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let n = numero(70, 5);
        let form = |numero: &str| {
            json!({ "form": { "nature": "avis", "numero": numero, "matiere": "penal",
                "origine": "Tribunal correctionnel de Lyon, jugement du 2 novembre 2026",
                "date_saisine": days_ago(2).to_string(), "objet": "Question de droit nouvelle, difficulté sérieuse" } })
        };
        let avis_en_cours = || async {
            let list: Procedures = app
                .post_json("/api/procedures", &json!({ "nature": "avis", "en_cours": true }), Some(&g))
                .await
                .json();
            list.compteurs.iter().find(|c| c.nature.code() == "avis").unwrap().en_cours
        };
        let before = avis_en_cours().await;
        let id = register(&app, &g, &form(&n)).await;
        let a = procedure(&app, &g, &id).await;
        assert_eq!((a.numero.as_str(), a.pourvoi_id.clone()), (n.as_str(), None));
        let e = a.echeance.unwrap();
        assert_eq!(e.rule_id, "cpp-706-67");
        assert!(e.steps.iter().any(|s| s.contains("art. 706-67 CPP")), "{:?}", e.steps);
        // The same number again, or a pourvoi's number: refused, in French.
        let res = app.post_json("/api/procedure_enregistrer", &form(&n), Some(&g)).await;
        assert!(matches!(res.error(), AppError::Conflict(ref m) if m.contains("déjà enregistrée")), "{}", res.body);
        let p = numero(98, 6);
        pourvoi(&app, &g, &p, "penal", 5).await;
        let res = app.post_json("/api/procedure_enregistrer", &form(&p), Some(&g)).await;
        assert!(matches!(res.error(), AppError::Validation { ref field, .. } if field == "numero"), "{}", res.body);
        // Absurd input: a 4xx, nothing written.
        for bad in [
            json!({ "form": { "nature": "avis", "numero": n, "matiere": "penal", "origine": "x", "date_saisine": "9999-99-99", "objet": "q" } }),
            json!({ "form": { "nature": "avis", "pourvoi": p, "date_saisine": paris_today().to_string(), "objet": "q" } }),
            json!({ "form": { "nature": 7 } }),
            json!({ "form": { "nature": "suspicion_legitime", "numero": numero(70, 9), "matiere": "civil", "origine": "x", "date_saisine": paris_today().to_string(), "objet": "q" } }),
        ] {
            let res = app.post_json("/api/procedure_enregistrer", &bad, Some(&g)).await;
            assert!(res.status.is_client_error(), "{bad}: {} {}", res.status, res.body);
        }
        let list: Procedures = app
            .post_json("/api/procedures", &json!({ "nature": "avis", "en_cours": true }), Some(&g))
            .await
            .json();
        assert_eq!(list.lignes.iter().filter(|l| l.numero == n).count(), 1);
        assert_eq!(avis_en_cours().await, before + 1);
        app
    })
    .await;
}

fn decision(kind: &str, solution: &str, numeros: &[&str], date: NaiveDate) -> Value {
    let mut v: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/tests/data/judilibre/sample_detail_resolved_652c0c2.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    v["type"] = kind.into();
    v["solution"] = solution.into();
    v["numbers"] = json!(numeros);
    v["decision_date"] = date.to_string().into();
    json!({ "contenu": v.to_string() })
}

#[tokio::test]
async fn judilibre_qpc_decisions_and_ordonnances_end_what_they_decide() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let n = numero(98, 7);
        let pid = pourvoi(&app, &g, &n, "penal", 40).await;
        let mut qpc = on_pourvoi("qpc", &n, days_ago(30));
        qpc["form"]["objet"] = "Question".into();
        qpc["form"]["memoire_distinct"] = true.into();
        let q = register(&app, &g, &qpc).await;
        // A QPC decision: the QPC ends (its deadline with it), the pourvoi goes on.
        let res = app
            .post_json(
                "/api/arret_importer",
                &decision("qpc", "Non-lieu à statuer", &[&n], days_ago(1)),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let v = procedure(&app, &g, &q).await;
        assert_eq!(v.issue.as_deref(), Some("non_renvoi"));
        assert!(!v.echeance.unwrap().ouverte);
        assert!(open(&app, &g, &pid).await.arret.is_none());
        // « Autre » with nothing in progress to attach to: refused, nothing written.
        let res = app
            .post_json(
                "/api/arret_importer",
                &decision("other", "Autre", &[&n], days_ago(1)),
                Some(&g),
            )
            .await;
        assert!(
            matches!(res.error(), AppError::Validation { ref message, .. } if message.contains("Aucune procédure")),
            "{}",
            res.body
        );
        let res = app
            .post_json(
                "/api/arret_importer",
                &decision("saisie", "Autre", &[&n], days_ago(1)),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 422, "{}", res.body);
        // An ordonnance de déchéance ends the pourvoi by itself.
        let res = app
            .post_json(
                "/api/arret_importer",
                &decision("ordonnance", "Déchéance", &[&n], paris_today()),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let p = open(&app, &g, &pid).await;
        assert_eq!(p.arret.map(|a| a.solution), Some("decheance".into()));
        app
    })
    .await;
}

/// The statuses of `body` posted to `path` six times at once by two greffiers, sorted.
async fn six_at_once(app: &TestApp, path: &str, body: &Value, cookies: [&str; 2]) -> Vec<u16> {
    let calls = (0..6).map(|i| app.post_json(path, body, Some(cookies[i % 2])));
    let mut statuses: Vec<u16> = futures::future::join_all(calls)
        .await
        .iter()
        .map(|r| r.status.as_u16())
        .collect();
    statuses.sort();
    statuses
}

/// Many greffiers at once: one end of a procedure wins, the others are told; one saisine
/// per number; one radiation request per pourvoi. No 5xx, nothing doubled.
#[tokio::test]
async fn concurrent_writers_on_a_procedure_never_double_it() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let g2 = app.login(GREFFIER).await;
        let one_wins = [200, 409, 409, 409, 409, 409];
        let n = numero(98, 8);
        let pid = pourvoi(&app, &g, &n, "civil", 20).await;
        let id = register(&app, &g, &on_pourvoi("desistement", &n, days_ago(2))).await;
        let version = procedure(&app, &g, &id).await.version;
        let body = fin(&id, version, "desistement", days_ago(1), "ordonnance");
        assert_eq!(
            six_at_once(&app, "/api/procedure_terminer", &body, [&g, &g2]).await,
            one_wins
        );
        let p = open(&app, &g, &pid).await;
        assert_eq!(p.arret.map(|a| a.solution), Some("desistement".into()));

        let avis = numero(70, 8);
        let form = json!({ "form": { "nature": "avis", "numero": avis, "matiere": "civil", "origine": "TJ de Lyon",
            "date_saisine": paris_today().to_string(), "objet": "Question" } });
        assert_eq!(
            six_at_once(&app, "/api/procedure_enregistrer", &form, [&g, &g2]).await,
            one_wins
        );

        let m = numero(98, 9);
        pourvoi(&app, &g, &m, "civil", 20).await;
        let form = on_pourvoi("radiation", &m, days_ago(1));
        assert_eq!(
            six_at_once(&app, "/api/procedure_enregistrer", &form, [&g, &g2]).await,
            one_wins
        );
        let list: Procedures = app
            .post_json(
                "/api/procedures",
                &json!({ "nature": null, "en_cours": false }),
                Some(&g),
            )
            .await
            .json();
        assert_eq!(
            list.lignes.iter().filter(|l| l.numero == avis || l.numero == m).count(),
            2
        );
        app
    })
    .await;
}

/// The stock the database keeps as pourvois change agrees with the pourvois after every
/// kind of change: registration on an age-band boundary, a date corrected across it, a
/// procedure that ends a pourvoi, a rabat that brings it back.
#[tokio::test]
async fn the_kept_stock_agrees_with_the_pourvois_after_every_change() {
    use app::domain::pourvoi::{Resultats, Stock};
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let check = || async {
            let stock: Stock = app.post_json("/api/pourvois_stock", &json!({}), Some(&g)).await.json();
            let open: i64 = {
                use sea_orm::ConnectionTrait;
                let cass = app.juridiction("CCASS").await;
                app.db
                    .query_one_raw(sea_orm::Statement::from_string(
                        app.db.get_database_backend(),
                        format!("SELECT COUNT(*) FROM pourvoi WHERE juridiction_id = {cass} AND stade <> 'arret'"),
                    ))
                    .await
                    .unwrap()
                    .unwrap()
                    .try_get_by_index(0)
                    .unwrap()
            };
            assert_eq!(stock.total, open);
            for (chambre, stade, tranche, n) in &stock.cellules {
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
            stock.total
        };
        let before = check().await;
        // On each side of the three-month boundary.
        let three = paris_today() - chrono::Months::new(3);
        let on_edge = (paris_today() - three).num_days();
        let a = numero(97, 1);
        let b = numero(97, 2);
        let pa = pourvoi(&app, &g, &a, "civil", on_edge).await;
        pourvoi(&app, &g, &b, "civil", on_edge - 1).await;
        assert_eq!(check().await, before + 2);
        // A désistement ends one; a rabat brings it back.
        let d = register(&app, &g, &on_pourvoi("desistement", &a, paris_today())).await;
        end(&app, &g, &d, "desistement", paris_today()).await;
        assert_eq!(check().await, before + 1);
        let r = register(&app, &g, &on_pourvoi("rabat", &a, paris_today())).await;
        end(&app, &g, &r, "rabat", paris_today()).await;
        assert_eq!(check().await, before + 2);
        // Its date corrected across the boundary.
        let p = open(&app, &g, &pa).await;
        let res = app
            .post_json(
                "/api/pourvoi_corriger_date",
                &json!({ "id": pa, "version": p.version, "date": days_ago(on_edge + 10).to_string() }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        assert_eq!(check().await, before + 2);
        app
    })
    .await;
}

/// Eight greffiers register pourvois of the same day at once: every one is counted once in
/// the kept stock (one cell, updated by eight writers), no 5xx.
#[tokio::test]
async fn pourvois_registered_at_once_are_each_counted_once() {
    use app::domain::pourvoi::Stock;
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let g2 = app.login(GREFFIER).await;
        let total = || async {
            app.post_json("/api/pourvois_stock", &json!({}), Some(&g))
                .await
                .json::<Stock>()
                .total
        };
        let before = total().await;
        let date = days_ago(3);
        let forms: Vec<Value> = (0..8)
            .map(|i| {
                json!({ "form": {
                    "numero": numero(94, i), "matiere": "civil", "date_pourvoi": date.to_string(),
                    "decision_juridiction": "Cour d'appel de Lyon", "decision_date": (date - Duration::days(20)).to_string(),
                    "decision_numero": "", "demandeur": "M. A", "defendeur": "Mme B", "avocats": "", "detenu": false } })
            })
            .collect();
        let calls = forms.iter().enumerate().map(|(i, f)| {
            app.post_json("/api/pourvoi_enregistrer", f, Some(if i % 2 == 0 { &g } else { &g2 }))
        });
        let statuses: Vec<u16> = futures::future::join_all(calls)
            .await
            .iter()
            .map(|r| r.status.as_u16())
            .collect();
        assert_eq!(statuses, [200; 8]);
        assert_eq!(total().await, before + 8);
        app
    })
    .await;
}
