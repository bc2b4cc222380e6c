//! Hearings through the server functions: audiences, rôle import, order, preparation,
//! decisions, renvois, notes; on both backends.

use crate::helpers::{TestApp, on_each_backend};
use app::domain::decision::{Decision, NatureJugement, Peine, Prevention, Sanction};
use app::domain::hearing::{
    AffaireDetail, AudienceDetail, AudienceSummary, EtatAffaire, NoteVersion, RenvoiOutcome, Voisins,
};
use app::domain::import::{EXAMPLE_CSV, ImportReport};
use app::error::AppError;
use serde_json::{Value, json};

const GREFFIER: &str = "greffier.lyon@demo.greffe.fr";

fn audience_form(date: &str) -> Value {
    crate::helpers::audience_form(date, "Mme Président")
}

async fn new_audience(app: &TestApp, cookie: &str, date: &str) -> String {
    app.post_json(
        "/api/audience_creer",
        &json!({ "form": audience_form(date) }),
        Some(cookie),
    )
    .await
    .json()
}

async fn import(
    app: &TestApp,
    cookie: &str,
    audience: &str,
    format: &str,
    content: &str,
    confirm: bool,
) -> ImportReport {
    app.post_json(
        "/api/role_importer",
        &json!({ "audience_id": audience, "format": format, "contenu": content, "confirmer": confirm }),
        Some(cookie),
    )
    .await
    .json()
}

async fn open(app: &TestApp, cookie: &str, audience: &str) -> AudienceDetail {
    app.post_json("/api/audience", &json!({ "id": audience }), Some(cookie))
        .await
        .json()
}

async fn voisins(app: &TestApp, cookie: &str, id: &str) -> Voisins {
    app.post_json("/api/affaire_voisins", &json!({ "id": id }), Some(cookie))
        .await
        .json()
}

/// What the affaire's page shows of its rôle, read from the whole rôle.
fn voisins_in(role: &AudienceDetail, id: &str) -> Voisins {
    let at = role.affaires.iter().position(|x| x.id == id).unwrap();
    let line = |i: usize| role.affaires.get(i).map(|x| (x.id.clone(), x.numero_parquet.clone()));
    Voisins {
        progress: role.progress,
        pretes: role.pretes,
        precedente: at.checked_sub(1).and_then(line),
        suivante: line(at + 1),
    }
}

async fn affaire(app: &TestApp, cookie: &str, id: &str) -> AffaireDetail {
    app.post_json("/api/affaire", &json!({ "id": id }), Some(cookie))
        .await
        .json()
}

fn future(days: i64) -> String {
    (crate::helpers::paris_today() + chrono::Duration::days(days)).to_string()
}

/// Header and `n` valid affaires of one prévenu and one infraction each.
fn role_csv(n: usize) -> String {
    let mut s = String::from(
        "numero_parquet;rang;nom;prenom;date_naissance;statut;mode_poursuite;mode_comparution;natinf;qualification;date_faits\n",
    );
    for i in 1..=n {
        s.push_str(&format!(
            "26/{i:06};{i};NOM{i};Prénom;01/02/1990;{};COPJ;CMP;11886;;01/03/2026\n",
            if i % 5 == 0 { "detenu" } else { "libre" }
        ));
    }
    s
}

/// The list shows the period asked for (both dates, or 120 days from or up to one); an
/// inverted, too long or absurd period is refused in French; and a period holding more
/// audiences than one list shows lists the first ones, the page saying so.
#[tokio::test]
async fn audiences_are_listed_by_period_and_a_full_list_says_so() {
    use futures::StreamExt;
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let day = future(200);
        let id = new_audience(&app, &g, &day).await;
        let listed = |body: Value| {
            let (app, g) = (&app, &g);
            async move {
                let res = app.post_json("/api/audiences", &body, Some(g)).await;
                assert_eq!(res.status.as_u16(), 200, "{body}: {}", res.body);
                res.json::<Vec<AudienceSummary>>()
                    .into_iter()
                    .map(|a| a.id)
                    .collect::<Vec<_>>()
            }
        };
        assert!(!listed(json!({})).await.contains(&id), "not in the default period");
        for body in [
            json!({ "du": day, "au": day }),
            json!({ "du": day }),
            json!({ "au": day }),
            json!({ "du": future(100), "au": future(300) }),
        ] {
            assert_eq!(listed(body.clone()).await, vec![id.clone()], "{body}");
        }
        assert!(listed(json!({ "du": future(201) })).await.is_empty());
        assert!(listed(json!({ "au": future(199) })).await.is_empty());
        for (body, field) in [
            (json!({ "du": future(10), "au": future(9) }), "au"),
            (json!({ "du": future(0), "au": future(367) }), "au"),
            (json!({ "du": "2026-02-30" }), "du"),
            (json!({ "au": "demain" }), "au"),
        ] {
            let res = app.post_json("/api/audiences", &body, Some(&g)).await;
            assert_eq!(res.status.as_u16(), 422, "{body}: {}", res.body);
            assert!(
                matches!(res.error(), AppError::Validation { field: f, .. } if f == field),
                "{body}: {}",
                res.body
            );
        }
        // One more audience than a list shows, on one day: the first ones are listed, and the
        // page says the period may hold more.
        let busy = future(250);
        let max = app::domain::hearing::MAX_AUDIENCES_LISTED;
        let notice = "id=\"liste-limitee\"";
        futures::stream::iter(0..max - 1)
            .for_each_concurrent(4, |_| {
                let (app, g, busy) = (&app, &g, &busy);
                async move {
                    new_audience(app, g, busy).await;
                }
            })
            .await;
        let page = format!("/audiences?du={busy}&au={busy}");
        assert_eq!(listed(json!({ "du": busy, "au": busy })).await.len(), max - 1);
        let html = app.get(&page, Some(&g)).await;
        assert_eq!(html.status.as_u16(), 200);
        assert!(!html.body.contains(notice), "fewer than the most a list shows");
        for _ in 0..2 {
            new_audience(&app, &g, &busy).await;
        }
        assert_eq!(listed(json!({ "du": busy, "au": busy })).await.len(), max);
        let html = app.get(&page, Some(&g)).await;
        assert_eq!(html.status.as_u16(), 200);
        assert!(html.body.contains(notice), "{}", html.body);
        // The periods around it still list.
        assert_eq!(listed(json!({ "du": day, "au": future(249) })).await, vec![id]);
        app
    })
    .await;
}

#[tokio::test]
async fn audiences_are_created_validated_listed_and_scoped() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id = new_audience(&app, &g, &future(10)).await;
        let mut bad = audience_form(&future(10));
        bad["formation"] = json!("collegiale");
        let res = app
            .post_json("/api/audience_creer", &json!({ "form": bad }), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 422);
        assert!(matches!(res.error(), AppError::Validation { field, .. } if field == "assesseurs"));

        let list: Vec<AudienceSummary> = app.post_json("/api/audiences", &json!({}), Some(&g)).await.json();
        assert!(list.iter().any(|a| a.id == id));
        let detail = open(&app, &g, &id).await;
        assert_eq!(detail.chambre, "10e chambre correctionnelle");
        assert!(detail.affaires.is_empty());

        // Strasbourg neither sees nor opens it.
        let other = app.login("greffier.strasbourg@demo.greffe.fr").await;
        let theirs: Vec<AudienceSummary> = app.post_json("/api/audiences", &json!({}), Some(&other)).await.json();
        assert!(theirs.iter().all(|a| a.id != id));
        let res = app.post_json("/api/audience", &json!({ "id": id }), Some(&other)).await;
        assert_eq!(res.status.as_u16(), 404);

        // Edit with the version seen; a stale version is a conflict.
        let mut form = audience_form(&future(10));
        form["chambre"] = json!("11e chambre");
        let ok = app
            .post_json(
                "/api/audience_modifier",
                &json!({ "id": id, "version": 1, "form": form }),
                Some(&g),
            )
            .await;
        assert_eq!(ok.status.as_u16(), 200, "{}", ok.body);
        let stale = app
            .post_json(
                "/api/audience_modifier",
                &json!({ "id": id, "version": 1, "form": form }),
                Some(&g),
            )
            .await;
        assert_eq!(stale.status.as_u16(), 409);
        assert_eq!(open(&app, &g, &id).await.chambre, "11e chambre");
        app
    })
    .await;
}

#[tokio::test]
async fn a_role_import_is_checked_then_written_once() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id = new_audience(&app, &g, &future(12)).await;
        let dry = import(&app, &g, &id, "csv", EXAMPLE_CSV, false).await;
        assert_eq!(dry.erreurs, vec![]);
        assert_eq!(
            (dry.affaires_creees, dry.prevenus_crees, dry.infractions_creees),
            (2, 2, 3)
        );
        assert!(!dry.enregistre);
        assert!(
            open(&app, &g, &id).await.affaires.is_empty(),
            "a dry run writes nothing"
        );

        let done = import(&app, &g, &id, "csv", EXAMPLE_CSV, true).await;
        assert!(done.enregistre);
        let detail = open(&app, &g, &id).await;
        let numeros: Vec<&str> = detail.affaires.iter().map(|a| a.numero_parquet.as_str()).collect();
        assert_eq!(numeros, vec!["26/012345", "26/012346"]);
        assert_eq!(detail.progress.restantes, 2);
        assert!(detail.affaires[1].prevenus[0].contains("(détenu)"));

        // The same file again adds nothing.
        let again = import(&app, &g, &id, "csv", EXAMPLE_CSV, true).await;
        assert_eq!(
            (
                again.affaires_creees,
                again.affaires_existantes,
                again.infractions_creees
            ),
            (0, 2, 0)
        );
        assert_eq!(open(&app, &g, &id).await.affaires.len(), 2);

        // JSON works the same way and adds the infraction the affaire lacked.
        let json_file = json!([{
            "numero_parquet": "26/012345", "rang": 1, "nom": "Martin", "prenom": "Paul",
            "date_naissance": "1990-03-12", "statut": "libre", "mode_poursuite": "COPJ",
            "mode_comparution": "CMP", "natinf": "11371", "qualification": "", "date_faits": ""
        }])
        .to_string();
        let added = import(&app, &g, &id, "json", &json_file, true).await;
        assert_eq!(
            (added.affaires_creees, added.prevenus_crees, added.infractions_creees),
            (0, 0, 1)
        );

        // The audit log has the import.
        let admin = app.login("admin.lyon@demo.greffe.fr").await;
        let journal: Vec<app::domain::account::AuditEntry> = app
            .post("/api/journal", &[("action", "role_importer")], Some(&admin))
            .await
            .json();
        assert_eq!(journal.len(), 3);
        app
    })
    .await;
}

#[tokio::test]
async fn bad_imports_report_each_line_and_change_nothing() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id = new_audience(&app, &g, &future(14)).await;
        let wrong_columns = import(&app, &g, &id, "csv", "parquet;nom\n1;X\n", true).await;
        assert_eq!(wrong_columns.erreurs[0].ligne, 1);
        assert!(wrong_columns.erreurs[0].message.contains("colonnes manquantes"));

        let mut text = role_csv(3);
        text.push_str("26/000009;9;X;Y;32/13/1990;libre;COPJ;CMP;11886;;\n");
        text.push_str("26/000010;10;X;Y;;libre;COPJ;CMP;99999999;;\n");
        text.push_str("26/000003;3;NOM3;Prénom;01/02/1990;libre;COPJ;CMP;11886;;01/03/2026\n");
        let rep = import(&app, &g, &id, "csv", &text, true).await;
        assert!(!rep.enregistre);
        let got: Vec<(usize, bool)> = rep
            .erreurs
            .iter()
            .map(|e| (e.ligne, e.message.contains("date de naissance") || e.message.contains("NATINF") || e.message.contains("double")))
            .collect();
        assert_eq!(got, vec![(5, true), (6, true), (7, true)], "{:?}", rep.erreurs);
        assert!(open(&app, &g, &id).await.affaires.is_empty(), "nothing is written");

        // Over the audience's maximum (40): refused as a whole.
        let rep = import(&app, &g, &id, "csv", &role_csv(41), true).await;
        assert!(rep.erreurs.iter().any(|e| e.message.contains("maximum")));
        assert!(open(&app, &g, &id).await.affaires.is_empty());

        // 50,000 lines with one bad line at the end: found by number, nothing written.
        let mut big = String::from(
            "numero_parquet;rang;nom;prenom;date_naissance;statut;mode_poursuite;mode_comparution;natinf;qualification;date_faits\n",
        );
        for i in 0..49_999 {
            big.push_str(&format!("26/{:06};;NOM{};Prénom;;libre;COPJ;CMP;11886;;\n", i % 30, i));
        }
        big.push_str("26/000001;;DERNIER;Prénom;;libre;INCONNU;CMP;11886;;\n");
        let rep = import(&app, &g, &id, "csv", &big, true).await;
        assert_eq!(rep.lignes, 50_000);
        assert_eq!(rep.erreurs_total, 1, "{:?}", rep.erreurs);
        assert_eq!(rep.erreurs[0].ligne, 50_001);
        assert!(rep.erreurs[0].message.contains("mode de poursuite"));
        assert!(open(&app, &g, &id).await.affaires.is_empty());

        // Another juridiction cannot import into this audience.
        let other = app.login("greffier.strasbourg@demo.greffe.fr").await;
        let res = app
            .post_json(
                "/api/role_importer",
                &json!({ "audience_id": id, "format": "csv", "contenu": EXAMPLE_CSV, "confirmer": true }),
                Some(&other),
            )
            .await;
        assert_eq!(res.status.as_u16(), 404);
        assert!(open(&app, &g, &id).await.affaires.is_empty());
        app
    })
    .await;
}

#[tokio::test]
async fn the_role_is_reordered_and_affaires_move_between_audiences() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id = new_audience(&app, &g, &future(16)).await;
        import(&app, &g, &id, "csv", &role_csv(4), true).await;
        let before = open(&app, &g, &id).await;
        let last = &before.affaires[3];
        let res = app
            .post_json(
                "/api/affaire_ordonner",
                &json!({ "id": last.id, "version": last.version, "rang": 1 }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let after = open(&app, &g, &id).await;
        let order: Vec<&str> = after.affaires.iter().map(|a| a.numero_parquet.as_str()).collect();
        assert_eq!(order, vec!["26/000004", "26/000001", "26/000002", "26/000003"]);
        let ranks: Vec<i32> = after.affaires.iter().map(|a| a.rang).collect();
        assert_eq!(ranks, vec![1, 2, 3, 4]);
        // The stale version is refused.
        let res = app
            .post_json(
                "/api/affaire_ordonner",
                &json!({ "id": last.id, "version": last.version, "rang": 4 }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 409);

        let other = new_audience(&app, &g, &future(17)).await;
        let moved = &after.affaires[0];
        let res = app
            .post_json(
                "/api/affaire_transferer",
                &json!({ "id": moved.id, "version": moved.version, "audience_id": other }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        assert_eq!(open(&app, &g, &id).await.affaires.len(), 3);
        assert_eq!(open(&app, &g, &other).await.affaires[0].numero_parquet, "26/000004");
        app
    })
    .await;
}

fn condamnation(infractions: &[String]) -> Decision {
    Decision {
        preventions: infractions
            .iter()
            .map(|i| (i.clone(), Prevention::Culpabilite))
            .collect(),
        sanction: Some(Sanction::Condamnation),
        peines: vec![Peine::EmprisonnementSursis { mois: 6 }, Peine::Amende { euros: 500 }],
        mandat_de_depot: false,
        execution_provisoire: false,
        interets_civils: vec![],
        nature: NatureJugement::C,
    }
}

#[tokio::test]
async fn decisions_are_validated_versioned_and_move_the_progress() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id = new_audience(&app, &g, &future(18)).await;
        import(&app, &g, &id, "csv", EXAMPLE_CSV, true).await;
        let line = open(&app, &g, &id).await.affaires[0].clone();
        let a = affaire(&app, &g, &line.id).await;
        let p = &a.prevenus[0];
        let ids: Vec<String> = p.infractions.iter().map(|i| i.id.clone()).collect();
        let send = |version: i64, d: Decision| {
            let app = &app;
            let g = g.clone();
            let body = json!({ "affaire_id": a.id, "version": version, "prevenu_id": p.id, "decision": d });
            async move { app.post_json("/api/decision_enregistrer", &body, Some(&g)).await }
        };

        // 400 jours-amende: refused with the article, nothing recorded.
        let mut bad = condamnation(&ids);
        bad.peines = vec![Peine::JoursAmende { nombre: 400, euros: 10 }];
        let res = send(a.version, bad).await;
        assert_eq!(res.status.as_u16(), 422);
        assert!(res.error().to_string().contains("131-5"));
        assert_eq!(affaire(&app, &g, &a.id).await.version, a.version);

        // Partial relaxe with a requalification of the outrage (the free qualification).
        let outrage = p.infractions.iter().position(|i| i.natinf_code.is_none()).unwrap();
        let mut d = condamnation(&ids);
        d.preventions[1 - outrage].1 = Prevention::Relaxe;
        d.preventions[outrage].1 = Prevention::Requalification {
            natinf_code: None,
            qualification: "Rébellion".into(),
        };
        let res = send(a.version, d.clone()).await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let judged = affaire(&app, &g, &a.id).await;
        assert_eq!(judged.etat, EtatAffaire::Jugee);
        assert_eq!(judged.version, a.version + 1);
        assert_eq!(judged.prevenus[0].decision.as_ref(), Some(&d));
        assert_eq!(d.prevention_summary(), "Relaxe partielle");
        let requalified = judged.prevenus[0]
            .infractions
            .iter()
            .find(|i| i.id == ids[outrage])
            .unwrap();
        assert_eq!(requalified.qualification, "Rébellion");
        assert_eq!(requalified.historique.len(), 1);
        assert!(requalified.historique[0].qualification.starts_with("Outrage"));

        // A second writer on the old version sees a conflict; the first decision stays.
        let res = send(a.version, condamnation(&ids)).await;
        assert_eq!(res.status.as_u16(), 409);
        assert!(matches!(res.error(), AppError::Conflict(_)));
        assert_eq!(affaire(&app, &g, &a.id).await.prevenus[0].decision.as_ref(), Some(&d));

        let progress = open(&app, &g, &id).await.progress;
        assert_eq!((progress.jugees, progress.restantes), (1, 1));

        // A magistrat du parquet may read but not decide.
        let parquet = app.login("magistrat-parquet.lyon@demo.greffe.fr").await;
        let res = app
            .post_json(
                "/api/decision_enregistrer",
                &json!({ "affaire_id": a.id, "version": judged.version, "prevenu_id": p.id, "decision": d }),
                Some(&parquet),
            )
            .await;
        assert_eq!(res.status.as_u16(), 403);
        app
    })
    .await;
}

#[tokio::test]
async fn a_renvoi_puts_the_affaire_on_the_new_role_with_its_history() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id = new_audience(&app, &g, &future(20)).await;
        import(&app, &g, &id, "csv", EXAMPLE_CSV, true).await;
        let line = open(&app, &g, &id).await.affaires[1].clone();
        let new_date = future(60);
        let renvoi = |motif: &str, date: &str, version: i64| {
            json!({ "affaire_id": line.id, "version": version, "renvoi": {
                "motif": motif, "nouvelle_date": date, "mesure": "maintien_detention", "observations": "" } })
        };
        let res = app
            .post_json("/api/renvoi_enregistrer", &renvoi("motif inventé", &new_date, line.version), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 422);
        let res = app
            .post_json("/api/renvoi_enregistrer", &renvoi("absence avis JAP", &future(1), line.version), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 422, "before the hearing: {}", res.body);

        let out: RenvoiOutcome = app
            .post_json("/api/renvoi_enregistrer", &renvoi("absence avis JAP", &new_date, line.version), Some(&g))
            .await
            .json();
        assert!(out.audience_creee);
        let source = open(&app, &g, &id).await;
        assert_eq!(source.progress.renvoyees, 1);
        // An affaire's place in its rôle is the rôle's, for each affaire (the page reads it
        // alone): first and last of the source rôle, and the new rôle's only one.
        assert_eq!(source.affaires.len(), 2);
        for line in &source.affaires {
            assert_eq!(voisins(&app, &g, &line.id).await, voisins_in(&source, &line.id));
        }
        let second = voisins(&app, &g, &line.id).await;
        assert_eq!(second.precedente.map(|x| x.0), Some(source.affaires[0].id.clone()));
        assert_eq!((second.suivante, second.progress.renvoyees), (None, 1));
        let target = open(&app, &g, &out.audience_id).await;
        let only = voisins(&app, &g, &target.affaires[0].id).await;
        assert_eq!((only.precedente, only.suivante, only.progress.restantes), (None, None, 1));
        // Another juridiction's greffier, and an affaire that does not exist, find nothing.
        let other = app.login("greffier.strasbourg@demo.greffe.fr").await;
        let res = app
            .post_json("/api/affaire_voisins", &json!({ "id": line.id }), Some(&other))
            .await;
        assert_eq!(res.status.as_u16(), 404);
        let res = app
            .post_json("/api/affaire_voisins", &json!({ "id": "inconnue" }), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 404);
        assert_eq!(target.date, new_date);
        assert_eq!(target.chambre, source.chambre);
        assert_eq!(target.affaires.len(), 1);
        assert_eq!(target.affaires[0].renvoyee_du.as_deref(), Some(source.date.as_str()));
        let continued = affaire(&app, &g, &out.affaire_id).await;
        assert_eq!(continued.origine.as_ref().map(|o| o.0.as_str()), Some(line.id.as_str()));
        assert_eq!(continued.prevenus.len(), 1);
        assert_eq!(continued.prevenus[0].infractions.len(), 1);
        let old = affaire(&app, &g, &line.id).await;
        assert_eq!(old.etat, EtatAffaire::Renvoyee);
        assert_eq!(old.renvoi.as_ref().unwrap().nouvelle_affaire_id.as_deref(), Some(out.affaire_id.as_str()));

        // Twice is refused; a second affaire to the same date joins the same audience.
        let res = app
            .post_json("/api/renvoi_enregistrer", &renvoi("absence avis JAP", &new_date, old.version), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 422);
        let first = open(&app, &g, &id).await.affaires[0].clone();
        let out2: RenvoiOutcome = app
            .post_json(
                "/api/renvoi_enregistrer",
                &json!({ "affaire_id": first.id, "version": first.version, "renvoi": {
                    "motif": "à la demande des parties", "nouvelle_date": new_date, "mesure": "aucune", "observations": "" } }),
                Some(&g),
            )
            .await
            .json();
        assert_eq!(out2.audience_id, out.audience_id);
        assert!(!out2.audience_creee);
        assert_eq!(open(&app, &g, &out.audience_id).await.affaires.len(), 2);
        app
    })
    .await;
}

#[tokio::test]
async fn notes_are_versioned_with_their_author_and_never_overwritten() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id = new_audience(&app, &g, &future(22)).await;
        import(&app, &g, &id, "csv", EXAMPLE_CSV, true).await;
        let aff = open(&app, &g, &id).await.affaires[0].id.clone();
        let save = |base: i64, text: &str| {
            let app = &app;
            let g = g.clone();
            let body = json!({ "affaire_id": aff, "base": base, "texte": text });
            async move { app.post_json("/api/note_enregistrer", &body, Some(&g)).await }
        };
        assert_eq!(save(0, "Appel de la cause.").await.json::<i64>(), 1);
        assert_eq!(
            save(1, "Appel de la cause.\nLe prévenu comparaît.").await.json::<i64>(),
            2
        );
        assert_eq!(
            save(2, "Appel de la cause.\nLe prévenu comparaît.").await.json::<i64>(),
            2,
            "unchanged"
        );
        let stale = save(1, "autre texte").await;
        assert_eq!(stale.status.as_u16(), 409);
        let history: Vec<NoteVersion> = app
            .post_json("/api/note_historique", &json!({ "affaire_id": aff }), Some(&g))
            .await
            .json();
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].version, 2);
        assert!(history[0].texte.ends_with("comparaît."));
        assert!(!history[0].auteur.is_empty());
        // Only a greffier writes the note; a magistrat reads it.
        let juge = app.login("magistrat-siege.lyon@demo.greffe.fr").await;
        let res = app
            .post_json(
                "/api/note_enregistrer",
                &json!({ "affaire_id": aff, "base": 2, "texte": "x" }),
                Some(&juge),
            )
            .await;
        assert_eq!(res.status.as_u16(), 403);
        let res = app
            .post_json("/api/note_historique", &json!({ "affaire_id": aff }), Some(&juge))
            .await;
        assert_eq!(res.status.as_u16(), 200);
        app
    })
    .await;
}

#[tokio::test]
async fn preparation_edits_people_infractions_and_the_chrono() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id = new_audience(&app, &g, &future(24)).await;
        import(&app, &g, &id, "csv", EXAMPLE_CSV, true).await;
        let aff = open(&app, &g, &id).await.affaires[0].id.clone();
        let version = |a: &AffaireDetail| a.version;

        // A new prévenu with a client-generated id; sending it twice updates, not duplicates.
        let pid = "7d444840-9dc0-41fe-8b3a-0a1bd1a4d1f2";
        let prevenu = |nom: &str, v: i64| {
            json!({ "affaire_id": aff, "version": v, "prevenu": { "id": pid, "nom": nom, "prenom": "Jean",
                "date_naissance": "1980-05-06", "statut": "controle_judiciaire", "mode_poursuite": "CPV",
                "mode_comparution": "CMPAM", "interprete": "arabe", "avocat": "Me Blanc" } })
        };
        let a = affaire(&app, &g, &aff).await;
        let res = app
            .post_json("/api/prevenu_enregistrer", &prevenu("petit", version(&a)), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let a = affaire(&app, &g, &aff).await;
        let res = app
            .post_json(
                "/api/prevenu_enregistrer",
                &prevenu("petit-dupont", version(&a)),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let a = affaire(&app, &g, &aff).await;
        assert_eq!(a.prevenus.len(), 2);
        let p = a.prevenus.iter().find(|p| p.id == pid).unwrap();
        assert_eq!(
            (p.nom.as_str(), p.interprete.as_str(), p.avocat.as_str()),
            ("PETIT-DUPONT", "arabe", "Me Blanc")
        );
        let mut bad = prevenu("x", version(&a));
        bad["prevenu"]["mode_poursuite"] = json!("ZZZ");
        let res = app.post_json("/api/prevenu_enregistrer", &bad, Some(&g)).await;
        assert!(matches!(res.error(), AppError::Validation { field, .. } if field == "mode_poursuite"));

        // Infractions: a known NATINF code takes its qualification; an unknown one is refused.
        let found: Vec<(String, String)> = app
            .post_json("/api/natinf_chercher", &json!({ "q": "1188" }), Some(&g))
            .await
            .json();
        assert!(found.iter().any(|(c, _)| c == "11886"));
        let by_words: Vec<(String, String)> = app
            .post_json("/api/natinf_chercher", &json!({ "q": "reserve naturelle" }), Some(&g))
            .await
            .json();
        assert!(!by_words.is_empty() && by_words.len() <= 20);
        let infraction = |code: Option<&str>, qual: &str, v: i64| {
            json!({ "affaire_id": aff, "version": v, "prevenu_id": pid, "id": "0c6fa51e-3e53-4b8c-a9a8-5a1f0e7c2a11",
                "natinf_code": code, "qualification": qual })
        };
        let res = app
            .post_json(
                "/api/infraction_enregistrer",
                &infraction(Some("99999999"), "", version(&a)),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 422);
        let res = app
            .post_json(
                "/api/infraction_enregistrer",
                &infraction(Some("11886"), "", version(&a)),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let a = affaire(&app, &g, &aff).await;
        let inf = &a.prevenus.iter().find(|p| p.id == pid).unwrap().infractions[0];
        assert_eq!(inf.natinf_code.as_deref(), Some("11886"));
        assert!(inf.qualification.to_lowercase().contains("circulation"));

        // Parties civiles: added, then removed with an empty name.
        let pc = "5b0a7b7c-52a5-4f7e-9a51-0e4f3d2c1b0a";
        let res = app
            .post_json(
                "/api/partie_civile_enregistrer",
                &json!({ "affaire_id": aff, "version": version(&a), "id": pc, "nom": "SNCF", "avocat": "Me Noir" }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let a = affaire(&app, &g, &aff).await;
        assert_eq!(a.parties_civiles.len(), 1);
        app.post_json(
            "/api/partie_civile_enregistrer",
            &json!({ "affaire_id": aff, "version": version(&a), "id": pc, "nom": "", "avocat": "" }),
            Some(&g),
        )
        .await
        .json::<()>();
        let a = affaire(&app, &g, &aff).await;
        assert!(a.parties_civiles.is_empty());

        // Presence when the case is called.
        let res = app
            .post_json(
                "/api/presence_enregistrer",
                &json!({ "affaire_id": aff, "version": version(&a), "prevenu_id": pid, "presence": "absent" }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let a = affaire(&app, &g, &aff).await;
        assert_eq!(a.prevenus.iter().find(|p| p.id == pid).unwrap().presence, "absent");

        // The chrono: open, suspend, resume, close; wrong order refused.
        for (action, status) in [
            ("suspendre", 422),
            ("ouvrir", 200),
            ("suspendre", 200),
            ("suspendre", 422),
            ("reprendre", 200),
            ("clore", 200),
            ("ouvrir", 422),
        ] {
            let res = app
                .post_json("/api/audience_chrono", &json!({ "id": id, "action": action }), Some(&g))
                .await;
            assert_eq!(res.status.as_u16(), status, "{action}: {}", res.body);
        }
        let detail = open(&app, &g, &id).await;
        assert!(detail.debut_reel.is_some() && detail.fin_reel.is_some());
        assert_eq!(detail.suspensions.len(), 1);
        assert!(!detail.suspendue);

        // The composition can be chosen among the juridiction's people.
        let staff: Vec<(String, app::domain::role::Role)> = app
            .post_json("/api/audience_personnel", &json!({}), Some(&g))
            .await
            .json();
        assert!(staff.iter().any(|(_, r)| *r == app::domain::role::Role::MagistratSiege));
        assert!(staff.iter().all(|(_, r)| *r != app::domain::role::Role::Admin));
        app
    })
    .await;
}
