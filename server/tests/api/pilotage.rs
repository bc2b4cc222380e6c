//! Pilotage on both backends: the pre-aggregated counts always equal a full GROUP BY recount
//! after random writes through the real endpoints; dashboards count what was just entered,
//! are scoped to the caller's juridictions, drill down to the records, and export CSV.

use crate::helpers::{TestApp, on_each_backend};
use app::domain::decision::{Decision, NatureJugement, Prevention, Sanction};
use app::domain::hearing::{AffaireDetail, AudienceDetail, EtatAffaire};
use app::domain::import::EXAMPLE_CSV;
use app::domain::indicator::{Dashboard, Detail, MonthlyReport};
use app::store::stats;
use serde_json::{Value, json};

const GREFFIER: &str = "greffier.lyon@demo.greffe.fr";
const DSGJ: &str = "dsgj.lyon@demo.greffe.fr";

/// A small deterministic generator (no shared randomness between runs).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset)).to_string()
}

fn audience_form(date: &str, chambre: &str) -> Value {
    json!({
        "date": date, "heure_debut": "09:00", "chambre": chambre,
        "formation": "juge_unique", "president": "Mme Président", "assesseurs": "",
        "ministere_public": "M. Procureur", "greffier": "Mme Greffière",
        "prevues": "10", "maximum": "30", "duree_estimee_min": "180"
    })
}

async fn audience(app: &TestApp, g: &str, id: &str) -> AudienceDetail {
    app.post_json("/api/audience", &json!({ "id": id }), Some(g))
        .await
        .json()
}

async fn affaire(app: &TestApp, g: &str, id: &str) -> AffaireDetail {
    app.post_json("/api/affaire", &json!({ "id": id }), Some(g))
        .await
        .json()
}

fn decision(a: &AffaireDetail, p: usize, relaxe: bool, nature: NatureJugement) -> Decision {
    Decision {
        preventions: a.prevenus[p]
            .infractions
            .iter()
            .map(|i| {
                (
                    i.id.clone(),
                    if relaxe {
                        Prevention::Relaxe
                    } else {
                        Prevention::Culpabilite
                    },
                )
            })
            .collect(),
        sanction: (!relaxe).then_some(Sanction::DispenseDePeine),
        peines: vec![],
        mandat_de_depot: false,
        execution_provisoire: false,
        interets_civils: vec![],
        nature,
    }
}

async fn assert_aggregates_equal_recount(app: &TestApp, step: &str) {
    let stored = stats::stored(&app.db).await.unwrap();
    let recount = stats::recount(&app.db).await.unwrap();
    assert!(!recount.is_empty());
    assert_eq!(stored, recount, "[{:?}] after {step}", app.backend);
}

#[tokio::test]
async fn aggregates_equal_a_full_recount_after_random_writes() {
    on_each_backend(|app| async move {
        assert_aggregates_equal_recount(&app, "seeding").await;
        let g = app.login(GREFFIER).await;
        let cass = app.login("greffier.cassation@demo.greffe.fr").await;
        let motifs: Vec<String> = app.post_json("/api/motifs_renvoi", &json!({}), Some(&g)).await.json();
        let mut rng = Lcg(0x5eed);
        let mut audiences: Vec<String> = Vec::new();
        let mut pourvois = 0u32;
        let chambres = ["10e chambre correctionnelle", "6e chambre correctionnelle"];
        for step in 0..40 {
            let op = if audiences.len() < 3 { 0 } else { rng.next(7) };
            let what = match op {
                0 => {
                    // A new audience somewhere in the last or next six months, with a rôle.
                    let offset = rng.next(360) as i64 - 180;
                    let id: String = app
                        .post_json(
                            "/api/audience_creer",
                            &json!({ "form": audience_form(&day(offset), chambres[rng.next(2)]) }),
                            Some(&g),
                        )
                        .await
                        .json();
                    let res = app
                        .post_json(
                            "/api/role_importer",
                            &json!({ "audience_id": id, "format": "csv", "contenu": EXAMPLE_CSV, "confirmer": true }),
                            Some(&g),
                        )
                        .await;
                    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
                    audiences.push(id);
                    "audience + import"
                }
                1 | 2 => {
                    // A decision (or a corrected one: the old row is deleted, a new one written).
                    let aud = audience(&app, &g, &audiences[rng.next(audiences.len())]).await;
                    let Some(line) = aud.affaires.iter().find(|l| l.etat != EtatAffaire::Renvoyee) else {
                        continue;
                    };
                    let a = affaire(&app, &g, &line.id).await;
                    let p = rng.next(a.prevenus.len());
                    let nature = [NatureJugement::C, NatureJugement::D, NatureJugement::Cas][rng.next(3)];
                    let d = decision(&a, p, rng.next(3) == 0, nature);
                    let res = app
                        .post_json(
                            "/api/decision_enregistrer",
                            &json!({ "affaire_id": a.id, "version": a.version, "prevenu_id": a.prevenus[p].id, "decision": d }),
                            Some(&g),
                        )
                        .await;
                    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
                    "decision"
                }
                3 => {
                    // A renvoi to a date in another month: the affaire lands on another rôle.
                    let aud = audience(&app, &g, &audiences[rng.next(audiences.len())]).await;
                    let Some(line) = aud.affaires.iter().find(|l| l.etat == EtatAffaire::AJuger) else {
                        continue;
                    };
                    let date = chrono::NaiveDate::parse_from_str(&aud.date, "%Y-%m-%d").unwrap()
                        + chrono::Duration::days(20 + rng.next(60) as i64);
                    let res = app
                        .post_json(
                            "/api/renvoi_enregistrer",
                            &json!({ "affaire_id": line.id, "version": line.version, "renvoi": {
                                "motif": motifs[rng.next(motifs.len())], "nouvelle_date": date.to_string(),
                                "mesure": "aucune", "observations": "précisé" } }),
                            Some(&g),
                        )
                        .await;
                    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
                    "renvoi"
                }
                4 => {
                    // An affaire moved to another audience (maybe another month or chambre).
                    let from = audience(&app, &g, &audiences[rng.next(audiences.len())]).await;
                    let to = &audiences[rng.next(audiences.len())];
                    let Some(line) = from.affaires.iter().find(|l| l.etat == EtatAffaire::AJuger) else {
                        continue;
                    };
                    if to == &from.id {
                        continue;
                    }
                    let res = app
                        .post_json(
                            "/api/affaire_transferer",
                            &json!({ "id": line.id, "version": line.version, "audience_id": to }),
                            Some(&g),
                        )
                        .await;
                    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
                    "transfer"
                }
                5 => {
                    // An audience moved to another date and chambre: its counts change bucket.
                    let aud = audience(&app, &g, &audiences[rng.next(audiences.len())]).await;
                    let offset = rng.next(360) as i64 - 180;
                    let res = app
                        .post_json(
                            "/api/audience_modifier",
                            &json!({ "id": aud.id, "version": aud.version,
                                "form": audience_form(&day(offset), chambres[rng.next(2)]) }),
                            Some(&g),
                        )
                        .await;
                    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
                    "audience moved"
                }
                _ => {
                    pourvois += 1;
                    let today = chrono::Utc::now().date_naive();
                    let matiere = ["civil", "penal"][rng.next(2)];
                    let res = app
                        .post_json(
                            "/api/pourvoi_enregistrer",
                            &json!({ "form": {
                                "numero": format!("{:02}-98.{pourvois:03}", chrono::Datelike::year(&today) % 100),
                                "matiere": matiere,
                                "date_pourvoi": (today - chrono::Duration::days(rng.next(90) as i64)).to_string(),
                                "decision_juridiction": "Cour d'appel de Lyon",
                                "decision_date": (today - chrono::Duration::days(120)).to_string(),
                                "decision_numero": "", "demandeur": "M. A", "defendeur": "Mme B",
                                "avocats": "", "detenu": false } }),
                            Some(&cass),
                        )
                        .await;
                    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
                    "pourvoi"
                }
            };
            assert_aggregates_equal_recount(&app, &format!("step {step} ({what})")).await;
        }
        app
    })
    .await;
}

async fn board(app: &TestApp, cookie: &str, filtres: Value) -> Dashboard {
    app.post_json("/api/tableau_de_bord", &json!({ "filtres": filtres }), Some(cookie))
        .await
        .json()
}

fn count(d: &Dashboard, key: &str) -> i64 {
    d.table
        .series
        .iter()
        .position(|s| s.key == key)
        .map(|s| d.table.serie_total(s))
        .unwrap_or(0)
}

#[tokio::test]
async fn a_dashboard_counts_what_was_just_entered_within_the_callers_juridictions() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let dsgj = app.login(DSGJ).await;
        let lyon = app.juridiction("167").await;
        let strasbourg = app.juridiction("164").await;
        // A hearing today, with its rôle, in its own chambre.
        let id: String = app
            .post_json(
                "/api/audience_creer",
                &json!({ "form": audience_form(&day(0), "Chambre du pilotage") }),
                Some(&g),
            )
            .await
            .json();
        app.post_json(
            "/api/role_importer",
            &json!({ "audience_id": id, "format": "csv", "contenu": EXAMPLE_CSV, "confirmer": true }),
            Some(&g),
        )
        .await;
        let month = &day(0)[..7];
        let filtres = json!({ "indicateur": "affaires", "juridiction": lyon, "chambre": "Chambre du pilotage",
            "du": month, "au": month, "pas": "mois", "par": "categorie" });
        let before = board(&app, &dsgj, filtres.clone()).await;
        assert_eq!(count(&before, "a_juger"), 2);
        assert_eq!(count(&before, "jugee"), 0);
        assert!(before.svg.contains("<svg") && before.svg.contains("<a href=\"/pilotage/detail?"));

        // One decision: the next dashboard counts it at once.
        let line = audience(&app, &g, &id).await.affaires[0].clone();
        let a = affaire(&app, &g, &line.id).await;
        for (p, prevenu) in a.prevenus.iter().enumerate() {
            let current = affaire(&app, &g, &a.id).await;
            let res = app
                .post_json(
                    "/api/decision_enregistrer",
                    &json!({ "affaire_id": a.id, "version": current.version, "prevenu_id": prevenu.id,
                        "decision": decision(&a, p, false, NatureJugement::D) }),
                    Some(&g),
                )
                .await;
            assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        }
        let after = board(&app, &dsgj, filtres.clone()).await;
        assert_eq!((count(&after, "jugee"), count(&after, "a_juger")), (1, 1));
        let nature = board(
            &app,
            &dsgj,
            json!({ "indicateur": "nature", "juridiction": lyon, "chambre": "Chambre du pilotage",
                "du": month, "au": month }),
        )
        .await;
        assert_eq!(count(&nature, "D"), a.prevenus.len() as i64);

        // The monthly report has a part for that chambre with the same figures.
        let report: MonthlyReport = app
            .post_json(
                "/api/rapport_mensuel",
                &json!({ "mois": month, "juridiction": null }),
                Some(&dsgj),
            )
            .await
            .json();
        let part = report
            .chambres
            .iter()
            .find(|c| c.chambre == "Chambre du pilotage")
            .unwrap();
        assert_eq!(
            part.sections[0].lines,
            [("Jugées".to_owned(), 1), ("À juger".to_owned(), 1)]
        );
        let res = app
            .post_json(
                "/api/rapport_mensuel",
                &json!({ "mois": month, "juridiction": strasbourg }),
                Some(&dsgj),
            )
            .await;
        assert_eq!(res.status.as_u16(), 403);

        // The delay from poursuite to jugement over the seeded months, with its median band.
        let from = &day(-90)[..7];
        let delay = board(
            &app,
            &dsgj,
            json!({ "indicateur": "delai_jugement", "du": from, "au": month }),
        )
        .await;
        assert!(delay.table.total() > 0);
        assert!(
            delay
                .table
                .series
                .iter()
                .all(|s| s.key.starts_with('m') || s.key == "inconnu")
        );
        assert!(
            delay.summary.as_deref().unwrap_or_default().starts_with("Médiane : "),
            "{:?}",
            delay.summary
        );

        // The drill-down lists exactly the affaires behind the figure.
        let detail: Detail = app
            .post_json(
                "/api/tableau_de_bord_detail",
                &json!({ "filtres": filtres, "serie": "jugee" }),
                Some(&dsgj),
            )
            .await
            .json();
        assert_eq!(detail.total, 1);
        assert_eq!(detail.rows[0].href, format!("/affaires/{}", a.id));
        assert_eq!(detail.rows[0].categorie, "Jugées");

        // Another juridiction's figures are refused; so is the greffier, who does not pilot.
        let other = app
            .post_json(
                "/api/tableau_de_bord",
                &json!({ "filtres": { "indicateur": "affaires", "juridiction": strasbourg } }),
                Some(&dsgj),
            )
            .await;
        assert_eq!(other.status.as_u16(), 403);
        let res = app
            .post_json("/api/tableau_de_bord", &json!({ "filtres": {} }), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 403);

        // A wrong period is refused in French, naming the field.
        let res = app
            .post_json(
                "/api/tableau_de_bord",
                &json!({ "filtres": { "du": "2026-05", "au": "2026-02" } }),
                Some(&dsgj),
            )
            .await;
        assert_eq!(res.status.as_u16(), 422);
        assert!(res.body.contains("précède"), "{}", res.body);
        app
    })
    .await;
}

#[tokio::test]
async fn exports_are_checked_files_with_one_row_per_period() {
    on_each_backend(|app| async move {
        let dsgj = app.login(DSGJ).await;
        let path = "/pilotage/export?format=csv&indicateur=affaires&du=2026-01&au=2026-06&pas=mois&par=categorie";
        let res = app.get(path, Some(&dsgj)).await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        assert_eq!(res.headers["content-type"], "text/csv; charset=utf-8");
        assert!(
            res.headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains("greffe-affaires-2026-01-2026-06.csv")
        );
        assert!(res.body.starts_with('\u{feff}'));
        assert_eq!(res.body.lines().count(), 1 + 6, "a header and six months");
        assert!(res.body.lines().next().unwrap().starts_with("\u{feff}Période;"));

        // ODS: a real OpenDocument archive (read here by Python's zipfile), same rows.
        let ods = app.get(&path.replace("format=csv", "format=ods"), Some(&dsgj)).await;
        assert_eq!(ods.status.as_u16(), 200);
        assert_eq!(
            ods.headers["content-type"],
            "application/vnd.oasis.opendocument.spreadsheet"
        );
        let file = std::env::temp_dir().join(format!("greffe-export-{}-{:?}.ods", std::process::id(), app.backend));
        let bytes = app
            .get_bytes(&path.replace("format=csv", "format=ods"), Some(&dsgj))
            .await;
        std::fs::write(&file, bytes).unwrap();
        let out = std::process::Command::new("python3")
            .arg("-c")
            .arg(
                "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; \
                 assert z.namelist()[0] == 'mimetype'; \
                 print(z.read('mimetype').decode(), z.read('content.xml').decode().count('<table:table-row>'))",
            )
            .arg(&file)
            .output()
            .unwrap();
        let _ = std::fs::remove_file(&file);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "application/vnd.oasis.opendocument.spreadsheet 7"
        );

        let svg = app.get(&path.replace("format=csv", "format=svg"), Some(&dsgj)).await;
        assert_eq!(svg.status.as_u16(), 200);
        assert!(svg.body.starts_with("<?xml") && svg.body.contains("<svg"));

        assert_eq!(app.get(path, None).await.status.as_u16(), 401);
        let g = app.login(GREFFIER).await;
        assert_eq!(app.get(path, Some(&g)).await.status.as_u16(), 403);
        let strasbourg = app.juridiction("164").await;
        let other = format!("{path}&juridiction={strasbourg}");
        assert_eq!(app.get(&other, Some(&dsgj)).await.status.as_u16(), 403);
        let bad = app.get(&path.replace("au=2026-06", "au=2025-06"), Some(&dsgj)).await;
        assert_eq!(bad.status.as_u16(), 422);
        app
    })
    .await;
}
