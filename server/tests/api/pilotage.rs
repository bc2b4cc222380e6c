//! Pilotage on both backends: the pre-aggregated counts always equal a full GROUP BY recount
//! after random writes through the real endpoints; dashboards count what was just entered,
//! are scoped to the caller's juridictions, drill down to the records, and export CSV.

use crate::helpers::{TestApp, on_each_backend};
use app::domain::decision::{Decision, NatureJugement, Peine, Prevention, Sanction};
use app::domain::hearing::{AffaireDetail, AudienceDetail, EtatAffaire};
use app::domain::import::EXAMPLE_CSV;
use app::domain::indicator::{Dashboard, Detail, MonthlyReport};
use app::store::stats;
use sea_orm::ConnectionTrait;
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
    (crate::helpers::paris_today() + chrono::Duration::days(offset)).to_string()
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

/// A condamnation with peines that the quantum indicators sum.
fn sentence(a: &AffaireDetail, p: usize, pick: usize) -> Decision {
    let peines = match pick % 4 {
        0 => vec![Peine::EmprisonnementSursis { mois: 6 }, Peine::Amende { euros: 300 }],
        1 => vec![Peine::EmprisonnementFerme { mois: 4 }],
        2 => vec![Peine::Tig { heures: 70 }],
        _ => vec![Peine::JoursAmende { nombre: 20, euros: 15 }],
    };
    Decision {
        sanction: Some(Sanction::Condamnation),
        peines,
        ..decision(a, p, false, NatureJugement::C)
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
        let mut pourvoi_ids: Vec<String> = Vec::new();
        let chambres = ["10e chambre correctionnelle", "6e chambre correctionnelle"];
        for step in 0..40 {
            let op = if audiences.len() < 3 { 0 } else { rng.next(10) };
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
                    // Numbers of its own: an n° parquet already on a rôle of the juridiction
                    // would only be completed, leaving this rôle empty.
                    let csv = EXAMPLE_CSV.replace("26/01234", &format!("26/{step:05}"));
                    let res = app
                        .post_json(
                            "/api/role_importer",
                            &json!({ "audience_id": id, "format": "csv", "contenu": csv, "confirmer": true }),
                            Some(&g),
                        )
                        .await;
                    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
                    assert_eq!(audience(&app, &g, &id).await.affaires.len(), 2, "{}", res.body);
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
                    let d = match rng.next(4) {
                        0 => decision(&a, p, true, nature),
                        1 => decision(&a, p, false, nature),
                        pick => sentence(&a, p, pick + rng.next(4)),
                    };
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
                6 => {
                    // The chrono of an audience: opened, suspended, resumed and closed (its
                    // sitting time is counted), or a close refused on one already closed.
                    let id = &audiences[rng.next(audiences.len())];
                    for action in ["ouvrir", "suspendre", "reprendre", "clore"] {
                        app.post_json("/api/audience_chrono", &json!({ "id": id, "action": action }), Some(&g))
                            .await;
                    }
                    "chrono"
                }
                7 | 8 if !pourvoi_ids.is_empty() => {
                    // One step of a dossier's life: orientation, distribution, mémoire,
                    // receipt, arrêt or a corrected date; each moves deadlines and stock.
                    let id = pourvoi_ids[rng.next(pourvoi_ids.len())].clone();
                    let p = crate::dossiers::open(&app, &cass, &id).await;
                    let today = crate::helpers::paris_today();
                    let res = match (p.stade.code(), rng.next(5)) {
                        ("arret", _) => continue,
                        (_, 0) => {
                            let date = chrono::NaiveDate::parse_from_str(&p.date_pourvoi, "%Y-%m-%d")
                                .map(|d| d - chrono::Duration::days(3))
                                .unwrap_or(today);
                            app.post_json(
                                "/api/pourvoi_corriger_date",
                                &json!({ "id": id, "version": p.version, "date": date.to_string() }),
                                Some(&cass),
                            )
                            .await
                        }
                        ("enregistre", _) => {
                            let chambre = if p.matiere == "penal" { "crim" } else { "civ1" };
                            app.post_json(
                                "/api/pourvoi_orienter",
                                &json!({ "id": id, "version": p.version, "chambre": chambre, "formation": "fs" }),
                                Some(&cass),
                            )
                            .await
                        }
                        ("oriente", _) => {
                            let c = crate::dossiers::candidats(&app, &cass, &id).await;
                            app.post_json(
                                "/api/pourvoi_distribuer",
                                &json!({ "id": id, "version": p.version, "rapporteur": c.rapporteurs[0].id,
                                    "avocat_general": c.avocats_generaux[0].id, "motif": "" }),
                                Some(&cass),
                            )
                            .await
                        }
                        (_, 1) if p.matiere == "penal" => {
                            app.post_json(
                                "/api/pourvoi_reception",
                                &json!({ "id": id, "version": p.version, "date": today.to_string() }),
                                Some(&cass),
                            )
                            .await
                        }
                        (_, 1 | 2) => {
                            let date = today.to_string();
                            let tag = format!("{id}-{step}");
                            app.upload(
                                &format!("/pourvois/{id}/pieces"),
                                &crate::dossiers::piece_fields("memoire_ampliatif", &date),
                                ("memoire.pdf", &crate::dossiers::pdf(&tag)),
                                Some(&cass),
                            )
                            .await
                        }
                        _ => {
                            app.post_json(
                                "/api/pourvoi_arret",
                                &json!({ "id": id, "version": p.version,
                                    "form": { "solution": "rejet", "date_arret": today.to_string(), "formation": "fs" } }),
                                Some(&cass),
                            )
                            .await
                        }
                    };
                    // A refusal (a date already corrected, a mémoire twice) must change nothing.
                    assert!(res.status.as_u16() < 500, "{}", res.body);
                    "dossier step"
                }
                _ => {
                    pourvois += 1;
                    let today = crate::helpers::paris_today();
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
                    pourvoi_ids.push(res.json());
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

#[tokio::test]
async fn quanta_hearing_time_and_dossier_figures_follow_what_was_entered() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let dsgj = app.login(DSGJ).await;
        let month = day(0)[..7].to_owned();
        let chambre = "Chambre des peines";
        let id: String = app
            .post_json("/api/audience_creer", &json!({ "form": audience_form(&day(0), chambre) }), Some(&g))
            .await
            .json();
        app.post_json(
            "/api/role_importer",
            &json!({ "audience_id": id, "format": "csv", "contenu": EXAMPLE_CSV, "confirmer": true }),
            Some(&g),
        )
        .await;
        let scope = |indicateur: &str| {
            json!({ "indicateur": indicateur, "chambre": chambre, "du": month, "au": month,
                "pas": "mois", "par": "categorie" })
        };

        // Six months with sursis and 300 € for each prévenu of the first affaire.
        let line = audience(&app, &g, &id).await.affaires[0].clone();
        let a = affaire(&app, &g, &line.id).await;
        let n = a.prevenus.len() as i64;
        for p in 0..a.prevenus.len() {
            let current = affaire(&app, &g, &a.id).await;
            let res = app
                .post_json(
                    "/api/decision_enregistrer",
                    &json!({ "affaire_id": a.id, "version": current.version, "prevenu_id": a.prevenus[p].id,
                        "decision": sentence(&a, p, 0) }),
                    Some(&g),
                )
                .await;
            assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        }
        let peines = board(&app, &dsgj, scope("peines")).await;
        assert_eq!((count(&peines, "emprisonnement_sursis"), count(&peines, "amende")), (n, n));
        let prison = board(&app, &dsgj, scope("quantum_emprisonnement")).await;
        assert_eq!(prison.table.total(), 6 * n);
        let amendes = board(&app, &dsgj, scope("montant_amendes")).await;
        assert_eq!(count(&amendes, "amende"), 300 * n);
        let detail: Detail = app
            .post_json(
                "/api/tableau_de_bord_detail",
                &json!({ "filtres": scope("quantum_emprisonnement"), "serie": "emprisonnement_sursis" }),
                Some(&dsgj),
            )
            .await
            .json();
        assert_eq!(detail.total, n);
        assert_eq!(detail.somme.as_deref(), Some(format!("{} mois", 6 * n).as_str()));
        assert_eq!(detail.rows[0].valeur.as_deref(), Some("6 mois"));
        assert_eq!(detail.rows[0].href, format!("/affaires/{}", a.id));
        // Correcting the decision to a relaxe takes its peines out of the figures.
        let current = affaire(&app, &g, &a.id).await;
        let res = app
            .post_json(
                "/api/decision_enregistrer",
                &json!({ "affaire_id": a.id, "version": current.version, "prevenu_id": a.prevenus[0].id,
                    "decision": decision(&a, 0, true, NatureJugement::C) }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let prison = board(&app, &dsgj, scope("quantum_emprisonnement")).await;
        assert_eq!(prison.table.total(), 6 * (n - 1));

        // The audience sat 2 h 30 (opened 150 minutes ago, then closed): counted in hours, with
        // the mean and the affaires judged per hour.
        app.post_json("/api/audience_chrono", &json!({ "id": id, "action": "ouvrir" }), Some(&g))
            .await;
        let opened = chrono::Utc::now() - chrono::Duration::minutes(150);
        let backend = app.db.get_database_backend();
        let sql = match backend {
            sea_orm::DbBackend::Postgres => "UPDATE audience SET debut_reel = $1 WHERE id = $2",
            _ => "UPDATE audience SET debut_reel = ? WHERE id = ?",
        };
        app.db
            .execute_raw(sea_orm::Statement::from_sql_and_values(
                backend,
                sql,
                vec![opened.into(), id.clone().into()],
            ))
            .await
            .unwrap();
        let res = app
            .post_json("/api/audience_chrono", &json!({ "id": id, "action": "clore" }), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let tenues = board(&app, &dsgj, scope("audiences_tenues")).await;
        assert_eq!(count(&tenues, "juge_unique"), 1);
        let duree = board(&app, &dsgj, scope("duree_audiences")).await;
        assert_eq!(count(&duree, "juge_unique"), 3, "150 minutes are 2.5 hours, shown as 3");
        let summary = duree.summary.unwrap_or_default();
        assert!(summary.starts_with("2 h 30 siégées en 1 audience(s)"), "{summary}");
        assert!(summary.contains("1 affaire(s) jugée(s) à ces audiences, soit 0,4 par heure"), "{summary}");

        // A dossier: distributed (the rapporteur's charge grows), mémoire filed in time (art. 978
        // closed in time, art. 982 opened), then decided (a sortie; the charge falls back).
        let cass = app.login("greffier.cassation@demo.greffe.fr").await;
        let dsgj_cass = app.login("dsgj.cassation@demo.greffe.fr").await;
        let today = crate::helpers::paris_today();
        let numero = format!("{:02}-97.001", chrono::Datelike::year(&today) % 100);
        let pid: String = app
            .post_json(
                "/api/pourvoi_enregistrer",
                &json!({ "form": { "numero": numero, "matiere": "civil", "date_pourvoi": day(-10),
                    "decision_juridiction": "Cour d'appel de Lyon", "decision_date": day(-60),
                    "decision_numero": "", "demandeur": "M. A", "defendeur": "Mme B", "avocats": "", "detenu": false } }),
                Some(&cass),
            )
            .await
            .json();
        let p = crate::dossiers::open(&app, &cass, &pid).await;
        let res = app
            .post_json(
                "/api/pourvoi_orienter",
                &json!({ "id": pid, "version": p.version, "chambre": "civ1", "formation": "fs" }),
                Some(&cass),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let cass_scope = |indicateur: &str, du: &str, au: &str| {
            json!({ "indicateur": indicateur, "chambre": "civ1", "du": du, "au": au, "pas": "mois", "par": "categorie" })
        };
        let registered = &day(-10)[..7];
        let charge = |d: &Dashboard, who: i64| count(d, &who.to_string());
        let c = crate::dossiers::candidats(&app, &cass, &pid).await;
        let rapporteur = c.rapporteurs[0].id;
        let before = board(&app, &dsgj_cass, cass_scope("charge_magistrats", registered, registered)).await;
        let p = crate::dossiers::open(&app, &cass, &pid).await;
        let res = app
            .post_json(
                "/api/pourvoi_distribuer",
                &json!({ "id": pid, "version": p.version, "rapporteur": rapporteur,
                    "avocat_general": c.avocats_generaux[0].id, "motif": "" }),
                Some(&cass),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let during = board(&app, &dsgj_cass, cass_scope("charge_magistrats", registered, registered)).await;
        assert_eq!(charge(&during, rapporteur), charge(&before, rapporteur) + 1);
        assert!(during.table.series.iter().any(|s| s.key == rapporteur.to_string() && s.label == c.rapporteurs[0].nom));

        let p = crate::dossiers::open(&app, &cass, &pid).await;
        let due_978 = p.echeances.iter().find(|e| e.rule_id == "cpc-978").unwrap().due.clone();
        let m978 = due_978[..7].to_owned();
        let issues_before = board(&app, &dsgj_cass, cass_scope("echeances", &m978, &m978)).await;
        let res = app
            .upload(
                &format!("/pourvois/{pid}/pieces"),
                &crate::dossiers::piece_fields("memoire_ampliatif", &day(0)),
                ("ma.pdf", &crate::dossiers::pdf("pilotage")),
                Some(&cass),
            )
            .await;
        assert_eq!(res.status.as_u16(), 201, "{}", res.body);
        let issues = board(&app, &dsgj_cass, cass_scope("echeances", &m978, &m978)).await;
        assert_eq!(count(&issues, "respectee"), count(&issues_before, "respectee") + 1);
        assert_eq!(count(&issues, "ouverte"), count(&issues_before, "ouverte") - 1);
        assert!(issues.summary.unwrap_or_default().starts_with("À ce jour, "));

        let sortis_before = board(&app, &dsgj_cass, cass_scope("pourvois_sortis", &month, &month)).await;
        let p = crate::dossiers::open(&app, &cass, &pid).await;
        let res = app
            .post_json(
                "/api/pourvoi_arret",
                &json!({ "id": pid, "version": p.version,
                    "form": { "solution": "rejet", "date_arret": day(0), "formation": "fs" } }),
                Some(&cass),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let sortis = board(&app, &dsgj_cass, cass_scope("pourvois_sortis", &month, &month)).await;
        assert_eq!(count(&sortis, "rejet"), count(&sortis_before, "rejet") + 1);
        let delai = board(&app, &dsgj_cass, cass_scope("delai_traitement", &month, &month)).await;
        assert!(count(&delai, "s06") >= 1);
        let summary = delai.summary.unwrap_or_default();
        assert!(summary.starts_with("Médiane : ") && summary.contains("Durée moyenne : "), "{summary}");
        let after = board(&app, &dsgj_cass, cass_scope("charge_magistrats", registered, registered)).await;
        assert_eq!(charge(&after, rapporteur), charge(&before, rapporteur));

        // The monthly report of the Cour de cassation: a page per chambre by its name, with the
        // month's sorties; the workload (today's stock, not a month's activity) stays out.
        let report: MonthlyReport = app
            .post_json("/api/rapport_mensuel", &json!({ "mois": month, "juridiction": null }), Some(&dsgj_cass))
            .await
            .json();
        let part = report
            .chambres
            .iter()
            .find(|c| c.chambre == "Première chambre civile")
            .unwrap_or_else(|| panic!("{:?}", report.chambres.iter().map(|c| &c.chambre).collect::<Vec<_>>()));
        let sorties = part
            .sections
            .iter()
            .find(|s| s.indicator == "Pourvois jugés (sorties)")
            .unwrap();
        assert_eq!(
            sorties.lines.iter().find(|l| l.0 == "Rejet").map(|l| l.1),
            Some(count(&sortis, "rejet"))
        );
        assert!(part.sections.iter().all(|s| s.indicator != "Charge des magistrats"));
        assert_aggregates_equal_recount(&app, "the whole story").await;
        app
    })
    .await;
}
