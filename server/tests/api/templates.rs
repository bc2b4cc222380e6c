//! Document templates per juridiction, on both backends: a version is tried on real records
//! before it is saved, put in force, taken back; one that fails leaves the one in force; the
//! documents follow the version in force; who may do what; admins at once.

use crate::documents::pdf_text;
use crate::helpers::{TestApp, on_each_backend, paris_today};
use app::domain::document::template::{Preview, TemplateLine, TemplateView};
use app::error::AppError;
use base64::Engine;
use serde_json::json;

const ADMIN: &str = "admin.lyon@demo.greffe.fr";
const GREFFIER: &str = "greffier.lyon@demo.greffe.fr";

/// Greffe's template with the greffe's address under the header.
fn with_address(default: &str, address: &str) -> String {
    let at = default.find("  v(1.4em)").expect("the default template's header");
    format!(
        "{}  align(center, text(size: 9pt, \"{address}\"))\n{}",
        &default[..at],
        &default[at..]
    )
}

async fn view(app: &TestApp, admin: &str, nature: &str) -> TemplateView {
    app.post("/api/modele", &[("nature", nature)], Some(admin)).await.json()
}

async fn save(app: &TestApp, admin: &str, nature: &str, source: &str, comment: &str) -> crate::helpers::TestResponse {
    app.post_json(
        "/api/modele_enregistrer",
        &json!({ "nature": nature, "source": source, "commentaire": comment }),
        Some(admin),
    )
    .await
}

async fn activate(app: &TestApp, admin: &str, nature: &str, version: &str, attendu: &str) -> u16 {
    app.post(
        "/api/modele_mettre_en_vigueur",
        &[("nature", nature), ("version", version), ("attendu", attendu)],
        Some(admin),
    )
    .await
    .status
    .as_u16()
}

/// An audience of the greffier's court `days` from today with one prévenu; its id.
async fn audience(app: &TestApp, g: &str, nom: &str, days: i64) -> String {
    let id: String = app
        .post_json(
            "/api/audience_creer",
            &json!({ "form": {
                "date": (paris_today() + chrono::Duration::days(days)).to_string(), "heure_debut": "09:00",
                "chambre": "Chambre des modèles", "formation": "juge_unique", "president": "Mme Présidente",
                "assesseurs": "", "ministere_public": "M. Procureur", "greffier": "Mme Greffière",
                "prevues": "4", "maximum": "10", "duree_estimee_min": "60" } }),
            Some(g),
        )
        .await
        .json();
    let csv = format!(
        "numero_parquet;rang;nom;prenom;date_naissance;statut;mode_poursuite;mode_comparution;natinf;qualification;date_faits\n\
         25/0770001;1;{nom};Anna;12/03/1990;libre;COPJ;CMP;11886;;02/05/2025\n"
    );
    let res = app
        .post_json(
            "/api/role_importer",
            &json!({ "audience_id": id, "format": "csv", "contenu": csv, "confirmer": true }),
            Some(g),
        )
        .await;
    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
    id
}

async fn role_text(app: &TestApp, g: &str, id: &str, tag: &str) -> String {
    pdf_text(
        &app.get_bytes(&format!("/documents/role?id={id}&format=pdf"), Some(g))
            .await,
        tag,
    )
}

#[tokio::test]
async fn a_juridiction_adapts_its_documents_version_by_version() {
    on_each_backend(|app| async move {
        let admin = app.login(ADMIN).await;
        let g = app.login(GREFFIER).await;
        let id = audience(&app, &g, "ZZMODELE", -400).await;
        let list: Vec<TemplateLine> = app.post("/api/modeles", &[], Some(&admin)).await.json();
        assert_eq!(list[0].nature, "commun");
        assert!(list.iter().any(|l| l.nature == "jugement" && l.en_vigueur == "Modèle de Greffe"));
        assert!(!list.iter().any(|l| l.nature == "avis-fixation"), "a tribunal has no avis de fixation");
        let t = view(&app, &admin, "role").await;
        assert!(t.versions.is_empty() && t.en_vigueur.is_none());
        let v1 = with_address(&t.defaut, "Greffe correctionnel, 67 rue Servient, 69003 Lyon");

        // Tried on the juridiction's latest real rôle before anything is saved.
        let p: Preview = app
            .post_json("/api/modele_apercu", &json!({ "nature": "role", "source": v1 }), Some(&admin))
            .await
            .json();
        let pdf = base64::engine::general_purpose::STANDARD.decode(&p.pdf_base64).unwrap();
        assert_eq!(pdf.len() as i64, p.octets);
        let text = pdf_text(&pdf, "apercu");
        assert!(text.contains("67 rue Servient") && text.contains("APERÇU"), "{text}");
        assert!(p.exemple.contains("Rôle"), "{}", p.exemple);

        // A template that does not compile, or reads a file: refused with where and why,
        // nothing saved.
        for (bad, why) in [
            ("#let render(data) = {\n  oops(\n}", "ligne"),
            ("#let render(data) = read(\"/etc/passwd\")", "modèle"),
            ("#let render(data) = { let i = 0; while i >= 0 { i += 1 } }", "infinite"),
        ] {
            let res = save(&app, &admin, "role", bad, "Essai").await;
            assert_eq!(res.status.as_u16(), 422, "{}", res.body);
            assert!(
                matches!(res.error(), AppError::Validation { ref field, ref message } if field == "source" && message.contains(why)),
                "{}",
                res.body
            );
        }
        assert!(view(&app, &admin, "role").await.versions.is_empty());
        let res = save(&app, &admin, "role", &v1, "  ").await;
        assert_eq!(res.status.as_u16(), 422, "a version says what it changes");

        // Saved: version 1, not yet in force.
        let n: i32 = save(&app, &admin, "role", &v1, "Adresse du greffe").await.json();
        assert_eq!(n, 1);
        assert!(!role_text(&app, &g, &id, "avant").await.contains("Servient"));
        let t = view(&app, &admin, "role").await;
        let first = t.versions[0].id.clone();
        assert_eq!(activate(&app, &admin, "role", &first, "").await, 200);
        let text = role_text(&app, &g, &id, "v1").await;
        assert!(text.contains("67 rue Servient") && text.contains("ZZMODELE"), "{text}");
        // Another page still showing Greffe's default cannot overwrite the change.
        assert_eq!(activate(&app, &admin, "role", "", "").await, 409);

        // Version 2, in force; then back to 1; then back to Greffe's.
        let v2 = with_address(&t.defaut, "Greffe correctionnel, 1 place du Palais, 69005 Lyon");
        let n: i32 = save(&app, &admin, "role", &v2, "Déménagement").await.json();
        assert_eq!(n, 2);
        let t = view(&app, &admin, "role").await;
        let second = t.versions[0].id.clone();
        assert_eq!((t.versions[0].version, t.versions[1].en_vigueur), (2, true));
        assert_eq!(activate(&app, &admin, "role", &second, &first).await, 200);
        assert!(role_text(&app, &g, &id, "v2").await.contains("1 place du Palais"));
        assert_eq!(activate(&app, &admin, "role", &first, &second).await, 200);
        assert!(role_text(&app, &g, &id, "retour").await.contains("67 rue Servient"));
        assert_eq!(activate(&app, &admin, "role", "", &first).await, 200);
        let text = role_text(&app, &g, &id, "defaut").await;
        assert!(!text.contains("Servient") && text.contains("ZZMODELE"), "{text}");
        let t = view(&app, &admin, "role").await;
        assert!(t.en_vigueur.is_none() && t.versions.len() == 2 && t.depuis.contains("le "));

        // A common template that fails on one document's data (this audience's prévenu) is
        // in force for the others; this one is laid out by Greffe's, never refused.
        let trap = with_address(&t.defaut, "Adresse commune").replacen(
            "#let render(data) = {",
            "#let render(data) = {\n  if repr(data).contains(\"ZZMODELE\") { panic(\"donnée imprévue\") }",
            1,
        );
        let n: i32 = save(&app, &admin, "commun", &trap, "Adresse commune").await.json();
        assert_eq!(n, 1);
        let common = view(&app, &admin, "commun").await.versions[0].id.clone();
        assert_eq!(activate(&app, &admin, "commun", &common, "").await, 200);
        let text = role_text(&app, &g, &id, "secours").await;
        assert!(text.contains("ZZMODELE") && !text.contains("Adresse commune"), "{text}");

        // Each action is in the audit log.
        for (action, n) in [("modele_enregistrer", 3), ("modele_mettre_en_vigueur", 5)] {
            let log: Vec<app::domain::account::AuditEntry> =
                app.post("/api/journal", &[("action", action)], Some(&admin)).await.json();
            assert_eq!(log.len(), n, "{action}: {log:?}");
        }
        app
    })
    .await;
}

#[tokio::test]
async fn a_template_is_tried_on_a_real_record_whose_people_are_unnamed() {
    on_each_backend(|app| async move {
        let admin = app.login("admin.strasbourg@demo.greffe.fr").await;
        let g = app.login("greffier.strasbourg@demo.greffe.fr").await;
        // The court's latest rôle.
        let id = audience(&app, &g, "ZZSECRET", 400).await;
        let t = view(&app, &admin, "role").await;
        let p: Preview = app
            .post_json(
                "/api/modele_apercu",
                &json!({ "nature": "role", "source": t.defaut }),
                Some(&admin),
            )
            .await
            .json();
        let text = pdf_text(
            &base64::engine::general_purpose::STANDARD.decode(&p.pdf_base64).unwrap(),
            "masque",
        );
        assert!(text.contains("Chambre des modèles") && text.contains("*****"), "{text}");
        for name in ["ZZSECRET", "Anna", "Présidente"] {
            assert!(!text.contains(name), "{name} in the preview: {text}");
        }
        assert!(p.exemple.contains("noms masqués"), "{}", p.exemple);
        // The admin reads no case otherwise.
        let res = app
            .get(&format!("/documents/role?id={id}&format=pdf"), Some(&admin))
            .await;
        assert_eq!(res.status.as_u16(), 403);
        app
    })
    .await;
}

#[tokio::test]
async fn a_template_cannot_take_the_server_down() {
    on_each_backend(|app| async move {
        let admin = app.login(ADMIN).await;
        // Memory (a string of 100 GB) and time (a loop of 10^12 steps) beyond the composer's
        // limits: refused in French, and the server answers the next request.
        for source in [
            "#let render(data) = { let s = \"x\" * 100000000000; [#s] }",
            "#let render(data) = { for i in range(1000000) { for j in range(1000000) { } } }",
        ] {
            let res = app
                .post_json(
                    "/api/modele_apercu",
                    &json!({ "nature": "role", "source": source }),
                    Some(&admin),
                )
                .await;
            assert_eq!(res.status.as_u16(), 422, "{}", res.body);
            assert!(res.body.contains("dépasse"), "{}", res.body);
        }
        let list: Vec<TemplateLine> = app.post("/api/modeles", &[], Some(&admin)).await.json();
        assert!(!list.is_empty());
        app
    })
    .await;
}

#[tokio::test]
async fn only_the_juridictions_admin_adapts_its_templates() {
    on_each_backend(|app| async move {
        let admin = app.login(ADMIN).await;
        let t = view(&app, &admin, "jugement").await;
        let source = with_address(&t.defaut, "Lyon");
        let _: i32 = save(&app, &admin, "jugement", &source, "Lyon").await.json();
        let lyon_version = view(&app, &admin, "jugement").await.versions[0].id.clone();
        let g = app.login(GREFFIER).await;
        for cookie in [Some(g.as_str()), None] {
            let res = save(&app, cookie.unwrap_or(""), "jugement", &source, "x").await;
            assert!(matches!(res.status.as_u16(), 401 | 403), "{}", res.body);
        }
        let res = app.post("/api/modele", &[("nature", "jugement")], Some(&g)).await;
        assert_eq!(res.status.as_u16(), 403);
        // Another juridiction's admin neither sees nor puts in force Lyon's versions.
        let other = app.login("admin.strasbourg@demo.greffe.fr").await;
        assert!(view(&app, &other, "jugement").await.versions.is_empty());
        assert_eq!(activate(&app, &other, "jugement", &lyon_version, "").await, 404);
        // Kinds that are not this juridiction's, or not documents.
        for nature in ["avis-fixation", "lot-audience", "../../etc/passwd", ""] {
            let res = save(&app, &admin, nature, &source, "x").await;
            assert_eq!(res.status.as_u16(), 404, "{nature}: {}", res.body);
            assert_eq!(activate(&app, &admin, nature, "", "").await, 404, "{nature}");
        }
        let cassation = app.login("admin.cassation@demo.greffe.fr").await;
        let t = view(&app, &cassation, "avis-fixation").await;
        let p = app
            .post_json(
                "/api/modele_apercu",
                &json!({ "nature": "avis-fixation", "source": t.defaut }),
                Some(&cassation),
            )
            .await;
        assert_eq!(p.status.as_u16(), 200, "{}", p.body);
        app
    })
    .await;
}

#[tokio::test]
async fn admins_saving_at_once_each_get_a_version_and_one_change_wins() {
    on_each_backend(|app| async move {
        let admin = app.login(ADMIN).await;
        let t = view(&app, &admin, "extrait").await;
        let saves = (0..6).map(|i| {
            let (app, admin, source) = (&app, &admin, with_address(&t.defaut, &format!("Adresse {i}")));
            async move { save(app, admin, "extrait", &source, &format!("Version simultanée {i}")).await }
        });
        let results = futures::future::join_all(saves).await;
        let mut numbers: Vec<i32> = results.iter().map(|r| r.json()).collect();
        numbers.sort();
        assert_eq!(
            numbers,
            vec![1, 2, 3, 4, 5, 6],
            "[{:?}] every save kept, each its own number",
            app.backend
        );
        let t = view(&app, &admin, "extrait").await;
        assert_eq!(t.versions.len(), 6);
        let ids: Vec<String> = t.versions.iter().map(|v| v.id.clone()).collect();
        let changes = ids.iter().map(|id| {
            let (app, admin) = (&app, &admin);
            async move { activate(app, admin, "extrait", id, "").await }
        });
        let mut statuses = futures::future::join_all(changes).await;
        statuses.sort();
        assert_eq!(statuses, vec![200, 409, 409, 409, 409, 409], "[{:?}]", app.backend);
        let t = view(&app, &admin, "extrait").await;
        assert_eq!(t.versions.iter().filter(|v| v.en_vigueur).count(), 1);
        assert!(t.en_vigueur.is_some());
        app
    })
    .await;
}
