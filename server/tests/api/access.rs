//! The access matrix: every server function × every role × own / other juridiction.
//! Expectations are written out here, independently of the guards they check.

use crate::helpers::{TestApp, on_each_backend};
use app::domain::account::{AuditEntry, UserSummary};
use app::domain::hearing::{AudienceSummary, PourvoiSummary};
use app::domain::role::Role::{self, *};
use app::error::AppError;
use app::store::accounts::{NewUser, create_user};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    Ok,
    Forbidden,
    NotFound,
    /// Sent to the login page (a visitor on a page).
    Redirect,
}

/// Who may call what. `Ok` means the call passed the guards: it answered 200, or refused the
/// deliberately invalid payload on business grounds (409, 422). `at` is where the caller
/// works: TJ Lyon (where the hearing records are), another TJ, the Cour d'appel de Lyon
/// (whose direction sees its ressort's figures), or the Cour de cassation (where the
/// pourvois are: its greffe changes them, its magistrats and direction read them).
fn expected(endpoint: &str, role: Role, at: At) -> Expect {
    use Expect::*;
    let own = at == At::Lyon;
    let cour = at == At::CourLyon;
    let reads_cases = matches!(
        role,
        Greffier | MagistratSiege | MagistratParquet | Dsgj | ChefJuridiction
    );
    let cass_reader = at == At::Cassation && reads_cases;
    let cass_greffe = at == At::Cassation && role == Greffier;
    match endpoint {
        "mes_audiences" => {
            if reads_cases {
                Ok
            } else {
                Forbidden
            }
        }
        "audience_resume" => match (reads_cases, own) {
            (false, _) => Forbidden,
            (true, true) => Ok,
            (true, false) => NotFound,
        },
        "mes_pourvois" => {
            if matches!(role, MagistratSiege | MagistratParquet) {
                Ok
            } else {
                Forbidden
            }
        }
        "juridictions_visibles" => {
            if matches!(role, Dsgj | ChefJuridiction | Admin) {
                Ok
            } else {
                Forbidden
            }
        }
        "chiffres_cles" => match role {
            Dsgj | ChefJuridiction if own || cour => Ok,
            Admin if own => Ok,
            _ => Forbidden,
        },
        "tableau_de_bord" | "tableau_de_bord_detail" | "rapport_mensuel" => match role {
            Dsgj | ChefJuridiction if own || cour => Ok,
            Admin if own => Ok,
            _ => Forbidden,
        },
        "tableau_de_bord_choix" => {
            if matches!(role, Dsgj | ChefJuridiction | Admin) {
                Ok
            } else {
                Forbidden
            }
        }
        "compte_debloquer" => match role {
            Admin if own => Ok,
            Admin => NotFound,
            _ => Forbidden,
        },
        "utilisateurs"
        | "utilisateur_creer"
        | "journal"
        | "comptes_bloques"
        | "modeles"
        | "modele"
        | "modele_apercu"
        | "modele_enregistrer"
        | "modele_mettre_en_vigueur" => {
            if role == Admin {
                Ok
            } else {
                Forbidden
            }
        }
        "audiences" | "motifs_renvoi" | "natinf_chercher" => {
            if reads_cases {
                Ok
            } else {
                Forbidden
            }
        }
        // Only the président of the audience vises; the demo's Lyon audiences are presided
        // by people without an account.
        "notes_viser" => match (role == MagistratSiege, own) {
            (true, false) => NotFound,
            _ => Forbidden,
        },
        "visas_attendus" => {
            if matches!(role, Greffier | MagistratSiege | Dsgj | ChefJuridiction) {
                Ok
            } else {
                Forbidden
            }
        }
        "audience" | "affaire" | "affaire_voisins" | "note_historique" | "notes_visa" | "documents_audience" => {
            match (reads_cases, own) {
                (false, _) => Forbidden,
                (true, true) => Ok,
                (true, false) => NotFound,
            }
        }
        "audience_creer" | "audience_personnel" => {
            if matches!(role, Greffier | Dsgj | ChefJuridiction) {
                Ok
            } else {
                Forbidden
            }
        }
        "audience_modifier"
        | "role_importer"
        | "affaire_ordonner"
        | "affaire_transferer"
        | "affaire_preparer"
        | "prevenu_enregistrer"
        | "infraction_enregistrer"
        | "partie_civile_enregistrer" => match (matches!(role, Greffier | Dsgj | ChefJuridiction), own) {
            (false, _) => Forbidden,
            (true, true) => Ok,
            (true, false) => NotFound,
        },
        "audience_chrono" | "decision_enregistrer" | "renvoi_enregistrer" | "presence_enregistrer" => {
            match (matches!(role, Greffier | MagistratSiege), own) {
                (false, _) => Forbidden,
                (true, true) => Ok,
                (true, false) => NotFound,
            }
        }
        // The record is the Cour de cassation's: its readers open and follow it; anyone else
        // who reads cases is told it does not exist.
        "pourvoi" | "pourvoi_suivre" => match (cass_reader, reads_cases) {
            (true, _) => Ok,
            (false, true) => NotFound,
            (false, false) => Forbidden,
        },
        // Changes are the greffe's of the Cour de cassation alone.
        "pourvoi_enregistrer"
        | "pourvoi_orienter"
        | "pourvoi_candidats"
        | "pourvoi_distribuer"
        | "pourvoi_reception"
        | "pourvoi_arret"
        | "arret_importer"
        | "seance_creer"
        | "pourvoi_audiencer"
        | "pourvoi_corriger_date"
        | "certificat_non_pourvoi"
        | "procedure_enregistrer" => {
            if cass_greffe {
                Ok
            } else {
                Forbidden
            }
        }
        // The pièce, or the procedure, named does not exist.
        "piece_corriger_date" | "procedure_terminer" => {
            if cass_greffe {
                NotFound
            } else {
                Forbidden
            }
        }
        "seance" | "procedure" => {
            if cass_reader {
                NotFound
            } else {
                Forbidden
            }
        }
        "pourvois_stock"
        | "pourvois_recherche"
        | "taches"
        | "seances"
        | "mes_notifications"
        | "notifications_non_lues"
        | "notifications_lues"
        | "procedures" => {
            if cass_reader {
                Ok
            } else {
                Forbidden
            }
        }
        // The greffes that send avis and notifications; the payloads are refused (422), or
        // name no dispatch (404).
        "envois_preparer" | "envois" | "bordereau_etablir" => {
            if app::domain::dispatch::may_dispatch(role, at == At::Cassation) {
                Ok
            } else {
                Forbidden
            }
        }
        "envoi_annuler" => {
            if app::domain::dispatch::may_dispatch(role, at == At::Cassation) {
                NotFound
            } else {
                Forbidden
            }
        }
        // Open to anyone holding a copy: the code is the secret.
        "document_verifier" => Ok,
        "audience_hors_ligne" => match (matches!(role, Greffier | MagistratSiege), own) {
            (false, _) => Forbidden,
            (true, true) => Ok,
            (true, false) => NotFound,
        },
        // The payload is a greffier's note.
        "note_enregistrer" | "synchroniser" => match (role == Greffier, own) {
            (false, _) => Forbidden,
            (true, true) => Ok,
            (true, false) => NotFound,
        },
        other => panic!("no expectation for {other}"),
    }
}

/// Where a caller of the matrix works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum At {
    Lyon,
    Strasbourg,
    CourLyon,
    Cassation,
}

pub(crate) struct Caller {
    pub email: String,
    pub role: Role,
    pub at: At,
}

/// Every role in TJ Lyon, TJ Strasbourg and the Cour de cassation, and the direction (chef
/// de cour, DSGJ) of the Cour d'appel de Lyon.
pub(crate) async fn callers(app: &TestApp) -> Vec<Caller> {
    let ca_lyon = app.juridiction("23").await;
    let mut out = Vec::new();
    for (email, name, role) in [
        ("chef.ca-lyon@demo.greffe.fr", "Chef de cour", ChefJuridiction),
        ("dsgj.ca-lyon@demo.greffe.fr", "DSGJ de la cour", Dsgj),
    ] {
        let email = app::domain::account::Email::parse(email).unwrap();
        let new = NewUser {
            email: &email,
            display_name: name,
            role,
            juridiction_id: ca_lyon,
            password: crate::helpers::PASSWORD,
        };
        create_user(&app.db, new).await.unwrap();
        out.push(Caller {
            email: email.as_str().to_owned(),
            role,
            at: At::CourLyon,
        });
    }
    for role in Role::ALL {
        for (slug, at) in [
            ("lyon", At::Lyon),
            ("strasbourg", At::Strasbourg),
            ("cassation", At::Cassation),
        ] {
            out.push(Caller {
                email: format!("{}.{slug}@demo.greffe.fr", role.as_str().replace('_', "-")),
                role,
                at,
            });
        }
    }
    out
}

pub(crate) async fn lyon_audience(app: &TestApp) -> String {
    let greffier = app.login("greffier.lyon@demo.greffe.fr").await;
    let list: Vec<AudienceSummary> = app.post("/api/mes_audiences", &[], Some(&greffier)).await.json();
    list.first().expect("demo audiences in Lyon").id.clone()
}

/// The first affaire of Lyon's `audience`.
pub(crate) async fn lyon_affaire(app: &TestApp, audience: &str) -> String {
    let greffier = app.login("greffier.lyon@demo.greffe.fr").await;
    let detail: app::domain::hearing::AudienceDetail = app
        .post_json("/api/audience", &serde_json::json!({ "id": audience }), Some(&greffier))
        .await
        .json();
    detail.affaires[0].id.clone()
}

/// A pourvoi of the Cour de cassation (no caller of the matrix works there).
pub(crate) async fn cassation_pourvoi(app: &TestApp) -> String {
    use sea_orm::ConnectionTrait;
    let row = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT id FROM pourvoi ORDER BY numero LIMIT 1",
        ))
        .await
        .unwrap()
        .expect("demo pourvois");
    row.try_get::<String>("", "id").unwrap()
}

/// The hearing server functions (JSON input) on Lyon records, with payloads that change
/// nothing: empty forms, stale versions, unknown motifs.
async fn hearing_calls(app: &TestApp, audience: &str) -> Vec<(&'static str, serde_json::Value)> {
    use serde_json::json;
    let greffier = app.login("greffier.lyon@demo.greffe.fr").await;
    let detail: app::domain::hearing::AudienceDetail = app
        .post_json("/api/audience", &json!({ "id": audience }), Some(&greffier))
        .await
        .json();
    let affaire = detail
        .affaires
        .iter()
        .find(|a| a.etat == app::domain::hearing::EtatAffaire::AJuger)
        .expect("an affaire to judge on the next Lyon audience");
    let full: app::domain::hearing::AffaireDetail = app
        .post_json("/api/affaire", &json!({ "id": affaire.id }), Some(&greffier))
        .await
        .json();
    let prevenu = full.prevenus[0].id.clone();
    let empty_form = json!({ "date": "", "heure_debut": "", "chambre": "", "formation": "", "president": "",
        "assesseurs": "", "ministere_public": "", "greffier": "", "prevues": "", "maximum": "", "duree_estimee_min": "" });
    let empty_decision = json!({ "preventions": [], "sanction": null, "peines": [], "mandat_de_depot": false,
        "execution_provisoire": false, "interets_civils": [], "nature": "C" });
    vec![
        ("audiences", json!({})),
        ("audience_creer", json!({ "form": empty_form })),
        (
            "audience_modifier",
            json!({ "id": audience, "version": -1, "form": empty_form }),
        ),
        ("audience", json!({ "id": audience })),
        ("documents_audience", json!({ "id": audience })),
        ("audience_chrono", json!({ "id": audience, "action": "reprendre" })),
        ("audience_personnel", json!({})),
        ("natinf_chercher", json!({ "q": "circulation" })),
        (
            "prevenu_enregistrer",
            json!({ "affaire_id": affaire.id, "version": -1, "prevenu": { "id": "x", "nom": "", "prenom": "",
                "date_naissance": "", "statut": "libre", "mode_poursuite": "COPJ", "mode_comparution": "",
                "interprete": "", "avocat": "" } }),
        ),
        (
            "infraction_enregistrer",
            json!({ "affaire_id": affaire.id, "version": -1, "prevenu_id": prevenu, "id": "x",
                "natinf_code": null, "qualification": "" }),
        ),
        (
            "partie_civile_enregistrer",
            json!({ "affaire_id": affaire.id, "version": -1, "id": "x", "nom": "", "avocat": "" }),
        ),
        (
            "presence_enregistrer",
            json!({ "affaire_id": affaire.id, "version": -1, "prevenu_id": prevenu, "presence": "?" }),
        ),
        (
            "role_importer",
            json!({ "audience_id": audience, "format": "csv", "contenu": "x", "confirmer": false }),
        ),
        (
            "affaire_ordonner",
            json!({ "id": affaire.id, "version": -1, "rang": 1 }),
        ),
        (
            "affaire_transferer",
            json!({ "id": affaire.id, "version": -1, "audience_id": audience }),
        ),
        ("affaire", json!({ "id": affaire.id })),
        ("affaire_voisins", json!({ "id": affaire.id })),
        (
            "affaire_preparer",
            json!({ "id": affaire.id, "version": -1, "checklist": {}, "scelles": "" }),
        ),
        (
            "decision_enregistrer",
            json!({ "affaire_id": affaire.id, "version": -1, "prevenu_id": prevenu, "decision": empty_decision }),
        ),
        (
            "renvoi_enregistrer",
            json!({ "affaire_id": affaire.id, "version": -1, "renvoi": { "motif": "?", "nouvelle_date": "2099-01-01",
                "mesure": "aucune", "observations": "" } }),
        ),
        ("motifs_renvoi", json!({})),
        ("note_historique", json!({ "affaire_id": affaire.id })),
        ("notes_visa", json!({ "audience_id": audience })),
        ("notes_viser", json!({ "audience_id": audience })),
        ("visas_attendus", json!({})),
        ("audience_hors_ligne", json!({ "id": audience })),
        (
            "synchroniser",
            json!({ "mutations": [{ "id": "00000000-0000-4000-8000-00000000abcd", "audience_id": audience,
                "affaire_id": affaire.id, "cree_le": "", "op": { "type": "note", "base": 999, "texte": "x" } }] }),
        ),
        (
            "note_enregistrer",
            json!({ "affaire_id": affaire.id, "base": 999, "texte": "x" }),
        ),
        ("pourvoi", json!({ "id": cassation_pourvoi(app).await })),
        (
            "pourvoi_suivre",
            json!({ "id": cassation_pourvoi(app).await, "suivre": true }),
        ),
        (
            "pourvoi_orienter",
            json!({ "id": cassation_pourvoi(app).await, "version": 1, "chambre": "civ1", "formation": "fs" }),
        ),
        ("pourvoi_candidats", json!({ "id": cassation_pourvoi(app).await })),
        (
            "pourvoi_distribuer",
            json!({ "id": cassation_pourvoi(app).await, "version": 1, "rapporteur": 1, "avocat_general": 1,
                "motif": "" }),
        ),
        (
            "pourvoi_reception",
            json!({ "id": cassation_pourvoi(app).await, "version": 1, "date": "2026-01-01" }),
        ),
        (
            "pourvoi_arret",
            json!({ "id": cassation_pourvoi(app).await, "version": 1,
                "form": { "solution": "rejet", "date_arret": "2026-01-01", "formation": "fs" } }),
        ),
        ("arret_importer", json!({ "contenu": "{}" })),
        (
            "procedure_enregistrer",
            json!({ "form": { "nature": "qpc", "pourvoi": "", "date_saisine": "" } }),
        ),
        ("procedure", json!({ "id": "x" })),
        (
            "document_verifier",
            json!({ "code": "GRF-0000-0000-0000-0000", "empreinte": null }),
        ),
        (
            "procedure_terminer",
            json!({ "id": "x", "version": 1, "form": { "issue": "renvoi", "date_fin": "2026-01-02", "acte": "arret" } }),
        ),
        ("procedures", json!({ "nature": null, "en_cours": true })),
        ("envois_preparer", json!({ "nature": "x", "objet": "x" })),
        ("envois", json!({ "objet": null })),
        ("bordereau_etablir", json!({ "envois": [], "date": "", "mode": "" })),
        // Each admin adapts his own juridiction's templates; empty ones are refused (422).
        ("modele_apercu", json!({ "nature": "commun", "source": "" })),
        (
            "modele_enregistrer",
            json!({ "nature": "commun", "source": "", "commentaire": "" }),
        ),
        ("pourvois_stock", json!({})),
        ("pourvois_recherche", json!({ "criteres": { "q": "MARTIN" } })),
        ("taches", json!({ "chambre": null })),
        (
            "seance_creer",
            json!({ "form": { "chambre": "civ1", "formation": "fs", "date": "2099-01-05" } }),
        ),
        ("seances", json!({ "chambre": null })),
        ("seance", json!({ "id": "x" })),
        (
            "pourvoi_audiencer",
            json!({ "id": cassation_pourvoi(app).await, "version": 1, "seance": "x" }),
        ),
        (
            "pourvoi_corriger_date",
            json!({ "id": cassation_pourvoi(app).await, "version": 1, "date": "2026-01-02" }),
        ),
        ("mes_notifications", json!({})),
        ("notifications_non_lues", json!({})),
        ("notifications_lues", json!({ "jusqua": null })),
        (
            "piece_corriger_date",
            json!({ "id": cassation_pourvoi(app).await, "version": 1, "piece": "x", "date": "2026-01-02" }),
        ),
        (
            "certificat_non_pourvoi",
            json!({ "juridiction": "Cour d'appel de Lyon", "date": "2026-01-02", "numero": "1" }),
        ),
        (
            "tableau_de_bord",
            json!({ "filtres": { "indicateur": "affaires", "juridiction": app.juridiction("167").await } }),
        ),
        (
            "tableau_de_bord_detail",
            json!({ "filtres": { "indicateur": "renvois", "juridiction": app.juridiction("167").await },
                "serie": null }),
        ),
        ("tableau_de_bord_choix", json!({})),
        (
            "rapport_mensuel",
            json!({ "mois": "", "juridiction": app.juridiction("167").await }),
        ),
        (
            "pourvoi_enregistrer",
            json!({ "form": { "numero": "", "matiere": "", "date_pourvoi": "", "decision_juridiction": "",
                "decision_date": "", "decision_numero": "", "demandeur": "", "defendeur": "", "avocats": "",
                "detenu": false } }),
        ),
    ]
}

#[tokio::test]
async fn every_server_function_checks_session_role_and_juridiction() {
    on_each_backend(|app| async move {
        let audience = lyon_audience(&app).await;
        let lyon = app.juridiction("167").await.to_string();
        let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("mes_audiences", vec![]),
            ("audience_resume", vec![("id", &audience)]),
            ("mes_pourvois", vec![]),
            ("juridictions_visibles", vec![]),
            ("chiffres_cles", vec![("juridiction", &lyon)]),
            ("utilisateurs", vec![]),
            ("journal", vec![]),
            ("comptes_bloques", vec![]),
            ("compte_debloquer", vec![("email", "greffier.lyon@demo.greffe.fr")]),
            ("envoi_annuler", vec![("id", "x")]),
            ("modeles", vec![]),
            ("modele", vec![("nature", "commun")]),
            // Another admin's change since: refused (409), nothing written.
            ("modele_mettre_en_vigueur", vec![("nature", "commun"), ("attendu", "x")]),
            (
                "utilisateur_creer",
                vec![
                    ("email", "__EMAIL__"),
                    ("display_name", "Nouveau Compte"),
                    ("role", "greffier"),
                    ("password", "un-mot-de-passe-solide"),
                ],
            ),
        ];
        let json_calls = hearing_calls(&app, &audience).await;
        for (endpoint, body) in &json_calls {
            let res = app.post_json(&format!("/api/{endpoint}"), body, None).await;
            // Checking a document's code is open to whoever holds a copy.
            let public = *endpoint == "document_verifier";
            assert_eq!(
                (endpoint, res.status.as_u16()),
                (endpoint, if public { 200 } else { 401 }),
                "{}",
                res.body
            );
        }
        // A visitor gets 401 everywhere.
        for (endpoint, form) in &calls {
            let form: Vec<(&str, &str)> = form
                .iter()
                .map(|(k, v)| {
                    (
                        *k,
                        if *v == "__EMAIL__" {
                            "visiteur@demo.greffe.fr"
                        } else {
                            *v
                        },
                    )
                })
                .collect();
            let res = app.post(&format!("/api/{endpoint}"), &form, None).await;
            assert_eq!((endpoint, res.status.as_u16()), (endpoint, 401), "{}", res.body);
            assert_eq!(res.error(), AppError::Unauthorized);
        }
        for (n, caller) in callers(&app).await.into_iter().enumerate() {
            let cookie = app.login(&caller.email).await;
            let new_email = format!("nouveau{n}@demo.greffe.fr");
            for (endpoint, form) in &calls {
                let form: Vec<(&str, &str)> = form
                    .iter()
                    .map(|(k, v)| (*k, if *v == "__EMAIL__" { new_email.as_str() } else { *v }))
                    .collect();
                let res = app.post(&format!("/api/{endpoint}"), &form, Some(&cookie)).await;
                let got = match res.status.as_u16() {
                    200 | 409 | 422 => Expect::Ok,
                    403 => Expect::Forbidden,
                    404 => Expect::NotFound,
                    s => panic!("{} on {endpoint}: unexpected {s}: {}", caller.email, res.body),
                };
                let want = expected(endpoint, caller.role, caller.at);
                assert_eq!(
                    got, want,
                    "{} ({:?}) on {endpoint} [{:?}]: {}",
                    caller.email, caller.role, app.backend, res.body
                );
                match got {
                    Expect::Forbidden => assert_eq!(res.error(), AppError::Forbidden),
                    Expect::NotFound => assert!(matches!(res.error(), AppError::NotFound(_))),
                    Expect::Ok | Expect::Redirect => {}
                }
            }
            for (endpoint, body) in &json_calls {
                let res = app.post_json(&format!("/api/{endpoint}"), body, Some(&cookie)).await;
                let got = match res.status.as_u16() {
                    200 | 409 | 422 => Expect::Ok,
                    403 => Expect::Forbidden,
                    404 => Expect::NotFound,
                    s => panic!("{} on {endpoint}: unexpected {s}: {}", caller.email, res.body),
                };
                let want = expected(endpoint, caller.role, caller.at);
                assert_eq!(
                    got, want,
                    "{} ({:?}) on {endpoint} [{:?}]: {}",
                    caller.email, caller.role, app.backend, res.body
                );
            }
        }
        app
    })
    .await;
}

#[tokio::test]
async fn lists_never_show_another_juridictions_records() {
    on_each_backend(|app| async move {
        let lyon_audience = lyon_audience(&app).await;
        let lyon_greffier = app.login("greffier.lyon@demo.greffe.fr").await;
        let strasbourg = app.login("greffier.strasbourg@demo.greffe.fr").await;
        let theirs: Vec<AudienceSummary> = app.post("/api/mes_audiences", &[], Some(&strasbourg)).await.json();
        assert!(!theirs.is_empty());
        assert!(theirs.iter().all(|a| a.id != lyon_audience));
        let mine: Vec<AudienceSummary> = app.post("/api/mes_audiences", &[], Some(&lyon_greffier)).await.json();
        assert!(mine.iter().all(|a| theirs.iter().all(|b| a.id != b.id)));

        let admin = app.login("admin.strasbourg@demo.greffe.fr").await;
        let users: Vec<UserSummary> = app.post("/api/utilisateurs", &[], Some(&admin)).await.json();
        let strasbourg_id = app.juridiction("164").await;
        assert_eq!(users.len(), 6);
        assert!(users.iter().all(|u| u.juridiction_id == strasbourg_id));
        let journal: Vec<AuditEntry> = app.post("/api/journal", &[], Some(&admin)).await.json();
        assert!(
            journal
                .iter()
                .any(|e| e.actor.as_deref() == Some("greffier.strasbourg@demo.greffe.fr"))
        );
        assert!(
            journal
                .iter()
                .all(|e| !e.actor.as_deref().unwrap_or_default().contains(".lyon@")),
            "{journal:?}"
        );

        let conseiller = app.login("magistrat-siege.cassation@demo.greffe.fr").await;
        let dossiers: Vec<PourvoiSummary> = app.post("/api/mes_pourvois", &[], Some(&conseiller)).await.json();
        assert!(!dossiers.is_empty(), "the demo assigns pourvois to every conseiller");
        assert!(dossiers.iter().all(|p| p.stade.code() != "arret"));
        app
    })
    .await;
}

#[tokio::test]
async fn an_admin_creates_accounts_only_in_their_juridiction_with_valid_data() {
    on_each_backend(|app| async move {
        let admin = app.login("admin.lyon@demo.greffe.fr").await;
        let create = |email: &'static str, role: &'static str, password: &'static str| {
            let app = &app;
            let admin = admin.clone();
            async move {
                app.post(
                    "/api/utilisateur_creer",
                    &[
                        ("email", email),
                        ("display_name", "Anne Martin"),
                        ("role", role),
                        ("password", password),
                    ],
                    Some(&admin),
                )
                .await
            }
        };
        let res = create("anne.martin@justice.fr", "greffier", "cheval-agrafe-violet").await;
        let id: i64 = res.json();
        assert!(id > 0);
        // The new account works and lands in Lyon.
        let cookie = {
            let res = app
                .post(
                    "/api/connexion",
                    &[
                        ("email", "anne.martin@justice.fr"),
                        ("password", "cheval-agrafe-violet"),
                    ],
                    None,
                )
                .await;
            res.session_cookie().unwrap().split(';').next().unwrap().to_owned()
        };
        let me = app
            .post("/api/moi", &[], Some(&cookie))
            .await
            .json::<Option<app::domain::account::CurrentUser>>()
            .unwrap();
        assert_eq!(me.juridiction_id, app.juridiction("167").await);

        for (email, role, password, field) in [
            ("anne.martin@justice.fr", "greffier", "cheval-agrafe-violet", None),
            ("pas-une-adresse", "greffier", "cheval-agrafe-violet", Some("email")),
            ("bob@justice.fr", "juge", "cheval-agrafe-violet", Some("role")),
            ("bob@justice.fr", "greffier", "court", Some("password")),
        ] {
            let res = create(email, role, password).await;
            match (field, res.error()) {
                (None, AppError::Conflict(m)) => assert!(m.contains("existe déjà"), "{m}"),
                (Some(f), AppError::Validation { field, .. }) => assert_eq!(field, f),
                (f, e) => panic!("{email}/{role}: expected {f:?}, got {e:?}"),
            }
        }
        app
    })
    .await;
}

/// Every registered server function has a line in the matrix (sign-in and session ones
/// excepted: they are what the matrix stands on, and are tested in `auth`).
#[test]
fn the_matrix_names_every_server_function() {
    const OUTSIDE: [&str; 3] = ["connexion", "deconnexion", "moi"];
    let mut names: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/"))
        .filter(|n| !OUTSIDE.contains(n))
        .collect();
    names.sort();
    assert!(names.len() > 20, "{names:?}");
    for name in names {
        let known = std::panic::catch_unwind(|| expected(name, Greffier, At::Lyon)).is_ok();
        assert!(known, "{name} is missing from the access matrix");
    }
}

/// Who may fetch what over the plain HTTP routes (documents, pièces, exports, the event
/// stream), written out like `expected`: `Ok` is 200 or a refusal of the record on business
/// grounds (422: no decision yet, not fixed to a séance).
fn expected_route(route: &str, role: Role, at: At) -> Expect {
    use Expect::*;
    let reads_cases = matches!(
        role,
        Greffier | MagistratSiege | MagistratParquet | Dsgj | ChefJuridiction
    );
    let cass_reader = at == At::Cassation && reads_cases;
    match route {
        // Lyon's hearing records: its readers; another juridiction's reader finds nothing.
        "note-audience" | "role" | "lot-audience" | "jugement" | "extrait" | "fiche-casier" | "convocation" => {
            match (reads_cases, at == At::Lyon) {
                (false, _) => Forbidden,
                (true, true) => Ok,
                (true, false) => NotFound,
            }
        }
        // Documents of the Cour de cassation: its readers.
        "avis-fixation" => {
            if cass_reader {
                Ok
            } else {
                Forbidden
            }
        }
        "role-seance" => {
            if cass_reader {
                NotFound
            } else {
                Forbidden
            }
        }
        "certificat-non-pourvoi" => {
            if at == At::Cassation && role == Greffier {
                Ok
            } else {
                Forbidden
            }
        }
        // A letter or a bordereau (none by that id): the greffes that send them.
        "notification" | "bordereau" => {
            if app::domain::dispatch::may_dispatch(role, at == At::Cassation) {
                NotFound
            } else {
                Forbidden
            }
        }
        // A pièce of a Cour de cassation dossier (none by that id): its readers are told it
        // does not exist, like anyone else who reads cases.
        "piece" => {
            if reads_cases {
                NotFound
            } else {
                Forbidden
            }
        }
        "flux-dossier" => match (cass_reader, reads_cases) {
            (true, _) => Ok,
            (false, true) => NotFound,
            (false, false) => Forbidden,
        },
        "flux" => {
            if reads_cases {
                Ok
            } else {
                Forbidden
            }
        }
        // Lyon's figures: its direction and admin, and the direction of its cour d'appel.
        "export" => match role {
            Dsgj | ChefJuridiction if at == At::Lyon || at == At::CourLyon => Ok,
            Admin if at == At::Lyon => Ok,
            _ => Forbidden,
        },
        other => panic!("no expectation for route {other}"),
    }
}

#[tokio::test]
async fn every_route_checks_session_role_and_juridiction() {
    use http::StatusCode;
    on_each_backend(|app| async move {
        let audience = lyon_audience(&app).await;
        let affaire = lyon_affaire(&app, &audience).await;
        let pourvoi = cassation_pourvoi(&app).await;
        let lyon = app.juridiction("167").await;
        let routes = [
            ("note-audience", format!("/documents/note-audience?id={audience}&format=pdf")),
            ("role", format!("/documents/role?id={audience}&format=odt")),
            ("lot-audience", format!("/documents/lot-audience?id={audience}&format=odt")),
            ("jugement", format!("/documents/jugement?id={affaire}&format=pdf")),
            ("extrait", format!("/documents/extrait?id={affaire}&prevenu=x&format=pdf")),
            ("fiche-casier", format!("/documents/fiche-casier?id={affaire}&prevenu=x&format=pdf")),
            ("convocation", format!("/documents/convocation?id={affaire}&prevenu=x&format=odt")),
            ("avis-fixation", format!("/documents/avis-fixation?id={pourvoi}&format=pdf")),
            ("role-seance", "/documents/role-seance?id=x&format=pdf".to_owned()),
            (
                "certificat-non-pourvoi",
                "/documents/certificat-non-pourvoi?juridiction=Cour%20d%27appel%20de%20Lyon&date=2026-01-02&numero=1&format=pdf"
                    .to_owned(),
            ),
            ("notification", "/documents/notification?id=x&format=pdf".to_owned()),
            ("bordereau", "/documents/bordereau?id=x&format=pdf".to_owned()),
            ("piece", format!("/pourvois/{pourvoi}/pieces/x")),
            ("flux-dossier", format!("/flux?pourvoi={pourvoi}")),
            ("flux", "/flux".to_owned()),
            ("export", format!("/pilotage/export?indicateur=affaires&juridiction={lyon}&format=csv")),
        ];
        for (route, path) in &routes {
            let (status, _) = app.open_stream(path, "greffe_session=aucune", None).await;
            assert_eq!((route, status), (route, StatusCode::UNAUTHORIZED), "a visitor");
        }
        for caller in callers(&app).await {
            let cookie = app.login(&caller.email).await;
            for (route, path) in &routes {
                let (status, _) = app.open_stream(path, &cookie, None).await;
                let got = match status.as_u16() {
                    200 | 422 => Expect::Ok,
                    403 => Expect::Forbidden,
                    404 => Expect::NotFound,
                    s => panic!("{} on {route}: unexpected {s}", caller.email),
                };
                assert_eq!(
                    got,
                    expected_route(route, caller.role, caller.at),
                    "{} ({:?}) on {route} [{:?}]",
                    caller.email,
                    caller.role,
                    app.backend
                );
            }
        }
        app
    })
    .await;
}

/// The route matrix covers every route of the router and every kind of document: a route
/// added to `startup.rs`, or a document added to the domain, without a line above fails here.
#[test]
fn the_route_matrix_names_every_route_and_document() {
    // Files of the application, the same for everyone, without personal data.
    const PUBLIC: [&str; 5] = [
        "/healthz",
        "/openapi.json",
        "/sw.js",
        "/hors-ligne.html",
        "/hors-ligne-demarrage.js",
    ];
    // Filing a pièce (multipart): who files what, on which dossier, is walked by
    // dossiers::a_dossier_is_oriented_distributed_instructed_and_decided and the assignment tests.
    const OWN_TESTS: [&str; 1] = ["POST /pourvois/{id}/pieces"];
    // The paths the matrix opens (`every_route_checks_session_role_and_juridiction`).
    const MATRIX: [&str; 4] = [
        "GET /documents/{kind}",
        "GET /pourvois/{id}/pieces/{piece}",
        "GET /flux",
        "GET /pilotage/export",
    ];
    let router = include_str!("../../src/startup.rs");
    let mut routes = Vec::new();
    for chunk in router.split(".route(").skip(1) {
        let Some((path, rest)) = chunk.trim_start().strip_prefix('"').and_then(|r| r.split_once('"')) else {
            continue;
        };
        let method = if rest.trim_start_matches([',', ' ', '\n']).starts_with("post(") {
            "POST"
        } else {
            "GET"
        };
        routes.push(format!("{method} {path}"));
    }
    assert!(routes.len() >= 10, "{routes:?}");
    for route in &routes {
        let path = route.split_once(' ').unwrap().1;
        assert!(
            PUBLIC.contains(&path) || OWN_TESTS.contains(&route.as_str()) || MATRIX.contains(&route.as_str()),
            "{route} is missing from the route matrix"
        );
    }
    for (kind, _) in app::domain::document::KINDS {
        // Each kind has its expectation (a kind without one panics there).
        let _ = expected_route(kind, Greffier, At::Lyon);
    }
}
